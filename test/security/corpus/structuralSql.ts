import { ALNUM, HEX, humanPassword, token, UPPER, DIGITS, type Random } from './random'

export type Built = { text: string; needles: string[]; expected?: string }
export type Structural = readonly [format: string, build: (r: Random) => Built]

const sqlPw = (r: Random): string => humanPassword(r, '!#%&*+-.=?@^_~$').replaceAll("'", '')
const akia = (r: Random): string => `AKIA${token(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`
const awsSecret = (r: Random): string => token(r, `${ALNUM}/+`, 40)
const user = (r: Random): string => r.pick(['app', 'scott', 'etl_user', 'report', 'svc_sync', 'admin'])
const host = (r: Random): string => r.pick(['db.internal', '10.0.3.17', 'prod-mysql-01.example.com', 'pg.eu.example.net'])

/** How people really put credentials into SQL, dialect by dialect. */
export const SQL_FORMATS: readonly Structural[] = [
  ['pg-create-role-password', (r) => { const p = sqlPw(r); return { text: `CREATE ROLE ${user(r)} WITH LOGIN PASSWORD '${p}' VALID UNTIL '2027-01-01';`, needles: [p] } }],
  ['pg-alter-user-encrypted', (r) => { const p = sqlPw(r); return { text: `ALTER USER ${user(r)} WITH ENCRYPTED PASSWORD '${p}';`, needles: [p] } }],
  ['mysql-identified-by', (r) => { const p = sqlPw(r); return { text: `CREATE USER '${user(r)}'@'%' IDENTIFIED BY '${p}';\nGRANT SELECT ON app.* TO '${user(r)}'@'%';`, needles: [p] } }],
  ['mysql-identified-with', (r) => { const p = sqlPw(r); return { text: `ALTER USER 'root'@'localhost' IDENTIFIED WITH mysql_native_password BY '${p}';`, needles: [p] } }],
  ['mysql-set-password', (r) => { const p = sqlPw(r); return { text: `SET PASSWORD FOR '${user(r)}'@'localhost' = '${p}';`, needles: [p] } }],
  ['mssql-create-login', (r) => { const p = sqlPw(r); return { text: `CREATE LOGIN ${user(r)} WITH PASSWORD = N'${p}', CHECK_POLICY = OFF;`, needles: [p] } }],
  ['mssql-linked-server-login', (r) => { const p = sqlPw(r); return { text: `EXEC sp_addlinkedsrvlogin @rmtsrvname = N'REMOTE01', @useself = N'False', @locallogin = NULL, @rmtuser = N'${user(r)}', @rmtpassword = N'${p}';`, needles: [p] } }],
  ['oracle-identified-bare', (r) => { const p = `${r.pick(['tiger', 'Oracle', 'welcome'])}${r.int(10, 999)}`; return { text: `CREATE USER ${user(r)} IDENTIFIED BY ${p} DEFAULT TABLESPACE users;`, needles: [p] } }],
  ['oracle-connect', (r) => { const p = `${r.pick(['tiger', 'Manager', 'Orcl'])}${r.int(10, 999)}`; return { text: `CONNECT ${user(r)}/${p}@ORCLPDB1`, needles: [p] } }],
  ['pg-user-mapping', (r) => { const p = sqlPw(r); return { text: `CREATE USER MAPPING FOR current_user SERVER remote_pg OPTIONS (user '${user(r)}', password '${p}');`, needles: [p] } }],
  ['pg-alter-server-options', (r) => { const p = sqlPw(r); return { text: `ALTER USER MAPPING FOR app SERVER remote OPTIONS (SET password '${p}');`, needles: [p] } }],
  ['redshift-copy-credentials', (r) => { const k = akia(r); const s = awsSecret(r); return { text: `COPY sales FROM 's3://bucket/sales/' CREDENTIALS 'aws_access_key_id=${k};aws_secret_access_key=${s}' CSV;`, needles: [k, s] } }],
  ['redshift-copy-keys', (r) => { const k = akia(r); const s = awsSecret(r); const t = token(r, `${ALNUM}/+`, 120); return { text: `COPY events FROM 's3://logs/2026/' ACCESS_KEY_ID '${k}' SECRET_ACCESS_KEY '${s}' SESSION_TOKEN '${t}' FORMAT AS JSON 'auto';`, needles: [k, s, t] } }],
  ['snowflake-stage-aws', (r) => { const k = akia(r); const s = awsSecret(r); return { text: `CREATE STAGE raw URL = 's3://bucket/raw/' CREDENTIALS = (AWS_KEY_ID = '${k}' AWS_SECRET_KEY = '${s}');`, needles: [k, s] } }],
  ['snowflake-azure-sas', (r) => { const sas = `?sv=2022-11-02&ss=b&srt=co&sp=rl&se=2027-01-01T00:00:00Z&sig=${token(r, ALNUM, 43)}%3D`; return { text: `CREATE STAGE az URL='azure://acct.blob.core.windows.net/data' CREDENTIALS=(AZURE_SAS_TOKEN='${sas}') FILE_FORMAT=(TYPE=CSV);`, needles: [sas] } }],
  ['duckdb-create-secret', (r) => { const k = akia(r); const s = awsSecret(r); return { text: `CREATE SECRET s3cred (TYPE S3, KEY_ID '${k}', SECRET '${s}', REGION 'us-east-1');`, needles: [k, s] } }],
  ['clickhouse-mysql-function', (r) => { const p = sqlPw(r); return { text: `SELECT * FROM mysql('${host(r)}:3306', 'shop', 'orders', '${user(r)}', '${p}') LIMIT 10;`, needles: [p] } }],
  ['clickhouse-postgresql-function', (r) => { const p = sqlPw(r); return { text: `INSERT INTO local_copy SELECT * FROM postgresql('${host(r)}:5432', 'app', 'users', '${user(r)}', '${p}');`, needles: [p] } }],
  ['clickhouse-s3-function', (r) => { const k = akia(r); const s = awsSecret(r); return { text: `SELECT count() FROM s3('https://bucket.s3.amazonaws.com/data/*.csv', '${k}', '${s}', 'CSVWithNames');`, needles: [k, s] } }],
  ['insert-into-password-column', (r) => { const p = sqlPw(r); return { text: `INSERT INTO users (id, email, password, active) VALUES (42, 'ann@example.com', '${p}', true);`, needles: [p] } }],
  ['insert-multirow-passwd', (r) => { const p = sqlPw(r); const q = sqlPw(r); return { text: `INSERT INTO accounts (username, passwd) VALUES ('bob', '${p}'), ('amy', '${q}');`, needles: [p, q] } }],
  ['update-set-password', (r) => { const p = sqlPw(r); return { text: `UPDATE users SET password = '${p}', updated_at = now() WHERE id = 7;`, needles: [p] } }],
  ['pgcrypto-crypt', (r) => { const p = sqlPw(r); return { text: `UPDATE users SET password_hash = crypt('${p}', gen_salt('bf')) WHERE email = 'ann@example.com';`, needles: [p] } }],
  ['pgcrypto-sym-encrypt', (r) => { const p = sqlPw(r); return { text: `SELECT pgp_sym_decrypt(ssn_enc, '${p}') FROM patients LIMIT 5;`, needles: [p] } }],
  ['mysql-aes-encrypt', (r) => { const p = sqlPw(r); return { text: `INSERT INTO cards (pan) VALUES (AES_ENCRYPT('4111111111111111', '${p}'));`, needles: [p] } }],
  ['comment-creds', (r) => { const p = sqlPw(r); return { text: `-- creds: ${user(r)} / ${p}\nSELECT * FROM orders WHERE created_at > now() - interval '1 day';`, needles: [p] } }],
  ['block-comment-password', (r) => { const p = sqlPw(r); return { text: `/* password: ${p} */ SELECT id FROM jobs;`, needles: [p] } }],
  ['mysql-change-source', (r) => { const p = sqlPw(r); return { text: `CHANGE REPLICATION SOURCE TO SOURCE_HOST='${host(r)}', SOURCE_USER='repl', SOURCE_PASSWORD='${p}', SOURCE_AUTO_POSITION=1;`, needles: [p] } }],
  ['pg-dblink', (r) => { const p = sqlPw(r); return { text: `SELECT * FROM dblink('host=${host(r)} user=${user(r)} password=${p} dbname=app', 'SELECT id FROM t') AS t(id int);`, needles: [p] } }],
  ['mssql-credential-secret', (r) => { const p = sqlPw(r); return { text: `CREATE CREDENTIAL backup_cred WITH IDENTITY = '${user(r)}', SECRET = '${p}';`, needles: [p] } }],
  ['mssql-scoped-credential-sas', (r) => { const sas = `sv=2022-11-02&ss=b&srt=sco&sp=rwdlac&se=2027-06-30&sig=${token(r, ALNUM, 40)}%3D`; return { text: `CREATE DATABASE SCOPED CREDENTIAL blob WITH IDENTITY = 'SHARED ACCESS SIGNATURE', SECRET = '${sas}';`, needles: [sas] } }],
  ['mssql-openrowset', (r) => { const p = sqlPw(r).replaceAll(';', ''); return { text: `SELECT a.* FROM OPENROWSET('MSOLEDBSQL', 'Server=${host(r)};Uid=${user(r)};Pwd=${p};', 'SELECT TOP 10 * FROM dbo.Orders') AS a;`, needles: [p] } }],
  ['oracle-identified-replace', (r) => { const p = sqlPw(r).replaceAll('"', ''); const q = sqlPw(r).replaceAll('"', ''); return { text: `ALTER USER ${user(r)} IDENTIFIED BY "${p}" REPLACE "${q}";`, needles: [p, q] } }],
  ['snowflake-alter-user', (r) => { const p = sqlPw(r); return { text: `ALTER USER ${user(r)} SET PASSWORD = '${p}' MUST_CHANGE_PASSWORD = TRUE;`, needles: [p] } }],
  ['mysql-old-password-fn', (r) => { const p = sqlPw(r); return { text: `SET PASSWORD FOR 'legacy'@'%' = PASSWORD('${p}');`, needles: [p] } }],
  ['sql-where-token-literal', (r) => { const t = token(r, HEX, 40); return { text: `SELECT user_id FROM api_tokens WHERE token = '${t}';`, needles: [t] } }],
]
