import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { REDACTED, findCredentials, redactSql } from '../../src/security'
import { ORDINARY_SQL } from './fixtures/ordinary-sql'
import { anySecret } from './fixtures/secrets'

const R = REDACTED

describe('redactSql: each form redacts the value and keeps the statement', () => {
  const cases: readonly [string, string][] = [
    ["ALTER ROLE app WITH LOGIN PASSWORD 'hunter2'", `ALTER ROLE app WITH LOGIN PASSWORD '${R}'`],
    // A comma or bracket inside an unquoted libpq password does not end it (found by the leak property, seed -1879284437).
    ['host=db port=5432 user=app password=A[,AAAAAAAA0 sslmode=require', `host=db port=5432 user=app password=${R} sslmode=require`],
    ['password=a,b)c]d}e user=x', `password=${R} user=x`],
    ['host=db user=app password=A(&AAAAAAAA0 sslmode=require', `host=db user=app password=${R} sslmode=require`],
    ['Server=tcp:db,1433;User ID=app;Password=A())AAAAAA0;Encrypt=True', `Server=tcp:db,1433;User ID=app;Password=${R};Encrypt=True`],
    ["ALTER USER bob PASSWORD 'it''s a secret'", `ALTER USER bob PASSWORD '${R}'`],
    ["ALTER USER bob PASSWORD 'it\\'s'", `ALTER USER bob PASSWORD '${R}'`],
    ["CREATE ROLE r WITH ENCRYPTED PASSWORD 'md5abc'", `CREATE ROLE r WITH ENCRYPTED PASSWORD '${R}'`],
    ['ALTER ROLE r PASSWORD $pw$se\'cr$et$pw$', `ALTER ROLE r PASSWORD $pw$${R}$pw$`],
    ['ALTER ROLE r PASSWORD $$s3cret$$', `ALTER ROLE r PASSWORD $$${R}$$`],
    ["CREATE USER 'u'@'%' IDENTIFIED BY 'p@ss'", `CREATE USER 'u'@'%' IDENTIFIED BY '${R}'`],
    ["ALTER USER u IDENTIFIED WITH caching_sha2_password BY 'x1'", `ALTER USER u IDENTIFIED WITH caching_sha2_password BY '${R}'`],
    ["ALTER USER u IDENTIFIED BY 'new1' REPLACE 'old1'", `ALTER USER u IDENTIFIED BY '${R}' REPLACE '${R}'`],
    ['ALTER USER scott IDENTIFIED BY tiger', `ALTER USER scott IDENTIFIED BY ${R}`],
    ["SET PASSWORD = 'abc1'", `SET PASSWORD = '${R}'`],
    ["SET PASSWORD FOR 'bob'@'localhost' = PASSWORD('abc1')", `SET PASSWORD FOR 'bob'@'localhost' = PASSWORD('${R}')`],
    ["SET PASSWORD FOR bob = 'abc1'", `SET PASSWORD FOR bob = '${R}'`],
    ["CREATE LOGIN bob WITH PASSWORD = N'Str0ng!', CHECK_POLICY = ON", `CREATE LOGIN bob WITH PASSWORD = N'${R}', CHECK_POLICY = ON`],
    ["CREATE DATABASE SCOPED CREDENTIAL c WITH IDENTITY = 'u', SECRET = 'k3y'", `CREATE DATABASE SCOPED CREDENTIAL c WITH IDENTITY = 'u', SECRET = '${R}'`],
    ['postgres://bob:p4ss@db.example.com:5432/app', `postgres://bob:${R}@db.example.com:5432/app`],
    ['postgres://bob:p@ss:w/rd@db.example.com:5432/app?sslmode=require', `postgres://bob:${R}@db.example.com:5432/app?sslmode=require`],
    ['mysql://u:pa@ss@h/db?email=a@b.com', `mysql://u:${R}@h/db?email=a@b.com`],
    ['redis://:s3cret@cache:6379/0', `redis://:${R}@cache:6379/0`],
    ['mongodb+srv://app:x%40y@cluster0.mongodb.net/db', `mongodb+srv://app:${R}@cluster0.mongodb.net/db`],
    ['Server=db;User ID=app;Password=my secret 1;Database=d', `Server=db;User ID=app;Password=${R};Database=d`],
    ['host=h password=abc1 dbname=d', `host=h password=${R} dbname=d`],
    ['Driver={x};Uid=app;Pwd=s3cr3t;', `Driver={x};Uid=app;Pwd=${R};`],
    ['database:\n  password: hunter2\n  user: app', `database:\n  password: ${R}\n  user: app`],
    ['{"user":"app","password":"p\\"w1"}', `{"user":"app","password":"${R}"}`],
    ["$db = ['password' => 'x9']", `$db = ['password' => '${R}']`],
    ['curl -H "Authorization: Bearer abc.def-ghi_jkl0123"', `curl -H "Authorization: Bearer ${R}"`],
    ['Authorization: Basic dXNlcjpwYXNz', `Authorization: Basic ${R}`],
    ['key AKIAIOSFODNN7EXAMPLE', `key ${R}`],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', `aws_secret_access_key = ${R}`],
    [`token ghp_${'a1'.repeat(18)}`, `token ${R}`],
    [`token github_pat_${'A1_'.repeat(10)}`, `token ${R}`],
    ['xoxb-123456789012-abcdefABCDEF', R],
    ['https://hooks.slack.com/services/T00/B00/XXXXabcd', `https://hooks.slack.com/services/${R}`],
    [`sk_live_${'a1B2'.repeat(6)}`, R],
    [`key=sk-proj-${'ab12'.repeat(10)}`, `key=${R}`],
    [`sk-ant-api03-${'xY9_'.repeat(20)}`, R],
    [`AIza${'Sy1-'.repeat(8)}abc`, R],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlMTIz', R],
    ['-----BEGIN RSA PRIVATE KEY-----\nMIIabc\n-----END RSA PRIVATE KEY-----', `-----BEGIN RSA PRIVATE KEY-----${R}-----END RSA PRIVATE KEY-----`],
    ['-- password: hunter2\nSELECT 1', `-- password: ${R}\nSELECT 1`],
    ['/* pwd=abc1 */ SELECT 1', `/* pwd=${R} */ SELECT 1`],
    ["SELECT dblink_connect('host=db user=app password=s3cret')", `SELECT dblink_connect('host=db user=app password=${R}')`],
  ]
  it.each(cases)('%s', (input, expected) => {
    expect(redactSql(input)).toBe(expected)
    expect(findCredentials(input).length).toBeGreaterThan(0)
    expect(findCredentials(expected)).toEqual([])
  })
})

describe('redactSql: ordinary SQL is untouched', () => {
  it.each([
    'SELECT password FROM users',
    'WHERE api_key IS NULL',
    'CREATE TABLE tokens (secret TEXT)',
    'UPDATE users SET password_hash = $1',
    'ALTER USER bob WITH LOGIN',
    "WHERE name = 'O''Brien'",
    'password = ?',
    'password = $1',
    'WHERE password = :password',
    `UPDATE t SET parameters = '${R}'`,
  ])('%s', (sql) => {
    expect(redactSql(sql)).toBe(sql)
  })
})

const noise = fc.string({
  unit: fc.constantFrom(...`abcPASSWORDpassword=:;'"\`@/?#$()[]{}\n \t-*.,_&<>\\`.split('')),
  maxLength: 40,
})
const glue = fc.constantFrom(
  'password', 'PASSWORD ', 'IDENTIFIED BY ', "'", '"', '=', ': ', ';', '@', '://', 'u:', 'Bearer ', 'token=', R, '$$',
  'pwd=', 'Password=', '-----BEGIN PRIVATE KEY-----', '-----END PRIVATE KEY-----', '\n', ' ', 'postgres://', '/*', '*/',
  '--', 'secret ', 'FOR ', '(', ')',
)
/** SQL-ish text: ordinary statements, embedded secrets, separators and noise, concatenated. */
const sqlWithSecrets = fc
  .array(fc.oneof(fc.constantFrom(...ORDINARY_SQL), anySecret.map((s) => s.text), noise, glue), { maxLength: 8 })
  .map((parts) => parts.join(''))

describe('redactSql properties', () => {
  it('is idempotent and leaves nothing findCredentials reports', () => {
    fc.assert(
      fc.property(sqlWithSecrets, (text) => {
        const once = redactSql(text)
        expect(redactSql(once)).toBe(once)
        expect(findCredentials(once)).toEqual([])
      }),
      { numRuns: 3000 },
    )
  })

  it('is idempotent on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const once = redactSql(text)
        expect(redactSql(once)).toBe(once)
        expect(findCredentials(once)).toEqual([])
      }),
      { numRuns: 2000 },
    )
  })
})

describe('redactSql stays linear on large and adversarial text (AI messages can be megabytes)', () => {
  it.each([
    ['one long word', 'a'.repeat(300_000)],
    ['dashed word', 'a-'.repeat(150_000)],
    ['repeated keys', 'password='.repeat(30_000)],
    ['unterminated literals', "PASSWORD '".repeat(30_000)],
    ['scheme runs', 'a://b:'.repeat(50_000)],
    ['host-port-path-at', 'h://u:1/@h'.repeat(30_000)],
  ])('%s', (_name, text) => {
    const started = performance.now()
    redactSql(text)
    findCredentials(text)
    expect(performance.now() - started).toBeLessThan(3000)
  })
})
