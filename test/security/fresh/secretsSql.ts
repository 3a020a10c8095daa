import { b64 } from './rng'
import { alnum, awsKeyId, awsSecret, dbName, hex, host, nastyPassword, password, shortBase64Key, user } from './values'
import { sample, type SecretClass } from './types'

/** Credentials inside SQL text: what a SQL studio's query history and saved queries really hold. */
export const sqlSecretClasses: SecretClass[] = [
  {
    name: 'sql-user-ddl',
    templates: [
      (r) => { const p = password(r); return sample('mysql', `CREATE USER '${user(r)}'@'%' IDENTIFIED BY '${p}';\nGRANT SELECT ON ${dbName(r)}.* TO '${user(r)}'@'%';`, p) },
      (r) => { const p = password(r); return sample('postgres', `create role ${user(r)} with login password '${p}' valid until '2027-01-01';`, p) },
      (r) => { const p = password(r); return sample('postgres', `ALTER USER ${user(r)} WITH ENCRYPTED PASSWORD '${p}';`, p) },
      (r) => { const p = password(r); return sample('mssql', `CREATE LOGIN [${user(r)}] WITH PASSWORD = N'${p}', CHECK_POLICY = OFF;\nGO`, p) },
      (r) => { const p = password(r); return sample('oracle', `ALTER USER hr IDENTIFIED BY "${p}" ACCOUNT UNLOCK;`, p) },
      (r) => { const p = password(r); return sample('oracle', `create user ${user(r)} identified by ${p.replace(/[^A-Za-z0-9_]/g, '')}x9 default tablespace users quota unlimited on users;`, p.replace(/[^A-Za-z0-9_]/g, '') + 'x9') },
      (r) => { const p = password(r); return sample('snowflake', `CREATE USER etl_bot PASSWORD = '${p}' DEFAULT_ROLE = LOADER MUST_CHANGE_PASSWORD = FALSE;`, p) },
      (r) => { const p = password(r); return sample('clickhouse', `CREATE USER ${user(r)} IDENTIFIED WITH sha256_password BY '${p}' HOST ANY;`, p) },
      (r) => { const p = password(r); return sample('mysql', `SET PASSWORD FOR 'root'@'localhost' = '${p}';\nFLUSH PRIVILEGES;`, p) },
      (r) => { const p = password(r); return sample('mariadb', `GRANT ALL PRIVILEGES ON *.* TO '${user(r)}'@'10.%' IDENTIFIED BY '${p}' WITH GRANT OPTION;`, p) },
      (r) => { const p = password(r); return sample('mssql', `ALTER LOGIN sa WITH PASSWORD = '${p}' OLD_PASSWORD = '${password(r)}';`, p) },
    ],
  },
  {
    name: 'sql-links-and-stages',
    templates: [
      (r) => { const p = password(r); return sample('postgres-fdw', `CREATE USER MAPPING FOR current_user SERVER remote_pg\n  OPTIONS (user '${user(r)}', password '${p}');`, p) },
      (r) => { const p = password(r); return sample('postgres-dblink', `SELECT * FROM dblink('host=${host(r)} dbname=${dbName(r)} user=${user(r)} password=${p}', 'select id from t') AS t(id int);`, p) },
      (r) => { const p = password(r); return sample('oracle', `CREATE DATABASE LINK sales_link CONNECT TO sales IDENTIFIED BY "${p}" USING 'SALESDB';`, p) },
      (r) => { const p = password(r); return sample('mysql-replication', `CHANGE REPLICATION SOURCE TO SOURCE_HOST='${host(r)}', SOURCE_USER='repl', SOURCE_PASSWORD='${p}', SOURCE_AUTO_POSITION=1;`, p) },
      (r) => { const k = awsKeyId(r); const s = awsSecret(r); return sample('snowflake', `CREATE OR REPLACE STAGE raw_stage URL='s3://acme-raw/events/'\n  CREDENTIALS=(AWS_KEY_ID='${k}' AWS_SECRET_KEY='${s}')\n  FILE_FORMAT=(TYPE=JSON);`, k, s) },
      (r) => { const sig = encodeURIComponent(shortBase64Key(r, 32)); return sample('mssql', `CREATE DATABASE SCOPED CREDENTIAL BlobCred WITH IDENTITY = 'SHARED ACCESS SIGNATURE',\n SECRET = 'sv=2022-11-02&ss=b&srt=co&sp=rl&se=2027-03-01T00:00:00Z&sig=${sig}';`, sig) },
      (r) => { const s = awsSecret(r); const k = awsKeyId(r); return sample('clickhouse', `SELECT count() FROM s3('https://bucket.s3.amazonaws.com/data/*.parquet', '${k}', '${s}', 'Parquet');`, k, s) },
      (r) => { const s = awsSecret(r); const k = awsKeyId(r); return sample('redshift', `COPY events FROM 's3://logs/2026/'\nCREDENTIALS 'aws_access_key_id=${k};aws_secret_access_key=${s}'\nFORMAT AS JSON 'auto';`, k, s) },
      (r) => { const p = password(r); return sample('mssql', `EXEC sp_addlinkedsrvlogin @rmtsrvname = N'LEGACY', @useself = N'False', @rmtuser = N'${user(r)}', @rmtpassword = N'${p}';`, p) },
      (r) => { const s = shortBase64Key(r, 48); return sample('bigquery', `CREATE EXTERNAL CONNECTION \`proj.us.conn\` OPTIONS (type='CLOUD_SQL', credential='{"username":"${user(r)}","password":"${s}"}');`, s) },
    ],
  },
  {
    name: 'sql-kv-nosql',
    templates: [
      (r) => { const p = password(r); return sample('sqlcipher', `PRAGMA key = '${p}';\nSELECT count(*) FROM sqlite_master;`, p) },
      (r) => { const k = hex(r, 64).toUpperCase(); return sample('sqlcipher', `PRAGMA key = "x'${k}'";\nPRAGMA cipher_page_size = 4096;`, k) },
      (r) => { const p = password(r); return sample('sqlcipher', `ATTACH DATABASE 'encrypted.db' AS encrypted KEY '${p}';\nSELECT sqlcipher_export('encrypted');`, p) },
      (r) => { const p = password(r); return sample('sqlcipher', `PRAGMA rekey = '${p}';`, p) },
      (r) => { const p = password(r); return sample('redis', `127.0.0.1:6379> AUTH ${p}\nOK\n127.0.0.1:6379> KEYS session:*`, p) },
      (r) => { const p = password(r); return sample('redis', `CONFIG SET requirepass "${p}"`, p) },
      (r) => { const p = password(r); return sample('redis', `ACL SETUSER worker on >${p} ~jobs:* +@all`, p) },
      (r) => { const p = password(r); return sample('mongo-shell', `use admin\ndb.createUser({ user: "${user(r)}", pwd: "${p}", roles: [ { role: "readWrite", db: "${dbName(r)}" } ] })`, p) },
      (r) => { const p = password(r); return sample('mongo-shell', `db.changeUserPassword("reporting", "${p}")`, p) },
      (r) => { const p = nastyPassword(r); const enc = encodeURIComponent(p); return sample('mongo-shell', `mongosh "mongodb+srv://${user(r)}:${enc}@${host(r)}/${dbName(r)}?retryWrites=true&w=majority"`, enc) },
    ],
  },
  {
    name: 'sql-data-values',
    templates: [
      (r) => { const t = 'sk_live_' + alnum(r, 32); return sample('sql-insert', `INSERT INTO integrations (id, provider, api_key, created_at)\nVALUES (${r.int(1, 999)}, 'stripe', '${t}', now());`, t) },
      (r) => { const p = password(r); return sample('sql-update', `UPDATE users SET password = '${p}' WHERE email = 'ops@acme.io';`, p) },
      (r) => { const t = 'xoxb-' + r.int(1e11, 9e11) + '-' + r.int(1e11, 9e11) + '-' + alnum(r, 24); return sample('sql-where', `SELECT * FROM slack_installs WHERE bot_token = '${t}';`, t) },
      (r) => { const t = 'ghp_' + alnum(r, 36); return sample('sql-insert', `insert into deploy_keys(repo, token) values ('acme/web', '${t}'), ('acme/api', '${'ghp_' + alnum(r, 36)}');`, t) },
      (r) => { const p = password(r); return sample('sql-insert', `INSERT INTO service_accounts (name, username, secret) VALUES ('backup', '${user(r)}', '${p}');`, p) },
      (r) => { const s = hex(r, 64); return sample('sql-update', `UPDATE app_settings SET value = '${s}' WHERE key = 'webhook_signing_secret';`, s) },
      (r) => { const p = password(r); return sample('sql-select-result', `> SELECT username, password FROM legacy_accounts LIMIT 2;\n username | password\n----------+------------------\n ${user(r)} | ${p}\n`, p) },
      (r) => { const t = alnum(r, 40); return sample('sql-insert', `INSERT INTO api_tokens (user_id, token, scopes) VALUES (42, '${t}', 'read write');`, t) },
      (r) => { const p = password(r); return sample('mongo-shell', `db.config.updateOne({ _id: "smtp" }, { $set: { host: "smtp.mailgun.org", user: "postmaster", pass: "${p}" } })`, p) },
      (r) => { const c = b64(`${user(r)}:${password(r)}`); return sample('sql-insert', `INSERT INTO webhooks (url, auth_header) VALUES ('https://hooks.acme.io/in', 'Basic ${c}');`, c) },
    ],
  },
]
