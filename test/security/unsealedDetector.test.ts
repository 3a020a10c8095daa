/**
 * Unsealed mode, issue 25 part 6: one example per rule added in this wave, written for this file (not taken from any
 * corpus). Benign examples must pass the line they concern untouched; credentials must be found by the final check.
 * Each case names the line it exercises: line 1 is `redactSql` / `findCredentials`, line 2 is `checkRequestBody` on
 * the Hrana body that carries the text.
 */
import { describe, expect, it } from 'vitest'
import { checkRequestBody, findCredentials, redactSql } from '@howlerops/sync/security'
import { hranaBody } from './corpusMeasure'

const lineTwo = async (text: string): Promise<string[]> => (await checkRequestBody(hranaBody(text))).map((f) => f.kind)
const lineOneAlters = (text: string): boolean => redactSql(text) !== text || findCredentials(text).length > 0

/** Benign text the final check used to block: ids, versions, names, masks, fingerprints, ciphertext near a credential word. */
const LINE_TWO_BENIGN: ReadonlyArray<readonly [rule: string, text: string]> = [
  ['a UUID further from the word than its value is an id', 'password authentication failed for user "report"; request 9b2f4c1e-6a3d-4e8b-9f70-12ab34cd56ef'],
  ['a hex string further from the word is an id', 'token refresh rejected, see trace c0ffee1234abcd5678ef90aa12bc34de in the gateway'],
  ['a protocol version is not a value', 'POST /oauth/token HTTP/1.1'],
  ['hyphenated header names are words', 'Access-Control-Allow-Headers: Content-Type, X-Api-Key'],
  ['a colour is not a value', 'password strength colours: weak #c0392b, strong #27ae60'],
  ['a masked value is not a value', 'secret_key     ****************Q7xZ shared-credentials-file'],
  ['an OpenSSH fingerprint names a key', 'key fingerprint is SHA256:q9Xv3cT2LmZ8bN4rK7wP1sD6fG0hJ5yU2iO9eA3tRzE (ED25519)'],
  ['a GnuPG key id names a key', 'gpg --list-secret-keys\nsec   rsa4096/8F3A2C1B9D7E6F50 2025-03-01 [SC]'],
  ['SOPS ciphertext', 'password: ENC[AES256_GCM,data:q8ZkR2vW1x,iv:Xy1pQ9rT5uV3wZ7aB2cD4eF6gH8jK0mN2pQ4rS6tU8v=,tag:Ab3Cd5Ef7Gh9Jk1Lm3Np5Q==,type:str]'],
  ['Vault transit ciphertext', 'token: vault:v1:8SDd3WHDOjf7mq69CyCqYjBXAiQQAVZRkFM13ok481zoCmHnSeDX9vyf7w=='],
  ['a KMS data key blob (ciphertext, far longer than a key)', `data_key: ${'AQIDAHhoNqvN3+5tW/Kp9QzLr8Yx2b'.repeat(7)}`],
  ['a Postgres bytea literal (pgcrypto output)', "app.key -> pgp_sym_encrypt(...) = \\xc30d04070302a1b2c3d4e5f60718293a4b5c6d7e8f9012"],
  ['a websocket handshake nonce', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='],
  ['a websocket handshake nonce, lowercase header', 'sec-websocket-key: x3JJHMbDL1EzLkh9GBhXDw'],
  ['a path under an environment variable', 'password file: $CREDENTIALS_DIRECTORY/pg2'],
  ['a protocol and version in capitals', 'token exchange negotiated TLS1.3 with the proxy'],
  ['a lowercase relative path', 'jwt token verify failed in node_modules/.pnpm/jsonwebtoken@9.0.2/node_modules/jsonwebtoken/verify.js'],
  ['a placeholder-filled token', 'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx'],
  ['the name before IDENTIFIED is a user', 'ALTER USER app2024x IDENTIFIED EXTERNALLY;'],
  ['last_login is an event', 'last_login  Web7Kx2Q'],
  ['far from the word, a short lowercase-and-digit token is a name', 'Password reset mail was sent to host node7x3q'],
  ['a Redis ACL hashed password', 'ACL SETUSER reports on #5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8 ~reports:* +get'],
  ['an age recipient is a public key', 'key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p'],
]

/** Benign text the sanitizer used to redact. */
const LINE_ONE_BENIGN: ReadonlyArray<readonly [rule: string, text: string, secret?: boolean]> = [
  ['a one-character value is a projection', 'db.users.find({}, { password: 0, email: 1 })'],
  ['a message that names the credential', "errors.password = 'Password is required'"],
  ['a passphrase that says secret is still a passphrase', "ALTER USER bob PASSWORD 'it''s a secret'", true],
  ['two characters can be a password', "ALTER USER u IDENTIFIED WITH caching_sha2_password BY 'x1'", true],
  ['an index expression is code', 'secret: secrets[name]'],
  ['a dotted lowercase path is a reference', "password: 'settings.database.password'"],
  ['a named Kubernetes secret (key: value)', 'secret: db-credentials'],
  ['a named Kubernetes secret (config line)', 'APP_SECRET=prod-db-creds'],
  ['a log line naming a stored secret', 'Error: secret "pg-credentials" not found'],
  ['a Vault KV path', 'password: secret/data/prod/postgres#password'],
  ['a SQL*Plus substitution variable', 'CREATE USER app IDENTIFIED BY "&&app_pw";'],
  ['a placeholder-filled token', 'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx'],
  ['an Idempotency-Key is a request id', 'Idempotency-Key: 5b1e7c2a-9d3f-4a6b-8c0e-1f2a3b4c5d6e'],
  ['a websocket handshake nonce', 'sec-websocket-key: dGhlIHNhbXBsZSBub25jZQ=='],
  ['an age recipient after key:', 'key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p'],
]

/** Credentials the final check used to miss. */
const LINE_TWO_CREDENTIALS: ReadonlyArray<readonly [rule: string, text: string]> = [
  ['a TOTP setup key in groups of four', 'Authenticator setup key: k3m7 q2xp w5zr t4yn'],
  ['a TOTP seed in one run', 'otp seed for the ops account is MFRGG2LTMVZXI4ZAONSXC3TF'],
  ['a list of recovery codes', 'GitLab recovery codes:\n4f2a9-c81d3\n7b0e2-99f1a\n1c6d8-3e5b7'],
  ['one recovery code beside its label', 'my backup code is 8k2p7-q4m9x'],
  ['backup codes in another language', 'Códigos de recuperación: 4829 1735, 9054 2268, 3317 8842'],
  ['a BitLocker recovery key', 'recovery for the laptop: 123456-654321-112233-445566-778899-990011-223344-556677'],
  ['a 1Password Secret Key', 'A3-K7Q2MX-9PLT4R-ZX81W-4HN2C-77JQD-M3B8E'],
  ['a numbered mnemonic', '1.arrive 2.arrow 3.art 4.artefact 5.artist 6.artwork 7.ask 8.aspect 9.assault 10.asset 11.assist 12.assume'],
  ['a signing key passed to jwt.sign', "const t = jwt.sign({ sub: id }, 'q7Lx2v9KpR4mZt8W', { expiresIn: '1h' })"],
  ['an HMAC key passed to createHmac', "crypto.createHmac('sha256', 'Zt8Wq7Lx2v9KpR4m').update(body)"],
  ['a cookie-signing secret', "app.use(cookieParser('r4mZt8Wq7Lx2v9Kp'))"],
  // A positional credential keeps its place whatever its shape: a hex key is not an id here.
  ['Mongo changeUserPassword with a hex password', "db.changeUserPassword('reporting', 'x', 'c0ffee1234abcd5678ef90aa12bc34de')"],
  ['Redis requirepass', 'requirepass Tr4ck-9f2kLq'],
  ['Redis ACL SETUSER with a password', 'ACL SETUSER alice on >Wx7v!q2Lp9 ~cached:* +get'],
  ['a SQLCipher passphrase of plain words', "PRAGMA key = 'purple monkey dishwasher';"],
  ['a SQLCipher raw key', `PRAGMA key = "x'${'2DD29CA851E7B56E4697B0E1F08507293D761A05CE4D1B628663F411A8086D99'}'";`],
  ['an ATTACH … KEY passphrase', "ATTACH DATABASE 'vault.db' AS vault KEY 'seven green lanterns';"],
  ['a session cookie', 'Cookie: theme=dark; connect.sid=s%3AaB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1x.Zy8Xw7Vu6Ts5; lang=en'],
]

/** Stand-ins next to the new credential rules: they stay clean. */
const LINE_TWO_STAND_INS: ReadonlyArray<readonly [rule: string, text: string]> = [
  ['a bound SQLCipher key', 'PRAGMA key = ?;'],
  ['a templated SQLCipher key', "PRAGMA key = '${DB_KEY}';"],
  ['a templated session cookie', 'Set-Cookie: sessionid=${SESSION}; Path=/'],
  ['talk about recovery codes without codes', 'Where do I find my recovery codes? I lost the printout from 2021.'],
]

describe('unsealed mode: the final check leaves these alone', () => {
  for (const [rule, text] of LINE_TWO_BENIGN) it(rule, async () => expect(await lineTwo(text)).toEqual([]))
  for (const [rule, text] of LINE_TWO_STAND_INS) it(rule, async () => expect(await lineTwo(text)).toEqual([]))
})

describe('unsealed mode: the sanitizer leaves these alone (and still redacts the two marked passwords)', () => {
  for (const [rule, text, secret = false] of LINE_ONE_BENIGN) it(rule, () => expect(lineOneAlters(text)).toBe(secret))
})

describe('unsealed mode: the final check blocks these', () => {
  for (const [rule, text] of LINE_TWO_CREDENTIALS) it(rule, async () => expect(await lineTwo(text)).not.toEqual([]))
})

/** Credentials the sanitizer used to leave in place: each needle must be gone, and the redacted text must be clean. */
const LINE_ONE_CREDENTIALS: ReadonlyArray<readonly [rule: string, text: string, needles: readonly string[]]> = [
  ['a BitLocker recovery key', 'recovery for the laptop: 123456-654321-112233-445566-778899-990011-223344-556677', ['654321-112233']],
  ['a 1Password Secret Key', '1Password account: A3-K7Q2MX-9PLT4R-ZX81W-4HN2C-77JQD-M3B8E', ['9PLT4R-ZX81W']],
  ['a TOTP setup key in groups of four', 'Authenticator setup key: k3m7 q2xp w5zr t4yn', ['k3m7 q2xp w5zr t4yn']],
  ['a TOTP seed in one run', 'otp seed for the ops account is MFRGG2LTMVZXI4ZAONSXC3TF', ['MFRGG2LTMVZXI4ZAONSXC3TF']],
  ['a list of recovery codes', 'GitLab recovery codes:\n4f2a9-c81d3\n7b0e2-99f1a\n1c6d8-3e5b7', ['4f2a9-c81d3', '7b0e2-99f1a', '1c6d8-3e5b7']],
  ['backup codes in another language', 'Códigos de recuperación: 4829 1735, 9054 2268, 3317 8842', ['4829 1735', '9054 2268', '3317 8842']],
  ['a session cookie', 'Cookie: theme=dark; connect.sid=s%3AaB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1x.Zy8Xw7Vu6Ts5; lang=en', ['aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1x']],
]

describe('unsealed mode: the sanitizer redacts these', () => {
  for (const [rule, text, needles] of LINE_ONE_CREDENTIALS) {
    it(rule, () => {
      const redacted = redactSql(text)
      for (const needle of needles) expect(redacted).not.toContain(needle)
      expect(findCredentials(redacted)).toEqual([])
      // The words around the codes stay.
      expect(redacted.length).toBeGreaterThan(0)
    })
  }
  it('leaves talk about recovery codes and second factors alone', () => {
    for (const text of ['Where do I find my recovery codes? I lost the printout from 2021.', 'Enable 2FA with an authenticator app, then save the backup codes.']) {
      expect(lineOneAlters(text)).toBe(false)
    }
  })
})
