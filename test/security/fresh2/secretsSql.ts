/** Secrets inside SQL and database shells: DDL that sets passwords, linked-server credentials, data rows, NoSQL shells. */
import { awsKeyId, awsSecret, database, hexSecret, host, password, stripeKey, user } from './values'
import { ALNUM, base64Bytes } from './rng'
import type { SecretClass } from './types'

const q = (p: string): string => p.replace(/'/g, "''")

export const sqlSecretClasses: readonly SecretClass[] = [
  {
    name: 'sql-user-password-ddl',
    context: 'sql',
    templates: [
      (r) => { const p = password(r); return [`CREATE USER '${user(r)}'@'%' IDENTIFIED BY '${q(p)}';\nGRANT SELECT, INSERT ON ${database(r)}.* TO '${user(r)}'@'%';`, [p]] },
      (r) => { const p = password(r); return [`ALTER ROLE ${user(r)} WITH LOGIN PASSWORD '${q(p)}' VALID UNTIL '2027-01-01';`, [p]] },
      (r) => { const p = password(r); return [`CREATE LOGIN etl_login WITH PASSWORD = N'${q(p)}', CHECK_POLICY = OFF;\nGO`, [p]] },
      (r) => { const p = password(r, 'bare').replace(/[^A-Za-z0-9_$#]/g, '') + 'Q9'; return [`-- reset scott on the Oracle box\nALTER USER scott IDENTIFIED BY ${p} ACCOUNT UNLOCK;`, [p]] },
      (r) => { const p = password(r); return [`create user LOADER password='${q(p)}' default_role=LOADER must_change_password=false;`, [p]] },
      (r) => { const p = password(r); return [`CREATE USER IF NOT EXISTS reader IDENTIFIED WITH sha256_password BY '${q(p)}' SETTINGS PROFILE 'readonly';`, [p]] },
      (r) => { const p = password(r); return [`SET PASSWORD FOR 'app'@'localhost' = '${q(p)}';`, [p]] },
      (r) => { const p = password(r); return [`\\password ${user(r)}\n-- typed it twice, for the record it is ${p}\nSELECT rolname FROM pg_roles;`, [p]] },
      (r) => { const p = password(r); return [`ALTER LOGIN sa WITH PASSWORD = '${q(p)}' OLD_PASSWORD = 'Winter2019!';`, [p]] },
      (r) => { const p = password(r); return [`CREATE ROLE "svc_${r.chars('abcdefghij', 4)}" LOGIN ENCRYPTED PASSWORD '${q(p)}' CONNECTION LIMIT 20;`, [p]] },
    ],
  },
  {
    name: 'sql-linked-credentials',
    context: 'sql',
    templates: [
      (r) => { const p = password(r); return [`CREATE USER MAPPING FOR current_user SERVER legacy_mysql OPTIONS (username '${user(r)}', password '${q(p)}');`, [p]] },
      (r) => { const p = password(r); return [`SELECT * FROM dblink('host=${host(r)} dbname=${database(r)} user=${user(r)} password=${p.replace(/[ ']/g, '')}', 'select id from t') AS t(id int);`, [p.replace(/[ ']/g, '')]] },
      (r) => { const p = password(r, 'bare').replace(/[^A-Za-z0-9_]/g, '') + 'x7'; return [`CREATE DATABASE LINK sales_link CONNECT TO sales IDENTIFIED BY ${p} USING '//${host(r)}:1521/ORCLPDB1';`, [p]] },
      (r) => { const p = base64Bytes(r, 64); return [`CREATE DATABASE SCOPED CREDENTIAL blob_cred WITH IDENTITY = 'SHARED ACCESS SIGNATURE', SECRET = '${p}';`, [p]] },
      (r) => { const p = password(r); return [`EXEC sp_addlinkedsrvlogin @rmtsrvname = N'REPORTING', @useself = N'False', @rmtuser = N'report', @rmtpassword = N'${q(p)}';`, [p]] },
      (r) => { const k = awsKeyId(r); const s = awsSecret(r); return [`CREATE STAGE raw_stage URL='s3://acme-raw/events/' CREDENTIALS=(AWS_KEY_ID='${k}' AWS_SECRET_KEY='${s}') FILE_FORMAT=(TYPE=PARQUET);`, [s]] },
      (r) => { const k = awsKeyId(r); const s = awsSecret(r); return [`SELECT count() FROM s3('https://acme-logs.s3.amazonaws.com/2026/*.csv.gz', '${k}', '${s}', 'CSVWithNames');`, [s]] },
      (r) => { const p = password(r).replace(/[;']/g, ''); return [`SELECT * FROM OPENROWSET('SQLNCLI', 'Server=${host(r)};Uid=sa;Pwd=${p};', 'SELECT TOP 10 * FROM dbo.Orders');`, [p]] },
      (r) => { const p = password(r); return [`CHANGE REPLICATION SOURCE TO SOURCE_HOST='${host(r)}', SOURCE_USER='repl', SOURCE_PASSWORD='${q(p)}', SOURCE_AUTO_POSITION=1;`, [p]] },
      (r) => { const k = hexSecret(r, 32); return [`PRAGMA key = '${k}';\nPRAGMA cipher_page_size = 4096;\nSELECT count(*) FROM sqlite_master;`, [k]] },
      (r) => { const p = password(r); return [`ATTACH DATABASE 'vault.db' AS vault KEY '${q(p)}';`, [p]] },
      (r) => { const s = base64Bytes(r, 64); return [`CREATE EXTERNAL DATA SOURCE lake WITH (LOCATION = 'abs://data@acmelake.blob.core.windows.net', CREDENTIAL = lake_cred);\n-- storage account key ${s}`, [s]] },
    ],
  },
  {
    name: 'sql-secret-in-data',
    context: 'sql',
    templates: [
      (r) => { const k = stripeKey(r); return [`INSERT INTO integrations (provider, api_key, created_at) VALUES ('stripe', '${k}', now());`, [k]] },
      (r) => { const p = password(r); return [`UPDATE users SET password = '${q(p)}' WHERE email = 'ops@${r.pick(['acme', 'globex'])}.com'; -- temp until SSO works`, [p]] },
      (r) => { const p = password(r); return [`INSERT INTO app_settings (name, value) VALUES ('smtp.host', 'smtp.sendgrid.net'), ('smtp.password', '${q(p)}');`, [p]] },
      (r) => { const t = `SG.${r.chars(ALNUM + '-_', 22)}.${r.chars(ALNUM + '-_', 43)}`; return [`update tenant_config set mail_api_key='${t}' where tenant_id=${r.int(1, 900)};`, [t]] },
      (r) => { const s = hexSecret(r, 32); return [`INSERT INTO webhooks (url, signing_secret) VALUES ('https://hooks.acme.io/in', 'whsec_${s}');`, [`whsec_${s}`]] },
      (r) => { const p = password(r); return [`MERGE INTO service_accounts t USING (SELECT 'etl' AS name, '${q(p)}' AS secret FROM dual) s ON (t.name = s.name)\nWHEN MATCHED THEN UPDATE SET t.secret = s.secret;`, [p]] },
      (r) => { const k = awsSecret(r); return [`INSERT INTO cloud_accounts (alias, access_key_id, secret_access_key) VALUES ('prod', '${awsKeyId(r)}', '${k}');`, [k]] },
      (r) => { const p = password(r); const p2 = password(r); return [`-- result of SELECT name, pass FROM legacy_users LIMIT 3\n| name  | pass |\n| alice | ${p} |\n| bob   | ${p2} |`, [p, p2]] },
    ],
  },
  {
    name: 'nosql-shell-auth',
    context: 'shell',
    templates: [
      (r) => { const p = password(r); return [`use admin\ndb.createUser({ user: "${user(r)}", pwd: "${p.replace(/"/g, '')}", roles: [ { role: "readWrite", db: "${database(r)}" } ] })`, [p.replace(/"/g, '')]] },
      (r) => { const p = password(r); return [`db.getSiblingDB("admin").auth("root", "${p.replace(/"/g, '')}")`, [p.replace(/"/g, '')]] },
      (r) => { const p = password(r, 'bare'); return [`127.0.0.1:6379> AUTH default ${p}\nOK\n127.0.0.1:6379> KEYS session:*`, [p]] },
      (r) => { const p = password(r, 'bare'); return [`CONFIG SET requirepass "${p}"`, [p]] },
      (r) => { const p = password(r, 'bare'); return [`ACL SETUSER worker on >${p} ~jobs:* +@list +@connection`, [p]] },
      (r) => { const p = password(r); return [`db.changeUserPassword("reporting", "${p.replace(/"/g, '')}")`, [p.replace(/"/g, '')]] },
      (r) => { const p = password(r, 'bare'); return [`redis-cli -h ${host(r)} -p 6380 --tls -a '${p}' --no-auth-warning INFO keyspace`, [p]] },
    ],
  },
]
