import { ALNUM, token } from '../corpus/random'
import { leak, q, sp, type LeakCase, type TextClass } from './types'
import { b64, b64url, hex, host, mnemonic, password, pem, port, randomB64, randomB64url, user } from './values'

const one = (text: string, needle: string): LeakCase => ({ text, needles: [needle] })

/** Credentials passed by position to SQL procedures, drivers and commands, with no credential word beside them. */
export const POSITIONAL: TextClass<LeakCase> = leak('positional arguments', (r) => {
  const p = password(r)
  const u = user(r)
  const h = host(r)
  const o = q(r)
  const s = sp(r)
  return one(
    r.pick([
      () => `${r.pick(['EXEC', 'exec', 'EXECUTE'])} ${r.pick(['', 'dbo.', 'sys.'])}sp_setapprole ${r.pick(['', 'N'])}'${r.pick(['ReportingApp', 'Payroll', 'etl_role'])}', ${r.pick(['', 'N'])}'${p}';`,
      () => `EXEC sp_addlogin '${u}', '${p}'${r.pick(['', ", 'master'"])}`,
      () => `EXEC sp_addapprole '${u}_role', '${p}'`,
      () => `EXEC sp_password NULL, '${p}', '${u}'`,
      () => `db.getSiblingDB(${o}admin${o}).auth(${o}${u}${o},${s}${o}${p}${o})`,
      () => `use admin\ndb.auth(${o}${u}${o}, ${o}${p}${o})`,
      () => `await redis.auth(${o}${p}${o})`,
      () => `${r.pick(['127.0.0.1:6379> ', '', 'redis-cli -h cache -p 6379 '])}AUTH ${r.pick(['', `${u} `])}${p}`,
      () => `PRAGMA ${r.pick(['', 'main.'])}${r.pick(['key', 'rekey'])}${s}=${s}'${p}';`,
      () => `Connection c = DriverManager.getConnection(${r.pick(['url', `"jdbc:mysql://${h}:3306/shop"`])},${s}"${u}",${s}"${p}");`,
      () => `$conn = ${r.pick(['mysqli_connect', 'new mysqli', 'mysql_connect'])}(${o}${h}${o}, ${o}${u}${o}, ${o}${p}${o}${r.pick(['', `, ${o}shop${o}`])});`,
      () => `$pdo = new PDO(${o}pgsql:host=${h};dbname=app${o}, ${o}${u}${o}, ${o}${p}${o});`,
      () => `$c = oci_connect('${u}', '${p}', '${h}/ORCLPDB1');`,
      () => `ftp.login(${o}${u}${o}, ${o}${p}${o})`,
      () => `conn.simple_bind_s(${o}cn=${u},dc=example,dc=com${o}, ${o}${p}${o})`,
      () => `cnx = mysql.connector.connect(host=${o}${h}${o}, user=${o}${u}${o}, password=${o}${p}${o})`,
      () => `psycopg2.connect("host=${h} dbname=app user=${u} password=${p}")`,
      () => `const client = new Client({ host: '${h}', user: '${u}', password: '${p}' })`,
      () => `sqlcmd -S ${h} -U ${u} -P ${p} -Q "SELECT 1"`,
      () => `CREATE USER ${u} IDENTIFIED BY '${p}';`,
      () => `ALTER LOGIN ${u} WITH PASSWORD = '${p}';`,
      () => `SET PASSWORD = '${p}';`,
      () => `SELECT dblink_connect('host=${h} user=${u} password=${p} dbname=app');`,
      () => `CREATE SERVER remote_pg FOREIGN DATA WRAPPER postgres_fdw OPTIONS (host '${h}', dbname 'app', password '${p}');`,
      () => `CREATE USER MAPPING FOR ${u} SERVER remote_pg OPTIONS (user '${u}', password '${p}');`,
      () => `mongo ${h}/admin -u ${u} -p ${p}`,
      () => `PGPASSWORD=${p} psql -h ${h} -U ${u} app`,
    ])(),
    p,
  )
})

/** Credentials wrapped in base64: kubeconfig, docker config.json, .npmrc, HTTP Basic. */
export const BASE64_WRAPPED: TextClass<LeakCase> = leak('base64-wrapped', (r) => {
  const pair = `${user(r)}:${password(r)}`
  const wrapped = r.pick([b64, b64url])(pair)
  const key = b64(pem(r, r.pick(['RSA PRIVATE KEY', 'EC PRIVATE KEY', 'PRIVATE KEY']), 4))
  const cert = b64(pem(r, 'CERTIFICATE', 4))
  return r.pick([
    () => one(`users:\n- name: ${user(r)}\n  user:\n    client-certificate-data: ${cert}\n    client-key-data: ${key}\n`, key),
    () => one(`{"auths":{"${r.pick(['https://index.docker.io/v1/', 'ghcr.io', 'registry.example.com:5000'])}":{${sp(r)}"auth":${sp(r)}"${b64(pair)}"}}}`, b64(pair)),
    () => one(`//registry.npmjs.org/:_auth=${b64(pair)}\nalways-auth=true`, b64(pair)),
    () => one(`_auth = "${b64(pair)}"`, b64(pair)),
    () => one(`curl -H '${r.pick(['Authorization', 'authorization'])}: Basic ${b64(pair)}' https://${host(r)}/api`, b64(pair)),
    () => one(`fetch(url, { headers: { Authorization: 'Basic ${b64(pair)}' } })`, b64(pair)),
    () => one(`const token = '${wrapped}' // base64 of user:pass for the proxy`, wrapped),
  ])()
})

/** Private key material that is not PEM: JWK private members, .NET RSAKeyValue, PuTTY .ppk, BIP39 mnemonics. */
export const KEY_MATERIAL: TextClass<LeakCase> = leak('non-PEM key material', (r) => {
  const d = randomB64url(r, r.pick([43, 86, 342]))
  const k = randomB64url(r, r.pick([22, 43]))
  const m = mnemonic(r)
  const D = randomB64(r, 172)
  const ppk = randomB64(r, 64)
  const s = sp(r)
  return r.pick([
    () => one(`{"kty":${s}"EC","crv":"P-256","x":"${randomB64url(r, 43)}","y":"${randomB64url(r, 43)}","d":${s}"${d}"}`, d),
    () => one(`{\n  "kty": "RSA",\n  "n": "${randomB64url(r, 342)}",\n  "e": "AQAB",\n  "d": "${d}",\n  "p": "${randomB64url(r, 171)}"\n}`, d),
    () => one(`const jwk = { kty: 'oct', alg: 'HS256', k: '${k}' }`, k),
    () => one(`<RSAKeyValue><Modulus>${randomB64(r, 172)}</Modulus><Exponent>AQAB</Exponent><D>${D}</D></RSAKeyValue>`, D),
    () => one(`PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: ${user(r)}@laptop\nPublic-Lines: 2\n${randomB64(r, 64)}\n${randomB64(r, 24)}\nPrivate-Lines: 1\n${ppk}\nPrivate-MAC: ${hex(r, 64)}\n`, ppk),
    () => one(m, m),
    () => one(`${r.pick(['seed', 'mnemonic', 'recovery phrase', 'MNEMONIC'])}${r.pick([': ', ' = ', '="'])}${m}${r.pick(['', '"'])}`, m),
    () => one(`my wallet words, keep safe:\n${m}\n`, m),
  ])()
})

/** Credentials inside URLs: userinfo, a Telegram bot path, presigned S3/GCS, Azure SAS, token parameters. */
export const URLS: TextClass<LeakCase> = leak('credentials in URLs', (r) => {
  const p = password(r).replace(/[#?%+]/g, '')
  const t = token(r, ALNUM, r.int(24, 40))
  const sig = hex(r, 64)
  const gcs = hex(r, 512)
  const bot = `${r.int(100_000_000, 9_999_999_999)}:AA${token(r, `${ALNUM}_-`, 33)}`
  const session = `IQoJb3JpZ2luX2Vj${randomB64(r, 120).replace(/\//g, '%2F').replace(/\+/g, '%2B')}`
  const azure = `${token(r, ALNUM, 43)}%3D`
  return r.pick([
    () => one(`${r.pick(['redis', 'rediss'])}://:${p}@${host(r)}:6379/0`, p),
    () => one(`amqp${r.pick(['', 's'])}://${user(r)}:${p}@${host(r)}:5672/${r.pick(['', 'vhost'])}`, p),
    () => one(`curl https://api.telegram.org/bot${bot}/sendMessage?chat_id=${r.int(1000, 99999)}`, bot),
    () => ({ text: `https://b.s3.amazonaws.com/r.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260101T000000Z&X-Amz-Expires=3600&X-Amz-Security-Token=${session}&X-Amz-SignedHeaders=host&X-Amz-Signature=${sig}`, needles: [session, sig] }),
    () => one(`https://storage.googleapis.com/b/o.csv?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Date=20260101T000000Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host&X-Goog-Signature=${gcs}`, gcs),
    () => one(`https://acct.blob.core.windows.net/exports/q3.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2027-01-01&sig=${azure}`, azure),
    () => one(`https://api.example.com/v1/export?${r.pick(['token', 'access_token', 'api_key', 'apikey'])}=${t}&format=csv`, t),
    () => one(`https://app.example.com/callback#access_token=${t}&token_type=bearer&expires_in=3600`, t),
  ])()
})

const LABELS = [
  'पासवर्ड', 'κωδικός', 'Κωδικός πρόσβασης', 'סיסמה', 'รหัสผ่าน', 'كلمة المرور', 'كلمة السر', 'Mật khẩu', 'mật khẩu', 'Kata sandi', 'kata sandi',
  'Пароль', 'пароль', 'Heslo', 'heslo', 'Salasana', 'salasana', 'Jelszó', 'jelszó', 'رمز عبور', 'گذرواژه', 'Passord', 'Adgangskode',
  'Lozinka', 'Geslo', 'Parool', 'Slaptažodis', 'Contrasenya', 'Şifrə', 'パスワード', '비밀번호', '密码', 'পাসওয়ার্ড', 'Kata laluan',
]

/** Password labels in other languages, followed by the password. */
export const LANGUAGES: TextClass<LeakCase> = leak('password labels in other languages', (r) => {
  const p = password(r)
  const label = r.pick(LABELS)
  return one(r.pick([`${label}: ${p}`, `${label}:${p}`, `${user(r)}\n${label}: ${p}\n`, `${label} ${r.pick([':', '：'])} ${p}`]), p)
})

/** `user:password@host` typed into a host field (connection_templates.host), with no scheme. */
export const HOST_FIELD: TextClass<LeakCase> = leak('user:password@host in a host field', (r) => {
  const p = password(r).replace(/[@:/#?]/g, '')
  return one(`${user(r)}:${p}@${host(r)}${port(r)}`, p)
})

export const LEAK_CLASSES: ReadonlyArray<TextClass<LeakCase>> = [POSITIONAL, BASE64_WRAPPED, KEY_MATERIAL, URLS, LANGUAGES, HOST_FIELD]
