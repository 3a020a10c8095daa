import { ALNUM, HEX, humanPassword, token, UPPER, DIGITS, type Random } from './random'
import type { Structural } from './structuralSql'

const pw = (r: Random): string => humanPassword(r, '!#%*+-.=?@^_~')
const plain = (r: Random): string => humanPassword(r, '#%+-.^_~').replace(/[!?*]/g, '')
const user = (r: Random): string => r.pick(['app', 'report', 'svc', 'scott', 'postgres'])
const host = (r: Random): string => r.pick(['db.internal', 'mysql.example.com', '10.1.2.3', 'pg-primary.eu.example.net'])

export const CONFIG_FORMATS: readonly Structural[] = [
  ['jdbc-postgres-password-param', (r) => { const p = plain(r); return { text: `jdbc:postgresql://${host(r)}:5432/app?user=${user(r)}&password=${p}&ssl=true`, needles: [p] } }],
  ['jdbc-oracle-thin', (r) => { const p = `${r.pick(['tiger', 'Secret', 'Orcl'])}${r.int(10, 9999)}`; return { text: `jdbc:oracle:thin:${user(r)}/${p}@${host(r)}:1521:ORCL`, needles: [p] } }],
  ['jdbc-sqlserver', (r) => { const p = plain(r); return { text: `jdbc:sqlserver://${host(r)}:1433;databaseName=app;user=${user(r)};password=${p};encrypt=true`, needles: [p] } }],
  ['odbc-braced-pwd', (r) => { const p = `${plain(r)};${plain(r)}`; return { text: `Driver={ODBC Driver 18 for SQL Server};Server=${host(r)};Database=app;Uid=${user(r)};Pwd={${p}};Encrypt=yes;`, needles: [p] } }],
  ['adonet-password', (r) => { const p = plain(r); return { text: `Server=${host(r)};Database=app;User Id=${user(r)};Password=${p};TrustServerCertificate=True;`, needles: [p] } }],
  ['azure-storage-connection-string', (r) => { const k = `${token(r, `${ALNUM}+/`, 86)}==`; return { text: `DefaultEndpointsProtocol=https;AccountName=acct01;AccountKey=${k};EndpointSuffix=core.windows.net`, needles: [k] } }],
  ['azure-sas-url', (r) => { const s = `${token(r, ALNUM, 42)}%3D`; return { text: `https://acct01.blob.core.windows.net/exports/q3.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2027-01-01T00:00:00Z&spr=https&sig=${s}`, needles: [s] } }],
  ['pgpass-line', (r) => { const p = plain(r).replaceAll(':', ''); return { text: `${host(r)}:5432:app:${user(r)}:${p}`, needles: [p] } }],
  ['my-cnf', (r) => { const p = `${plain(r)}&${plain(r)}`; return { text: `[client]\nuser=${user(r)}\npassword=${p}\nhost=${host(r)}`, needles: [p] } }],
  ['dotenv-ampersand', (r) => { const p = `${plain(r)}&${plain(r)}`; return { text: `DB_HOST=${host(r)}\nDB_PASSWORD=${p}\nDB_PORT=5432`, needles: [p] } }],
  ['dotenv-database-url', (r) => { const p = pw(r); return { text: `DATABASE_URL=postgres://${user(r)}:${p}@${host(r)}:5432/app`, needles: [p] } }],
  ['yaml-nested-password', (r) => { const p = pw(r); return { text: `database:\n  host: ${host(r)}\n  username: ${user(r)}\n  password: ${p}\n  pool: 5`, needles: [p] } }],
  ['json-password', (r) => { const p = pw(r); return { text: `{"db": {"host": "${host(r)}", "user": "${user(r)}", "password": "${p}"}}`, needles: [p] } }],
  ['toml-password', (r) => { const p = pw(r); return { text: `[database]\nurl = "${host(r)}"\npassword = "${p}"`, needles: [p] } }],
  ['compose-environment', (r) => { const p = plain(r); return { text: `services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=${p}`, needles: [p] } }],
  ['spring-properties', (r) => { const p = plain(r); return { text: `spring.datasource.url=jdbc:mysql://${host(r)}/app\nspring.datasource.password=${p}`, needles: [p] } }],
  ['php-array', (r) => { const p = pw(r); return { text: `'mysql' => ['host' => '${host(r)}', 'username' => '${user(r)}', 'password' => '${p}'],`, needles: [p] } }],
  ['django-settings', (r) => { const p = pw(r); return { text: `DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'app', 'PASSWORD': '${p}'}}`, needles: [p] } }],
  ['go-mysql-dsn', (r) => { const p = plain(r).replaceAll('@', ''); return { text: `dsn := "${user(r)}:${p}@tcp(${host(r)}:3306)/app?parseTime=true"`, needles: [p] } }],
  ['redis-url-empty-user', (r) => { const p = plain(r); return { text: `REDIS_URL=redis://:${p}@${host(r)}:6379/0`, needles: [p] } }],
  ['libpq-keywords', (r) => { const p = plain(r); return { text: `host=${host(r)} port=5432 dbname=app user=${user(r)} password=${p} sslmode=verify-full`, needles: [p] } }],
  ['netrc', (r) => { const p = plain(r); return { text: `machine api.example.com\n  login ${user(r)}\n  password ${p}`, needles: [p] } }],
  ['aws-credentials-file', (r) => { const s = token(r, `${ALNUM}/+`, 40); const k = `AKIA${token(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`; return { text: `[default]\naws_access_key_id = ${k}\naws_secret_access_key = ${s}\nregion = eu-west-1`, needles: [k, s] } }],
  ['mongo-uri-at-in-password', (r) => { const p = `${plain(r)}@${plain(r)}`; return { text: `mongodb://${user(r)}:${p}@${host(r)}:27017/app?authSource=admin`, needles: [p] } }],
  ['npmrc-auth-token', (r) => { const t = `npm_${token(r, ALNUM, 36)}`; return { text: `//registry.npmjs.org/:_authToken=${t}`, needles: [t] } }],
  ['pip-conf-index-url', (r) => { const p = plain(r); return { text: `[global]\nindex-url = https://${user(r)}:${p}@pypi.example.com/simple`, needles: [p] } }],
  ['snowflake-connection-params', (r) => { const p = plain(r); return { text: `account=xy12345;user=${user(r)};password=${p};warehouse=COMPUTE_WH`, needles: [p] } }],
  ['clickhouse-headers-json', (r) => { const k = token(r, ALNUM, 32); return { text: `{"url": "https://ch.example.com:8443", "headers": {"X-ClickHouse-User": "default", "X-ClickHouse-Key": "${k}"}}`, needles: [k] } }],
  ['private-key-pem', (r) => { const body = Array.from({ length: 6 }, () => token(r, `${ALNUM}+/`, 64)).join('\n'); return { text: `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`, needles: [body], expected: `-----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE KEY-----` } }],
  ['openssh-private-key', (r) => { const body = Array.from({ length: 5 }, () => token(r, `${ALNUM}+/`, 70)).join('\n'); return { text: `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA${body}\n-----END OPENSSH PRIVATE KEY-----`, needles: [`b3BlbnNzaC1rZXktdjEAAAAA${body}`], expected: `-----BEGIN OPENSSH PRIVATE KEY-----[REDACTED]-----END OPENSSH PRIVATE KEY-----` } }],
  ['putty-ppk', (r) => { const lines = Array.from({ length: 4 }, () => token(r, `${ALNUM}+/`, 64)).join('\n'); return { text: `PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: deploy\nPrivate-Lines: 4\n${lines}\nPrivate-MAC: ${token(r, HEX, 64)}`, needles: [lines] } }],
  ['gcp-service-account-json', (r) => { const body = Array.from({ length: 4 }, () => token(r, `${ALNUM}+/`, 64)).join('\\n'); const key = `-----BEGIN PRIVATE KEY-----\\n${body}\\n-----END PRIVATE KEY-----\\n`; return { text: `{"type": "service_account", "project_id": "acme-prod", "private_key_id": "${token(r, HEX, 40)}", "private_key": "${key}", "client_email": "sync@acme-prod.iam.gserviceaccount.com"}`, needles: [key] } }],
  ['http-basic-header', (r) => { const b = btoa(`${user(r)}:${plain(r)}`); return { text: `Authorization: Basic ${b}`, needles: [b] } }],
  ['http-bearer-header', (r) => { const t = token(r, `${ALNUM}-_.`, 48).replace(/^[-_.]/, 'a'); return { text: `GET /v1/me HTTP/1.1\nHost: api.example.com\nAuthorization: Bearer ${t}`, needles: [t] } }],
]
