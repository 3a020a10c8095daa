/** Secrets in code and configuration: ORMs and drivers, infrastructure as code, compose and CI, data tools. */
import type { SecretClass } from './types'
import { CHAT_SINKS, TEXT_SINKS } from './types'
import { alnum, awsKeyId, awsSecret, b64, b64bytes, db, hex, host, person, safePassword, user, uuid, lower } from './values'

const fence = (lang: string, body: string): string => `\`\`\`${lang}\n${body}\n\`\`\``

export const codeSecretClasses: readonly SecretClass[] = [
  {
    name: 'orm-and-driver-code',
    context: 'code',
    sinks: [...CHAT_SINKS, 'saved_queries.query_text'],
    templates: [
      (r) => { const p = safePassword(r); return [fence('prisma', `datasource db {\n  provider = "postgresql"\n  url      = "postgresql://${user(r)}:${p}@${host(r)}:5432/${db(r)}"\n}`), [p]] },
      (r) => { const p = safePassword(r); return [`const sequelize = new Sequelize('${db(r)}', '${user(r)}', '${p}', { host: '${host(r)}', dialect: 'mariadb' })`, [p]] },
      (r) => { const p = safePassword(r); return [`export const AppDataSource = new DataSource({\n  type: "mysql",\n  host: "${host(r)}",\n  username: "${user(r)}",\n  password: "${p}",\n  database: "${db(r)}",\n})`, [p]] },
      (r) => { const p = safePassword(r); return [`engine = create_engine(URL.create("postgresql+psycopg", username="${user(r)}", password="${p}", host="${host(r)}", database="${db(r)}"))`, [p]] },
      (r) => { const p = safePassword(r); return [`DATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.postgresql",\n        "NAME": "${db(r)}",\n        "USER": "${user(r)}",\n        "PASSWORD": "${p}",\n        "HOST": "${host(r)}",\n    }\n}`, [p]] },
      (r) => { const p = safePassword(r); return [`const knex = require('knex')({ client: 'pg', connection: { host: '${host(r)}', user: '${user(r)}', password: '${p}', database: '${db(r)}' } })`, [p]] },
      (r) => { const p = safePassword(r); return [`spring.datasource.url=jdbc:postgresql://${host(r)}:5432/${db(r)}\nspring.datasource.username=${user(r)}\nspring.datasource.password=${p}`, [p]] },
      (r) => { const p = safePassword(r); return [`dsn := "${user(r)}:${p}@tcp(${host(r)}:3306)/${db(r)}?parseTime=true"\ndb, err := gorm.Open(mysql.Open(dsn), &gorm.Config{})`, [p]] },
      (r) => { const p = safePassword(r); return [`optionsBuilder.UseSqlServer("Server=${host(r)};Database=${db(r)};User Id=${user(r)};Password=${p};");`, [p]] },
      (r) => { const p = safePassword(r); return [`$pdo = new PDO("pgsql:host=${host(r)};dbname=${db(r)}", "${user(r)}", "${p}", [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);`, [p]] },
      (r) => { const p = safePassword(r); return [`val ds = HikariDataSource().apply {\n    jdbcUrl = "jdbc:mariadb://${host(r)}/${db(r)}"\n    username = "${user(r)}"\n    password = "${p}"\n}`, [p]] },
      (r) => { const p = safePassword(r); return [`conn = snowflake.connector.connect(user='${user(r)}', password='${p}', account='xy${lower(r, 5)}-eu1', warehouse='ETL_WH')`, [p]] },
      (r) => { const p = safePassword(r); return [`let pool = PgPoolOptions::new().connect("postgres://${user(r)}:${p}@${host(r)}/${db(r)}").await?;`, [p]] },
      (r) => { const p = safePassword(r); return [`ActiveRecord::Base.establish_connection(adapter: "postgresql", host: "${host(r)}", username: "${user(r)}", password: "${p}", database: "${db(r)}")`, [p]] },
      (r) => { const p = safePassword(r); return [`client = MongoClient(host="${host(r)}", username="${user(r)}", password="${p}", authSource="admin", tls=True)`, [p]] },
    ],
  },
  {
    name: 'iac-ansible-helm',
    context: 'config',
    sinks: [...CHAT_SINKS, 'saved_queries.description'],
    templates: [
      (r) => { const p = safePassword(r); return [`resource "aws_db_instance" "${db(r)}" {\n  engine            = "postgres"\n  instance_class    = "db.t4g.medium"\n  username          = "${user(r)}"\n  password          = "${p}"\n  allocated_storage = 100\n}`, [p]] },
      (r) => { const p = safePassword(r); return [`- name: create app user\n  community.mysql.mysql_user:\n    name: ${user(r)}\n    password: "${p}"\n    priv: "${db(r)}.*:ALL"\n    host: "%"`, [p]] },
      (r) => { const p = safePassword(r); return [`# values-prod.yaml\npostgresql:\n  auth:\n    username: ${user(r)}\n    password: ${p}\n    postgresPassword: ${safePassword(r)}\n    database: ${db(r)}`, [p]] },
      (r) => { const p = safePassword(r); return [`  MasterUsername: ${user(r)}\n  MasterUserPassword: '${p}'\n  DBInstanceClass: db.r6g.large`, [p]] },
      (r) => { const t = alnum(r, 14) + '.atlasv1.' + alnum(r, 67); return [`credentials "app.terraform.io" {\n  token = "${t}"\n}`, [t]] },
      (r) => { const p = safePassword(r); return [`pulumi config set --plaintext ${db(r)}:dbPassword ${p}`, [p]] },
      (r) => { const p = safePassword(r); return [`group_vars/db.yml\n---\nmysql_root_password: ${p}\nmysql_databases:\n  - name: ${db(r)}`, [p]] },
      (r) => { const p = safePassword(r); return [`helm upgrade --install pg bitnami/postgresql --set auth.postgresPassword=${p} --set primary.persistence.size=50Gi`, [p]] },
      (r) => { const t = 'hvs.' + r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-', 90); return [`provider "vault" {\n  address = "https://vault.acme.io:8200"\n  token   = "${t}"\n}`, [t]] },
      (r) => { const t = r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-', 40); return [`provider "cloudflare" {\n  api_token = "${t}"\n}`, [t]] },
      (r) => { const p = safePassword(r); return [`resource "azurerm_mssql_server" "main" {\n  administrator_login          = "sqladmin"\n  administrator_login_password = "${p}"\n}`, [p]] },
      (r) => { const p = safePassword(r); return [`apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${db(r)}-db\ntype: Opaque\ndata:\n  password: ${b64(p)}`, [b64(p)]] },
      (r) => { const p = safePassword(r); return [`terraform apply -var="db_password=${p}" -auto-approve`, [p]] },
      (r) => { const p = safePassword(r); return [`ansible-playbook site.yml -e "pg_password=${p}" --limit dbservers`, [p]] },
      (r) => { const t = 'dop_v1_' + hex(r, 64); return [`provider "digitalocean" {\n  token = "${t}"\n}`, [t]] },
    ],
  },
  {
    name: 'compose-and-ci-pipelines',
    context: 'config',
    sinks: [...CHAT_SINKS, 'saved_queries.description'],
    templates: [
      (r) => { const p = safePassword(r); return [`services:\n  db:\n    image: postgres:17\n    environment:\n      POSTGRES_USER: ${user(r)}\n      POSTGRES_PASSWORD: ${p}\n    ports: ["5432:5432"]`, [p]] },
      (r) => { const p = safePassword(r); return [`  mssql:\n    image: mcr.microsoft.com/mssql/server:2022-latest\n    environment:\n      - ACCEPT_EULA=Y\n      - MSSQL_SA_PASSWORD=${p}`, [p]] },
      (r) => { const p = safePassword(r); return [`jobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      DATABASE_URL: postgres://ci:${p}@localhost:5432/ci\n    steps:\n      - uses: actions/checkout@v4`, [p]] },
      (r) => { const t = 'ghp_' + alnum(r, 36); return [`      - name: checkout private submodule\n        run: git clone https://x-access-token:${t}@github.com/acme/${db(r)}-schemas.git`, [t]] },
      (r) => { const p = safePassword(r); return [`variables:\n  MYSQL_ROOT_PASSWORD: "${p}"\n  MYSQL_DATABASE: ${db(r)}\ntest:\n  services: [mysql:8.4]`, [p]] },
      (r) => { const k = awsKeyId(r), s = awsSecret(r); return [`env:\n  AWS_ACCESS_KEY_ID: ${k}\n  AWS_SECRET_ACCESS_KEY: ${s}\n  AWS_REGION: eu-west-1`, [s]] },
      (r) => { const p = safePassword(r); return [`docker run -d --name ch -e CLICKHOUSE_PASSWORD=${p} -p 8123:8123 clickhouse/clickhouse-server`, [p]] },
      (r) => { const t = 'npm_' + alnum(r, 36); return [`- run: echo "//registry.npmjs.org/:_authToken=${t}" > ~/.npmrc`, [t]] },
      (r) => { const p = safePassword(r); return [`pipeline {\n  environment { DB_PASS = '${p}' }\n  stages { stage('migrate') { steps { sh 'flyway migrate' } } }\n}`, [p]] },
      (r) => { const p = safePassword(r); return [`steps:\n- script: sqlcmd -S $(dbServer) -U deploy -P '${p}' -i migrate.sql\n  displayName: Run migrations`, [p]] },
      (r) => { const t = 'dckr_pat_' + r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-', 27); return [`echo "${t}" | docker login -u acmebot --password-stdin`, [t]] },
      (r) => { const p = safePassword(r); return [`version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/node:22.11\n      - image: cimg/postgres:17.0\n        environment:\n          POSTGRES_PASSWORD: ${p}`, [p]] },
      (r) => { const p = safePassword(r); return [`FROM mysql:8.4\nENV MYSQL_ROOT_PASSWORD=${p}\nCOPY schema.sql /docker-entrypoint-initdb.d/`, [p]] },
      (r) => { const t = 'glpat-' + r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-', 20); return [`include:\n  - remote: 'https://oauth2:${t}@gitlab.acme.io/platform/ci/-/raw/main/db.yml'`, [t]] },
      (r) => { const p = safePassword(r); return [`  redis:\n    image: redis:7\n    command: ["redis-server", "--requirepass", "${p}"]`, [p]] },
    ],
  },
  {
    name: 'data-tool-configs',
    context: 'config',
    sinks: [...CHAT_SINKS, 'saved_queries.query_text'],
    templates: [
      (r) => { const p = safePassword(r); return [`# ~/.dbt/profiles.yml\nanalytics:\n  target: prod\n  outputs:\n    prod:\n      type: postgres\n      host: ${host(r)}\n      user: ${user(r)}\n      password: ${p}\n      dbname: ${db(r)}\n      schema: marts\n      threads: 8`, [p]] },
      (r) => { const p = safePassword(r); return [`export AIRFLOW_CONN_${db(r).toUpperCase()}_DB='postgresql://${user(r)}:${p}@${host(r)}:5432/${db(r)}'`, [p]] },
      (r) => { const p = safePassword(r); return [`airflow connections add 'mssql_erp' --conn-type mssql --conn-host ${host(r)} --conn-login ${user(r)} --conn-password '${p}' --conn-port 1433`, [p]] },
      (r) => { const p = safePassword(r); return [`{"conn_id": "snowflake_default", "conn_type": "snowflake", "login": "${user(r)}", "password": "${p}", "extra": {"account": "xy12345", "warehouse": "ETL"}}`, [p]] },
      (r) => { const p = safePassword(r); return [`[client]\nuser=${user(r)}\npassword="${p}"\nhost=${host(r)}`, [p]] },
      (r) => { const p = safePassword(r); return [`${host(r)}:5432:${db(r)}:${user(r)}:${p}`, [p]] },
      (r) => { const p = safePassword(r); return [`[postgresql]\nhost = ${host(r)}\nuser = ${user(r)}\npassword = ${p}\n# metabase.ini`, [p]] },
      (r) => { const p = safePassword(r); return [`sources:\n  - name: warehouse\n    type: clickhouse\n    url: https://${host(r)}:8443\n    username: ${user(r)}\n    password: '${p}'\n# superset / grafana datasource provisioning`, [p]] },
      (r) => { const p = safePassword(r); return [`snowflake:\n  target: dev\n  outputs:\n    dev:\n      type: snowflake\n      account: xy${lower(r, 5)}.eu-central-1\n      user: ${user(r)}\n      password: "${p}"\n      role: TRANSFORMER`, [p]] },
      (r) => { const p = safePassword(r); return [`[connections.prod]\naccountname = xy${lower(r, 5)}\nusername = ${user(r)}\npassword = ${p}\n# ~/.snowsql/config`, [p]] },
      (r) => { const s = b64bytes(r, 32); return [`{\n  "type": "bigquery",\n  "method": "service-account-json",\n  "keyfile_json": { "private_key_id": "${hex(r, 40)}", "client_secret": "${s}" }\n}`, [s]] },
      (r) => { const p = safePassword(r); return [`datasources:\n  - name: Postgres\n    type: postgres\n    url: ${host(r)}:5432\n    user: grafana\n    secureJsonData:\n      password: ${p}`, [p]] },
      (r) => { const p = safePassword(r); return [`fivetran: destination ${db(r)} → host ${host(r)}, user ${user(r)}, password ${p}`, [p]] },
      (r) => { const p = safePassword(r); return [`[database]\ntype = mysql\nhost = ${host(r)}:3306\nname = grafana\nuser = grafana\npassword = """${p}"""`, [p]] },
      (r) => { const t = alnum(r, 64); return [`meltano config tap-github set auth_token ${'ghp_' + alnum(r, 36)}\nmeltano config target-snowflake set password ${t}`, [t]] },
    ],
  },
]
void uuid
void person
