import { ALPHA, type Rng } from './rng'
import { WORDS, dbName, hex, host, user } from './values'
import type { BenignClass } from './types'

const uuid = (r: Rng): string => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-${r.pick(['8', '9', 'a', 'b'])}${hex(r, 3)}-${hex(r, 12)}`
const table = (r: Rng): string => r.pick(['users', 'orders', 'accounts', 'sessions', 'events', 'invoices', 'customers', 'api_keys', 'credentials'])

/** SQL that names passwords, tokens and keys as columns, tables and functions without holding one. */
export const sqlBenignClasses: BenignClass[] = [
  {
    name: 'sql-queries',
    templates: [
      (r) => `SELECT id, email, password_hash, last_login_at\nFROM users\nWHERE created_at > now() - interval '${r.int(1, 90)} days'\nORDER BY last_login_at DESC\nLIMIT ${r.int(10, 500)};`,
      (r) => `SELECT password FROM users WHERE id = ${r.int(1, 99999)};`,
      (r) => `UPDATE users SET password_reset_token = NULL, password_reset_expires_at = NULL WHERE id = $1;`,
      (r) => `select count(*) as expired_tokens from api_tokens where expires_at < current_timestamp and revoked = ${r.pick(['false', '0'])};`,
      (r) => `SELECT u.username, COUNT(s.id) AS sessions\nFROM users u JOIN sessions s ON s.user_id = u.id\nGROUP BY u.username\nHAVING COUNT(s.id) > ${r.int(2, 20)};`,
      (r) => `WITH recent AS (\n  SELECT customer_id, SUM(amount_cents) AS total FROM orders WHERE placed_at >= DATE '2026-${String(r.int(1, 12)).padStart(2, '0')}-01' GROUP BY 1\n)\nSELECT c.name, r.total FROM recent r JOIN customers c USING (customer_id) ORDER BY r.total DESC;`,
      (r) => `SELECT TOP ${r.int(5, 100)} [LoginName], [PasswordLastSetTime] FROM sys.sql_logins WHERE is_policy_checked = 1;`,
      (r) => `SELECT user, host, plugin, password_expired FROM mysql.user WHERE user LIKE '${r.pick(['app%', 'svc_%', 'report%'])}';`,
      (r) => `SELECT rolname, rolcanlogin, rolvaliduntil FROM pg_roles WHERE rolpassword IS NOT NULL;`,
      (r) => `db.users.find({ email: /@acme\\.io$/ }, { password: 0, apiKey: 0 }).limit(${r.int(5, 50)})`,
      (r) => `SELECT key, value FROM app_settings WHERE key IN ('password_min_length', 'token_ttl_seconds', 'session_timeout');`,
      (r) => `SELECT * FROM \`${r.pick(['acme-prod', 'analytics-dw'])}.auth.login_attempts\` WHERE success = FALSE AND reason = 'bad_password' AND ts > TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 1 DAY)`,
      (r) => `SELECT toStartOfHour(ts) AS h, countIf(status = 401) AS unauthorized FROM http_logs WHERE path LIKE '/api/token%' GROUP BY h ORDER BY h`,
      (r) => `DELETE FROM ${table(r)} WHERE id = '${uuid(r)}';`,
    ],
  },
  {
    name: 'sql-ddl',
    templates: [
      (r) => `CREATE TABLE users (\n  id BIGSERIAL PRIMARY KEY,\n  email TEXT NOT NULL UNIQUE,\n  password_hash TEXT NOT NULL,\n  password_salt BYTEA,\n  mfa_secret_encrypted BYTEA,\n  created_at TIMESTAMPTZ NOT NULL DEFAULT now()\n);`,
      (r) => `CREATE TABLE api_keys (\n  id INTEGER PRIMARY KEY AUTOINCREMENT,\n  key_prefix CHAR(8) NOT NULL,\n  key_hash CHAR(64) NOT NULL,\n  scopes TEXT,\n  last_used_at INTEGER\n);\nCREATE INDEX idx_api_keys_prefix ON api_keys(key_prefix);`,
      (r) => `GRANT SELECT, INSERT, UPDATE ON ${dbName(r)}.* TO '${user(r)}'@'%';`,
      (r) => `ALTER TABLE accounts ADD COLUMN password_changed_at DATETIME NULL AFTER password_hash;`,
      (r) => `CREATE USER ${user(r)} IDENTIFIED WITH auth_socket;`,
      (r) => `CREATE ROLE readonly NOLOGIN;\nGRANT USAGE ON SCHEMA public TO readonly;\nGRANT SELECT ON ALL TABLES IN SCHEMA public TO readonly;`,
      (r) => `CREATE LOGIN [ACME\\${user(r)}] FROM WINDOWS WITH DEFAULT_DATABASE = [${dbName(r)}];`,
      (r) => `CREATE USER ${user(r)} IDENTIFIED EXTERNALLY;`,
      (r) => `ALTER USER ${user(r)} SET RSA_PUBLIC_KEY_FP = 'SHA256:${r.chars(ALPHA.B64, 43)}=';`,
      (r) => `CREATE TABLE oauth_tokens (\n  token_id UUID PRIMARY KEY DEFAULT gen_random_uuid(),\n  access_token_hash TEXT,\n  refresh_token_hash TEXT,\n  expires_at TIMESTAMPTZ\n);`,
      (r) => `CREATE TRIGGER trg_${r.pick(WORDS)} BEFORE UPDATE OF password_hash ON users FOR EACH ROW EXECUTE FUNCTION audit_password_change();`,
      (r) => `PRAGMA journal_mode = WAL;\nPRAGMA foreign_keys = ON;\nPRAGMA cipher_compatibility = 4;`,
    ],
  },
  {
    name: 'sql-literals',
    templates: [
      (r) => `INSERT INTO products (sku, name, color, price) VALUES ('SKU-${r.chars(ALPHA.UPPER + ALPHA.DIGITS, 10)}', '${r.pick(WORDS)} lamp', '#${hex(r, 6)}', ${r.int(100, 99999) / 100});`,
      (r) => `SELECT * FROM files WHERE sha256 = '${hex(r, 64)}';`,
      (r) => `SELECT * FROM commits WHERE sha = '${hex(r, 40)}' OR parent_sha = '${hex(r, 40)}';`,
      (r) => `INSERT INTO shipments (tracking_number, carrier) VALUES ('1Z${r.chars(ALPHA.UPPER + ALPHA.DIGITS, 16)}', 'UPS');`,
      (r) => `SELECT * FROM sessions WHERE id = '${uuid(r)}' AND user_agent LIKE '%Firefox%';`,
      (r) => `INSERT INTO images (id, thumbnail) VALUES (${r.int(1, 999)}, X'${hex(r, 96).toUpperCase()}');`,
      (r) => `UPDATE devices SET push_topic = 'device.${hex(r, 16)}' WHERE device_id = '${uuid(r)}';`,
      (r) => `SELECT * FROM stripe_charges WHERE charge_id = 'ch_${r.chars(ALPHA.ALNUM, 24)}' AND customer = 'cus_${r.chars(ALPHA.ALNUM, 14)}';`,
      (r) => `INSERT INTO events (trace_id, span_id, name) VALUES ('${hex(r, 32)}', '${hex(r, 16)}', 'checkout.completed');`,
      (r) => `SELECT * FROM users WHERE password_hash = '$2b$12$${r.chars(ALPHA.ALNUM + './', 53)}';`,
      (r) => `INSERT INTO ip_blocklist (cidr, reason) VALUES ('${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.0/24', 'brute force on /login');`,
      (r) => `SELECT * FROM orders WHERE idempotency_key = '${uuid(r)}';`,
      (r) => `SELECT * FROM git_objects WHERE oid = 'sha256:${hex(r, 64)}';`,
    ],
  },
  {
    name: 'connection-metadata',
    templates: [
      (r) => JSON.stringify({ name: `${dbName(r)} (prod)`, type: 'postgres', host: host(r), port: 5432, database: dbName(r), username: user(r), sslMode: 'require' }),
      (r) => `postgres://${user(r)}@${host(r)}:5432/${dbName(r)}?sslmode=verify-full`,
      (r) => `jdbc:mysql://${host(r)}:3306/${dbName(r)}?useSSL=true&serverTimezone=UTC`,
      (r) => `Server=${host(r)};Database=${dbName(r)};Integrated Security=True;TrustServerCertificate=False;`,
      (r) => `Driver={ODBC Driver 18 for SQL Server};Server=${host(r)};Database=${dbName(r)};Trusted_Connection=yes;`,
      (r) => `host=${host(r)} port=5432 dbname=${dbName(r)} user=${user(r)} sslmode=require sslrootcert=/etc/ssl/rds-ca.pem`,
      (r) => `mongodb+srv://${host(r)}/${dbName(r)}?authMechanism=MONGODB-X509&tls=true`,
      (r) => `redis://${host(r)}:6379/${r.int(0, 15)}`,
      (r) => JSON.stringify({ connection_id: `${hex(r, 8)}-${hex(r, 4)}`, name: 'Warehouse', host: 'xy12345.snowflakecomputing.com', database: 'ANALYTICS', username: 'REPORTER', authenticator: 'externalbrowser', tags: ['prod', 'read-only'] }),
      (r) => `mysql://${user(r)}@${host(r)}/${dbName(r)}`,
      (r) => `Data Source=${dbName(r)}.db;Mode=ReadWriteCreate;Cache=Shared`,
      (r) => JSON.stringify({ host: host(r), port: 3306, username: user(r), password: '', savePassword: false, useKeychain: true }),
    ],
  },
]
