/** Secrets in configuration: .env, YAML, k8s, TOML/INI/HCL, JSON, XML. */
import { anthropicKey, awsKeyId, awsSecret, database, githubPat, hexSecret, host, jwt, openaiKey, password, stripeKey, user } from './values'
import { ALNUM, B64URL, b64, base64Bytes, LOWER } from './rng'
import type { SecretClass } from './types'

const bare = (p: string): string => p.replace(/["'\\\s#;$`]/g, '')

export const configSecretClasses: readonly SecretClass[] = [
  {
    name: 'dotenv-file',
    context: 'config',
    templates: [
      (r) => { const p = bare(password(r)); return [`# .env.production\nNODE_ENV=production\nDB_HOST=${host(r)}\nDB_USER=${user(r)}\nDB_PASSWORD=${p}\nDB_NAME=${database(r)}`, [p]] },
      (r) => { const s = hexSecret(r, 64); return [`SECRET_KEY_BASE=${s}\nRAILS_LOG_TO_STDOUT=1`, [s]] },
      (r) => { const k = stripeKey(r); return [`STRIPE_SECRET_KEY="${k}"\nSTRIPE_WEBHOOK_SECRET="whsec_${r.chars(ALNUM, 32)}"`, [k]] },
      (r) => { const k = openaiKey(r); return [`export OPENAI_API_KEY=${k}\nexport OPENAI_ORG=org-${r.chars(ALNUM, 24)}`, [k]] },
      (r) => { const s = base64Bytes(r, 32); return [`NEXTAUTH_URL=https://app.${r.chars(LOWER, 6)}.com\nNEXTAUTH_SECRET=${s}`, [s]] },
      (r) => { const p = bare(password(r)); return [`MYSQL_ROOT_PASSWORD=${p}\nMYSQL_DATABASE=${database(r)}`, [p]] },
      (r) => { const s = awsSecret(r); return [`AWS_ACCESS_KEY_ID=${awsKeyId(r)}\nAWS_SECRET_ACCESS_KEY=${s}\nAWS_DEFAULT_REGION=us-east-2`, [s]] },
      (r) => { const k = anthropicKey(r); return [`ANTHROPIC_API_KEY='${k}'`, [k]] },
      (r) => { const s = r.chars(ALNUM + '-_', 48); return [`JWT_SIGNING_KEY=${s}\nJWT_TTL=3600`, [s]] },
    ],
  },
  {
    name: 'yaml-config',
    context: 'config',
    templates: [
      (r) => { const p = bare(password(r)); return [`services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: ${user(r)}\n      POSTGRES_PASSWORD: ${p}\n    ports: ["5432:5432"]`, [p]] },
      (r) => { const p = bare(password(r)); return [`production:\n  adapter: postgresql\n  host: ${host(r)}\n  database: ${database(r)}\n  username: ${user(r)}\n  password: "${p}"`, [p]] },
      (r) => { const p = bare(password(r)); return [`spring:\n  datasource:\n    url: jdbc:postgresql://${host(r)}:5432/${database(r)}\n    username: ${user(r)}\n    password: ${p}`, [p]] },
      (r) => { const t = githubPat(r); return [`jobs:\n  release:\n    runs-on: ubuntu-latest\n    env:\n      GH_TOKEN: ${t}\n    steps:\n      - run: gh release create v1.2.0`, [t]] },
      (r) => { const p = bare(password(r)); return [`variables:\n  POSTGRES_DB: test\n  POSTGRES_PASSWORD: "${p}"\ntest:\n  services: [postgres:15]\n  script: npm test`, [p]] },
      (r) => { const p = bare(password(r)); return [`outputs:\n  default:\n    type: dev\n    threads: 4\n    host: ${host(r)}\n    user: ${user(r)}\n    pass: ${p}\n    dbname: ${database(r)}\n    schema: analytics`, [p]] },
      (r) => { const s = base64Bytes(r, 48); return [`grafana:\n  adminUser: admin\n  adminPassword: ${s}`, [s]] },
      (r) => { const k = openaiKey(r); return [`llm:\n  provider: openai\n  model: gpt-4.1\n  api_key: ${k}`, [k]] },
    ],
  },
  {
    name: 'k8s-docker-ci',
    context: 'config',
    templates: [
      (r) => { const p = bare(password(r)); return [`apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials\ntype: Opaque\nstringData:\n  username: ${user(r)}\n  password: ${p}`, [p]] },
      (r) => { const p = bare(password(r)); const e = b64(p); return [`apiVersion: v1\nkind: Secret\nmetadata:\n  name: pg\ndata:\n  POSTGRES_USER: ${b64(user(r))}\n  POSTGRES_PASSWORD: ${e}`, [e]] },
      (r) => { const p = bare(password(r)); return [`docker run -d --name pg -e POSTGRES_PASSWORD=${p} -p 5432:5432 postgres:16`, [p]] },
      (r) => { const k = r.chars(ALNUM, 40); return [`FROM node:20-alpine\nENV NODE_ENV=production\nENV API_KEY=${k}\nCOPY . .\nRUN npm ci`, [k]] },
      (r) => { const p = bare(password(r)); return [`        env:\n        - name: SPRING_DATASOURCE_PASSWORD\n          value: "${p}"\n        - name: SPRING_PROFILES_ACTIVE\n          value: prod`, [p]] },
      (r) => { const a = b64(`${user(r)}:${bare(password(r))}`); return [`{\n  "auths": {\n    "registry.${r.chars(LOWER, 6)}.io": {\n      "auth": "${a}"\n    }\n  }\n}`, [a]] },
      (r) => { const p = bare(password(r)); return [`pipeline {\n  stages {\n    stage('push') {\n      steps { sh "docker login -u deployer -p ${p} registry.acme.io" }\n    }\n  }\n}`, [p]] },
      (r) => { const s = awsSecret(r); return [`- name: deploy\n  run: aws s3 sync dist s3://site\n  env:\n    AWS_ACCESS_KEY_ID: ${awsKeyId(r)}\n    AWS_SECRET_ACCESS_KEY: ${s}`, [s]] },
    ],
  },
  {
    name: 'toml-ini-hcl',
    context: 'config',
    templates: [
      (r) => { const p = bare(password(r)); return [`[client]\nuser=${user(r)}\npassword=${p}\nhost=${host(r)}`, [p]] },
      (r) => { const p = bare(password(r)); return [`[database]\nurl = "postgres://${host(r)}/${database(r)}"\nuser = "${user(r)}"\npassword = "${p}"\npool_size = 10`, [p]] },
      (r) => { const p = bare(password(r)); return [`resource "aws_db_instance" "main" {\n  engine         = "postgres"\n  instance_class = "db.t4g.medium"\n  username       = "${user(r)}"\n  password       = "${p}"\n}`, [p]] },
      (r) => { const p = bare(password(r)).replace(/:/g, ''); return [`# ~/.pgpass\n${host(r)}:5432:${database(r)}:${user(r)}:${p}`, [p]] },
      (r) => { const s = awsSecret(r); return [`[default]\naws_access_key_id = ${awsKeyId(r)}\naws_secret_access_key = ${s}\nregion = us-west-2`, [s]] },
      (r) => { const p = bare(password(r)); return [`[connections.prod]\naccountname = xy${r.int(10000, 99999)}\nusername = ${user(r).toUpperCase()}\npassword = ${p}\nrolename = ANALYST`, [p]] },
      (r) => { const t = r.chars(ALNUM + '_-', 36); return [`provider "cloudflare" {\n  api_token = "${t}"\n}`, [t]] },
      (r) => { const p = bare(password(r)); return [`[pgbouncer]\nauth_type = md5\n[users]\n; auth_file has the hashes, this one is plain for the health check\nhealthcheck = password=${p}`, [p]] },
    ],
  },
  {
    name: 'json-xml-config',
    context: 'config',
    templates: [
      (r) => { const p = bare(password(r)); return [`{\n  "ConnectionStrings": {\n    "Default": "Server=${host(r)};Database=${database(r)};User Id=${user(r)};Password=${p};"\n  },\n  "Logging": { "LogLevel": { "Default": "Information" } }\n}`, [p]] },
      (r) => { const p = bare(password(r)); return [`{"db":{"host":"${host(r)}","port":5432,"user":"${user(r)}","password":"${p}"},"cache":{"ttl":300}}`, [p]] },
      (r) => { const p = bare(password(r)).replace(/[<>&]/g, ''); return [`<settings>\n  <servers>\n    <server>\n      <id>nexus-releases</id>\n      <username>deploy</username>\n      <password>${p}</password>\n    </server>\n  </servers>\n</settings>`, [p]] },
      (r) => { const p = bare(password(r)).replace(/[<>&]/g, ''); return [`<Resource name="jdbc/AppDB" auth="Container" type="javax.sql.DataSource"\n  username="${user(r)}" password="${p}" driverClassName="org.postgresql.Driver"\n  url="jdbc:postgresql://${host(r)}:5432/${database(r)}"/>`, [p]] },
      (r) => { const p = bare(password(r)).replace(/[<>&]/g, ''); return [`<property name="hibernate.connection.password">${p}</property>`, [p]] },
      (r) => { const p = bare(password(r)).replace(/[<>&]/g, ''); return [`<connectionStrings>\n  <add name="Main" connectionString="Data Source=${host(r)};Initial Catalog=${database(r)};User ID=${user(r)};Password=${p}" providerName="System.Data.SqlClient" />\n</connectionStrings>`, [p]] },
      (r) => { const j = jwt(r); return [`{"mcpServers":{"warehouse":{"command":"npx","args":["-y","@acme/mcp-sql"],"env":{"ACME_TOKEN":"${j}"}}}}`, [j]] },
      (r) => { const s = r.chars(B64URL, 43); return [`{\n  "web": {\n    "client_id": "${r.int(100000000000, 999999999999)}-${r.chars(LOWER + '0123456789', 32)}.apps.googleusercontent.com",\n    "client_secret": "GOCSPX-${s.slice(0, 28)}",\n    "redirect_uris": ["http://localhost:3000/callback"]\n  }\n}`, [`GOCSPX-${s.slice(0, 28)}`]] },
    ],
  },
]
