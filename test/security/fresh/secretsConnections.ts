import { b64 } from './rng'
import { awsKeyId, awsSecret, dbName, host, nastyPassword, password, shortBase64Key, user } from './values'
import { sample, type SecretClass } from './types'

/** Connection strings and driver code: where database passwords travel most. */
export const connectionSecretClasses: SecretClass[] = [
  {
    name: 'connection-uri',
    templates: [
      (r) => { const p = password(r); return sample('uri', `postgres://${user(r)}:${p}@${host(r)}:5432/${dbName(r)}?sslmode=require`, p) },
      (r) => { const p = password(r); return sample('uri', `DATABASE_URL="mysql://${user(r)}:${p}@${host(r)}:3306/${dbName(r)}"`, p) },
      (r) => { const p = nastyPassword(r); return sample('uri-raw-special', `connect to postgresql://${user(r)}:${p}@${host(r)}/${dbName(r)} and run the migration`, p) },
      (r) => { const p = nastyPassword(r); const e = encodeURIComponent(p); return sample('uri-encoded', `mongodb://${user(r)}:${e}@${host(r)}:27017/${dbName(r)}?authSource=admin`, e) },
      (r) => { const p = password(r); return sample('uri', `redis://:${p}@${host(r)}:6379/0`, p) },
      (r) => { const p = password(r); return sample('uri', `amqps://${user(r)}:${p}@rabbit.internal:5671/vhost`, p) },
      (r) => { const p = password(r); return sample('uri', `clickhouse://default:${p}@${host(r)}:9440/${dbName(r)}?secure=true`, p) },
      (r) => { const p = password(r); return sample('jdbc', `jdbc:postgresql://${host(r)}:5432/${dbName(r)}?user=${user(r)}&password=${p}&ssl=true`, p) },
      (r) => { const p = password(r); return sample('jdbc', `jdbc:sqlserver://${host(r)}:1433;databaseName=${dbName(r)};user=${user(r)};password=${p};encrypt=true;`, p) },
      (r) => { const p = password(r); return sample('jdbc', `jdbc:oracle:thin:${user(r)}/${p}@//${host(r)}:1521/ORCLPDB1`, p) },
      (r) => { const p = password(r); return sample('uri', `snowflake://${user(r)}:${p}@xy12345.eu-central-1/${dbName(r)}/PUBLIC?warehouse=COMPUTE_WH`, p) },
      (r) => { const p = password(r); return sample('uri', `libsql://${dbName(r)}-acme.turso.io?authToken=${p}${shortBase64Key(r, 12).replace(/[+/=]/g, 'x')}`, p) },
    ],
  },
  {
    name: 'connection-string-kv',
    templates: [
      (r) => { const p = password(r); return sample('ado.net', `Server=tcp:${host(r)},1433;Initial Catalog=${dbName(r)};User ID=${user(r)};Password=${p};Encrypt=True;`, p) },
      (r) => { const p = password(r); return sample('odbc', `DRIVER={ODBC Driver 18 for SQL Server};SERVER=${host(r)};DATABASE=${dbName(r)};UID=${user(r)};PWD=${p}`, p) },
      (r) => { const p = password(r); return sample('libpq', `host=${host(r)} port=5432 dbname=${dbName(r)} user=${user(r)} password=${p} sslmode=verify-full`, p) },
      (r) => { const p = password(r); return sample('libpq', `psql "host=${host(r)} dbname=${dbName(r)} user=${user(r)} password='${p}'"`, p) },
      (r) => { const k = shortBase64Key(r, 64); return sample('azure-storage', `DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=${k};EndpointSuffix=core.windows.net`, k) },
      (r) => { const k = shortBase64Key(r, 32); return sample('azure-servicebus', `Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${k}`, k) },
      (r) => { const p = password(r); return sample('oracle-odp', `Data Source=(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=${host(r)})(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=ORCL)));User Id=${user(r)};Password=${p};`, p) },
      (r) => { const p = password(r); return sample('mysql-dsn', `${user(r)}:${p}@tcp(${host(r)}:3306)/${dbName(r)}?parseTime=true`, p) },
      (r) => { const p = password(r); return sample('npgsql', `Host=${host(r)};Username=${user(r)};Password=${p};Database=${dbName(r)};Pooling=true`, p) },
      (r) => { const k = awsKeyId(r); const s = awsSecret(r); return sample('s3-uri', `s3a://${k}:${s.replace(/\//g, '%2F')}@acme-bucket/data/`, k, s.replace(/\//g, '%2F')) },
    ],
  },
  {
    name: 'code-jvm-dotnet',
    templates: [
      (r) => { const p = password(r); return sample('java', `Connection conn = DriverManager.getConnection(\n    "jdbc:mysql://${host(r)}:3306/${dbName(r)}", "${user(r)}", "${p}");`, p) },
      (r) => { const p = password(r); return sample('java', `HikariConfig cfg = new HikariConfig();\ncfg.setJdbcUrl(url);\ncfg.setUsername("${user(r)}");\ncfg.setPassword("${p}");`, p) },
      (r) => { const p = password(r); return sample('spring-properties', `spring.datasource.url=jdbc:postgresql://${host(r)}/${dbName(r)}\nspring.datasource.username=${user(r)}\nspring.datasource.password=${p}`, p) },
      (r) => { const p = password(r); return sample('kotlin', `val ds = PGSimpleDataSource().apply {\n  serverNames = arrayOf("${host(r)}")\n  user = "${user(r)}"\n  password = "${p}"\n}`, p) },
      (r) => { const p = password(r); return sample('csharp', `var cs = new SqlConnectionStringBuilder { DataSource = "${host(r)}", UserID = "${user(r)}", Password = "${p}" };`, p) },
      (r) => { const t = shortBase64Key(r, 33); return sample('csharp', `private const string ClientSecret = "${t}";\nvar cred = new ClientSecretCredential(tenantId, clientId, ClientSecret);`, t) },
      (r) => { const p = password(r); return sample('scala', `val props = new Properties()\nprops.put("user", "${user(r)}")\nprops.put("password", "${p}")`, p) },
      (r) => { const p = password(r); return sample('appsettings.json', `{\n  "ConnectionStrings": {\n    "Default": "Server=${host(r)};Database=${dbName(r)};User Id=${user(r)};Password=${p};"\n  }\n}`, p) },
    ],
  },
  {
    name: 'code-python-go-rust',
    templates: [
      (r) => { const p = password(r); return sample('python', `conn = psycopg2.connect(host="${host(r)}", dbname="${dbName(r)}", user="${user(r)}", password="${p}")`, p) },
      (r) => { const p = password(r); return sample('python', `db = pymysql.connect(host='${host(r)}', user='${user(r)}', passwd='${p}', db='${dbName(r)}')`, p) },
      (r) => { const p = password(r); return sample('python', `engine = create_engine("postgresql+psycopg2://${user(r)}:${p}@${host(r)}/${dbName(r)}")`, p) },
      (r) => { const k = awsKeyId(r); const s = awsSecret(r); return sample('python', `s3 = boto3.client("s3",\n    aws_access_key_id="${k}",\n    aws_secret_access_key="${s}")`, k, s) },
      (r) => { const p = password(r); return sample('go', `db, err := sql.Open("postgres", "host=${host(r)} user=${user(r)} password=${p} dbname=${dbName(r)} sslmode=disable")`, p) },
      (r) => { const p = password(r); return sample('go', `cfg := mysql.Config{User: "${user(r)}", Passwd: "${p}", Net: "tcp", Addr: "${host(r)}:3306"}`, p) },
      (r) => { const p = password(r); return sample('go', `rdb := redis.NewClient(&redis.Options{\n\tAddr:     "${host(r)}:6379",\n\tPassword: "${p}",\n\tDB:       0,\n})`, p) },
      (r) => { const p = password(r); return sample('rust', `let opts = PgConnectOptions::new()\n    .host("${host(r)}")\n    .username("${user(r)}")\n    .password("${p}");`, p) },
      (r) => { const p = password(r); return sample('python', `app.config["SQLALCHEMY_DATABASE_URI"] = "mysql+pymysql://${user(r)}:${p}@${host(r)}/${dbName(r)}"`, p) },
      (r) => { const t = shortBase64Key(r, 24).replace(/[+/=]/g, ''); return sample('python-notebook', `In [3]: client = Client(account_sid="AC${'0123456789abcdef'.repeat(2)}", auth_token="${t}")`, t) },
    ],
  },
  {
    name: 'code-node-php-ruby',
    templates: [
      (r) => { const p = password(r); return sample('node', `const pool = new Pool({\n  host: '${host(r)}',\n  user: '${user(r)}',\n  password: '${p}',\n  database: '${dbName(r)}',\n})`, p) },
      (r) => { const p = password(r); return sample('node', `const knex = require('knex')({ client: 'mysql2', connection: { host: '${host(r)}', user: '${user(r)}', password: "${p}", database: '${dbName(r)}' } })`, p) },
      (r) => { const p = password(r); return sample('node', `const dbPassword = process.env.DB_PASSWORD || '${p}'`, p) },
      (r) => { const p = password(r); return sample('typescript', `export const config = { db: { url: 'postgres://${host(r)}/${dbName(r)}', username: '${user(r)}', password: \`${p}\` } } as const`, p) },
      (r) => { const p = password(r); return sample('php', `$pdo = new PDO('mysql:host=${host(r)};dbname=${dbName(r)}', '${user(r)}', '${p}');`, p) },
      (r) => { const p = password(r); return sample('php', `define('DB_PASSWORD', '${p}');\ndefine('DB_HOST', '${host(r)}');`, p) },
      (r) => { const p = password(r); return sample('ruby', `ActiveRecord::Base.establish_connection(adapter: "postgresql", host: "${host(r)}", username: "${user(r)}", password: "${p}")`, p) },
      (r) => { const p = password(r); return sample('ruby', `Sequel.connect("mysql2://${user(r)}:${p}@${host(r)}/${dbName(r)}")`, p) },
      (r) => { const c = b64(`${user(r)}:${password(r)}`); return sample('node', `await fetch(url, { headers: { Authorization: 'Basic ${c}' } })`, c) },
      (r) => { const p = password(r); return sample('laravel', `'mysql' => [\n    'driver' => 'mysql',\n    'host' => '${host(r)}',\n    'username' => '${user(r)}',\n    'password' => '${p}',\n],`, p) },
    ],
  },
]
