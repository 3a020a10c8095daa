import { benign, q, sp, type TextClass } from './types'
import { b64, host, hex, pem, port, randomB64, randomB64url, sshPublic, user } from './values'

const PLACEHOLDER_VALUES = [
  'YOUR_TOKEN_HERE', 'YOUR_API_KEY', 'your-api-key', '<token>', '<password>', '<your-password>', '${MYSQL_PASSWORD}', '${DB_PASS}',
  '$DB_PASSWORD', '%DB_PASSWORD%', '{{ .Values.db.password }}', '{{password}}', 'xxx', 'xxxxxxxx', 'XXXXXXXX', '********', 'changeme',
  'CHANGE_ME', 'change-me', 'REPLACE_ME', 'replace_me', 'changeit', '...', '<redacted>', 'TODO', 'PASSWORD_HERE', 'secret', 'password',
]

/** Placeholders where a credential would go: templates, bind parameters, masks, template markers. */
export const PLACEHOLDERS: TextClass<string> = benign('placeholders', (r) => {
  const v = r.pick(PLACEHOLDER_VALUES)
  const o = q(r)
  const s = sp(r)
  return r.pick([
    () => `Authorization: Bearer ${r.pick(['YOUR_TOKEN_HERE', '<token>', '$TOKEN', '${ACCESS_TOKEN}', 'xxx', '<your-access-token>', 'ACCESS_TOKEN'])}`,
    () => `curl -H "Authorization: ${r.pick(['Bearer', 'Basic', 'Token'])} ${r.pick(['<token>', 'YOUR_API_TOKEN', '$API_TOKEN', '<base64>'])}" https://api.example.com/v1/me`,
    () => `${r.pick(['password', 'DB_PASSWORD', 'api_key', 'token', 'client_secret', 'PGPASSWORD'])}${s}${r.pick(['=', ':', ': '])}${s}${v}`,
    () => `"${r.pick(['password', 'apiKey', 'token', 'secret'])}":${s}"${v}"`,
    () => `mysql://<username>:<password>@${host(r)}${port(r)}/app`,
    () => `postgres://${r.pick(['user:password', '<user>:<password>', 'USER:PASSWORD', '${DB_USER}:${DB_PASSWORD}'])}@${host(r)}${port(r)}/app`,
    () => `cursor.execute(${o}SELECT id FROM users WHERE name = %s AND password = %s${o}, (name, password))`,
    () => `SELECT id FROM users WHERE email = :email AND password = :password`,
    () => `UPDATE users SET password = ? WHERE id = ?`,
    () => `DriverManager.getConnection(url, user, password)`,
    () => `db.auth(${r.pick(['user, pwd', 'process.env.MONGO_USER, process.env.MONGO_PASS', `${o}${user(r)}${o}, passwordPrompt()`])})`,
    () => `PRAGMA key = ${r.pick(['?', ':key', "'<passphrase>'", '$1'])};`,
    () => `EXEC sp_setapprole @rolename = N'App', @password = ${r.pick(['@pw', "N'<password>'", '@password'])};`,
    () => `redis-cli AUTH ${r.pick(['<password>', '$REDIS_PASSWORD', '"${REDIS_PASSWORD}"'])}`,
    () => `new Client({ user: process.env.PGUSER, password: process.env.PGPASSWORD })`,
  ])()
})

/** References to a secret kept elsewhere: they name where it is, never what it is. */
export const REFERENCES: TextClass<string> = benign('secret references', (r) => {
  const name = r.pick(['DB', 'DB_PASSWORD', 'PROD_PG', 'NPM_TOKEN', 'OPENAI_API_KEY'])
  const k = r.pick(['password', 'DB_PASSWORD', 'token', 'api_key', 'secret'])
  return r.pick([
    () => `${k}: \${{ secrets.${name} }}`,
    () => `env:\n  ${k.toUpperCase()}: \${{ secrets.${name} }}`,
    () => `${k}: op://${r.pick(['vault', 'Private', 'Prod DB'.replace(' ', '-')])}/${r.pick(['item', 'postgres', 'stripe'])}/${r.pick(['field', 'password', 'credential'])}`,
    () => `${k.toUpperCase()}=op://Private/${r.pick(['db', 'api'])}/password`,
    () => `${k}: vault:secret/data/${r.pick(['x', 'prod/db', 'app'])}#${r.pick(['key', 'password'])}`,
    () => `existingSecret: ${r.pick(['pg-credentials', 'db-secret', 'redis-auth', 'app-secrets', 'mongo_creds'])}`,
    () => `valueFrom:\n  secretKeyRef:\n    name: ${r.pick(['pg', 'db-credentials'])}\n    key: ${r.pick(['password', 'token'])}`,
    () => `${r.pick(['secret_arn', 'password', 'SecretId'])}: arn:aws:secretsmanager:${r.pick(['us-east-1', 'eu-west-1'])}:${r.int(100000000000, 999999999999)}:secret:${r.pick(['prod/db', 'app'])}-${r.pick(['AbCdEf', 'x7Yz9Q'])}`,
    () => `${k} = env(${r.pick(['DB_PASS', 'API_TOKEN', 'SECRET'])})`,
    () => `${k}: "@Microsoft.KeyVault(SecretUri=https://kv-prod.vault.azure.net/secrets/${r.pick(['db', 'api'])}/)"`,
    () => `${k}: projects/${r.pick(['acme-prod', 'app-123'])}/secrets/${r.pick(['db-password', 'api'])}/versions/latest`,
  ])()
})

/** Public keys and publishable keys: meant to be shared. */
export const PUBLIC_KEYS: TextClass<string> = benign('public and publishable keys', (r) => {
  const pk = `pk_${r.pick(['live', 'test'])}_${randomB64url(r, 40).replace(/[_-]/g, 'a')}`
  return r.pick([
    () => `${r.pick(['public_key', 'SSH_KEY', 'ssh_authorized_key', 'key'])}${r.pick([': ', '="', ' = "'])}${sshPublic(r)} ${user(r)}@laptop`,
    () => `${sshPublic(r)} ${user(r)}@${host(r)}`,
    () => `${r.pick(['public key', 'PUBLIC_KEY', 'jwt public key'])}:\n${pem(r, 'PUBLIC KEY')}`,
    () => `ssl_cert = """\n${pem(r, 'CERTIFICATE')}"""`,
    () => `${r.pick(['STRIPE_KEY', 'stripe_publishable_key', 'publishableKey', 'NEXT_PUBLIC_STRIPE_KEY'])}${r.pick(['=', ': '])}${pk}`,
    () => `const stripe = Stripe('${pk}')`,
    () => `{"kty":"RSA","kid":"${hex(r, 16)}","use":"sig","alg":"RS256","n":"${randomB64url(r, 342)}","e":"AQAB"}`,
    () => `{"keys":[{"kty":"EC","crv":"P-256","kid":"${hex(r, 8)}","x":"${randomB64url(r, 43)}","y":"${randomB64url(r, 43)}"}]}`,
    () => `<RSAKeyValue><Modulus>${randomB64(r, 172)}</Modulus><Exponent>AQAB</Exponent></RSAKeyValue>`,
  ])()
})

/** Questions, prose and error messages about credentials, in many languages: no value in them. */
export const PROSE: TextClass<string> = benign('prose and errors about credentials', (r) => {
  const u = user(r)
  return r.pick([
    () => `ORA-${r.pick(['01017', '28000', '28001', '01005'])}: invalid username/password; logon denied`,
    () => `ERROR 1045 (28000): Access denied for user '${u}'@'${r.pick(['localhost', '%', '10.0.3.17'])}' (using password: ${r.pick(['YES', 'NO'])})`,
    () => `FATAL:  password authentication failed for user "${u}"`,
    () => `Login failed for user '${u}'. (Microsoft SQL Server, Error: 18456)`,
    () => `(error) WRONGPASS invalid username-password pair or user is disabled.`,
    () => `MongoServerError: Authentication failed. code 18`,
    () => r.pick(['What does IDENTIFIED BY do in MySQL?', 'How do I use PRAGMA key with SQLCipher?', 'Why does db.auth() return 0?', 'When should I call sp_setapprole?', 'Is it safe to pass the password to DriverManager.getConnection?', 'What does AUTH do in Redis 6 with ACL users?']),
    () => r.pick([
      'Wie setze ich mein Passwort zurück?', 'Ich habe mein Passwort vergessen, wie kann ich es zurücksetzen?', 'パスワードを忘れました。どうすればリセットできますか？',
      'パスワードは8文字以上である必要があります', 'J’ai oublié mon mot de passe, comment le réinitialiser ?', '¿Cómo restablezco mi contraseña de MySQL?',
      'मैं अपना पासवर्ड कैसे रीसेट करूं?', 'Ξέχασα τον κωδικό πρόσβασης μου, πώς τον αλλάζω;', 'שכחתי את הסיסמה, איך מאפסים אותה?',
      'ฉันลืมรหัสผ่าน จะรีเซ็ตได้อย่างไร', 'نسيت كلمة المرور، كيف يمكنني إعادة تعيينها؟', 'Tôi quên mật khẩu, làm sao để đặt lại?',
      'Saya lupa kata sandi, bagaimana cara meresetnya?', 'Я забув пароль, як його скинути?', 'Zapomněl jsem heslo, jak ho obnovím?',
      'Unohdin salasanani, miten voin vaihtaa sen?', 'Elfelejtettem a jelszavam, hogyan állíthatom vissza?', 'رمز عبورم را فراموش کردم، چطور آن را بازنشانی کنم؟',
      '비밀번호를 잊어버렸어요. 어떻게 재설정하나요?', '我忘记了密码，怎么重置？', 'Il token è scaduto, effettua di nuovo l’accesso.',
    ]),
  ])()
})

/** Hosts, emails and git remotes that carry `@` and `:` without a password. */
export const HOSTS: TextClass<string> = benign('hosts and addresses', (r) =>
  r.pick([
    () => `${host(r)}${port(r)}`,
    () => `${user(r)}@${host(r)}${port(r)}`,
    () => `git@github.com:${r.pick(['acme', 'howlerops'])}/${r.pick(['infra', 'sync'])}.git`,
    () => `mailto:${user(r)}@example.com`,
    () => `ssh ${user(r)}@${host(r)} -p 22`,
    () => `https://${host(r)}${port(r)}/reset?token={token}&page_token=${r.pick(['abc', 'CiAKGjBp'])}`,
    () => `redis://${host(r)}:6379/0`,
    () => `https://api.telegram.org/bot<token>/getMe`,
    () => `https://b.s3.amazonaws.com/${r.pick(['exports', 'raw'])}/q3.csv`,
    () => `Authorization: Basic ${b64(r.pick(['username:password', 'user:<password>', 'USER:PASSWORD']))}`,
    () => `client-certificate-data: ${b64(pem(r, 'CERTIFICATE', 3))}`,
    () => `next_token: ${b64(`{"offset":${r.int(10, 5000)}}`)}`,
  ])(),
)

/**
 * Base64 data in short content (an inline image, a thumbnail, a tool's small output): random, and not a credential.
 * Beside a credential word only data longer than any key is judged by its length (a 1 KB run after "token" may be one).
 */
export const BASE64_DATA: TextClass<string> = benign('base64 data under 32 KiB', (r) => {
  const data = randomB64(r, r.pick([r.int(200, 2_000), r.int(2_000, 30_000)]))
  return r.pick([
    () => `Here is the screenshot: ![shot](data:image/png;base64,${data})`,
    () => `{"type":"tool_result","mime":"image/webp","thumbnail":"${data}"}`,
    () => `The token count is high because of this attachment:\n${randomB64(r, r.int(3_000, 30_000))}`,
    () => `${data.slice(0, 100)}\n${data}`,
    // A piece of the run between `+` and `/` that reads as a credential word (`…+qPw/…`) is still data.
    () => `data:image/png;base64,${data.slice(0, 150)}+q${r.pick(['Pw', 'Pin', 'Sig', 'Token', 'Pass', 'Secret'])}/${data.slice(150)}`,
  ])()
})

export const BENIGN_CLASSES: ReadonlyArray<TextClass<string>> = [PLACEHOLDERS, REFERENCES, PUBLIC_KEYS, PROSE, HOSTS, BASE64_DATA]
