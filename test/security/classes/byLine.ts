// Classes added when the fresh corpora were measured (issue 25, part 6, second wave). Each class belongs to one line
// of defence: a structure (line 1, the sanitizer) or a format (line 2, the final check). Each secret class has a
// benign near-miss class beside it: the same context, names, quoting and languages, without a credential.
import { ALNUM, HEX, LOWER, UPPER, token, type Random } from '../corpus/random'
import { benign, leak, q, sp, type LeakCase, type TextClass } from './types'
import { b64, host, password, user } from './values'

const one = (text: string, needle: string): LeakCase => ({ text, needles: [needle] })

/** Words for passphrases and lists: our own list, so no rule can lean on another corpus's words. */
const WORDS = [
  'pumice', 'thistle', 'saffron', 'quill', 'bramble', 'lattice', 'juniper', 'cobble', 'fennel', 'marrow', 'tundra',
  'heron', 'walrus', 'spindle', 'mortar', 'anvil', 'cinder', 'gravel', 'hollow', 'kettle', 'lichen', 'nutmeg',
  'oyster', 'parsnip', 'quarry', 'rafter', 'sorrel', 'tinder', 'umber', 'vellum', 'wicker', 'yarrow', 'zephyr',
]
const word = (r: Random): string => r.pick(WORDS)
const cap = (w: string): string => `${w[0]?.toUpperCase() ?? ''}${w.slice(1)}`

/** `quill-heron-cinder-42`, `Saffron.Anvil.Tinder.Yarrow`, `kettle_umber_walrus_7!` */
export const passphrase = (r: Random): string => {
  const sep = r.pick(['-', '_', '.', '+'])
  const n = r.int(3, 5)
  const casing = r.pick([(w: string) => w, cap])
  const words = Array.from({ length: n }, () => casing(word(r)))
  const digits = n >= 4 && r.next() < 0.5 ? '' : `${r.pick(['', sep])}${r.int(2, 9999)}`
  return `${words.join(sep)}${digits}${r.pick(['', '', '!', '#'])}`
}

/** Letters only, both cases at random: `fQzRkwPLdoXm`. */
const randomLetters = (r: Random): string => {
  for (;;) {
    const t = token(r, UPPER + LOWER, r.int(12, 24))
    if (/[A-Z]{2}/.test(t) && /[a-z]/.test(t)) return t
  }
}

const LABELS = [
  (v: string) => `password: ${v}`,
  (v: string, r: Random) => `"${r.pick(['secret', 'password', 'dbPassword', 'token'])}":${sp(r)}"${v}"`,
  (v: string, r: Random) => `${r.pick(['DB_PASS', 'SMTP_PASSWORD', 'REDIS_PASSWORD'])}=${v}`,
  (v: string, r: Random) => `${r.pick(['la contraseña es', 'das Passwort ist', 'le mot de passe est', 'a senha é', 'het wachtwoord is'])} ${v}`,
  (v: string, r: Random) => `pw for the ${r.pick(['staging box', 'warehouse', 'vpn'])} ${r.pick(['=', 'is', ':'])} ${v}`,
]

// ---------------------------------------------------------------- line 2: formats and values

/** Passphrases of joined words, beside a credential word, in a Redis command or in a result table. */
export const PASSPHRASES: TextClass<LeakCase> = leak('passphrases of joined words', (r) => {
  const p = passphrase(r)
  return one(
    r.pick([
      () => r.pick(LABELS)(p, r),
      () => `CONFIG SET requirepass ${r.pick(['"', "'", ''])}${p}`.replace(/(['"])(.+)$/, '$1$2$1'),
      () => `ACL SETUSER ${user(r)} on >${p} ~${r.pick(['jobs', 'cache', 'app'])}:* +@all`,
      () => `> SELECT ${r.pick(['username', 'login', 'name'])}, password FROM ${r.pick(['accounts', 'legacy_users', 'staff'])};\n ${r.pick(['username', 'login', 'name'])} | password\n---------+----------\n ${user(r)} | ${p}\n`,
    ])(),
    p,
  )
})

/** Kebab and dotted names beside credential words: two words and a number, regions, algorithms, resource names. */
export const NAMES_NEAR_WORDS: TextClass<string> = benign('names of joined words near credential words', (r) =>
  r.pick([
    () => `password_encryption = ${r.pick(['scram-sha-256', 'md5'])}`,
    () => `the secret is encrypted with ${r.pick(['aes-256-gcm', 'aes-256-cbc', 'chacha20-poly1305'])} at rest`,
    () => `the token is issued in ${r.pick(['eu-west-1', 'us-east-2', 'ap-south-1'])}`,
    () => `secretName: ${word(r)}-${r.pick(['db', 'api'])}-${r.int(1, 9)}`,
    () => `password reset for ${word(r)}-${word(r)} done`,
    () => `token audience: ${r.pick(['orders-api', 'billing-api', 'sync-gateway'])}`,
  ])(),
)

/** Random letters in both cases, beside a credential word or as the value of a credential column. */
export const RANDOM_LETTERS: TextClass<LeakCase> = leak('random mixed-case letters', (r) => {
  const p = randomLetters(r)
  return one(
    r.pick([
      () => r.pick(LABELS)(p, r),
      () => `INSERT INTO ${r.pick(['service_accounts', 'integrations', 'bots'])} (name, ${r.pick(['username', 'login'])}, ${r.pick(['secret', 'password', 'api_token'])}) VALUES (${q(r)}${word(r)}${q(r)}, 'svc_${word(r)}', '${p}');`.replace(/"/g, "'"),
      () => `CONFIG SET requirepass "${p}"`,
    ])(),
    p,
  )
})

/** Identifiers in camel case beside credential words: classes, elements, hooks. */
export const CAMEL_CASE: TextClass<string> = benign('identifiers in camel case near credential words', (r) => {
  const id = r.pick([
    () => `${cap(word(r))}${cap(word(r))}${r.pick(['Manager', 'Element', 'Provider', 'Handler'])}`,
    () => r.pick(['XMLHttpRequestUpload', 'HTMLInputElement', 'OperationalError', 'getServerSideProps', 'useSessionStorage']),
  ])()
  return r.pick([
    () => `the token is passed to ${id} before render`,
    () => `password field type: ${id}`,
    () => `${r.pick(['secret', 'credential'])} handling lives in ${id}`,
  ])()
})

/** 256-bit private keys as hex: wallets, seeds after their label, `PRIVATE_KEY=0x…`. */
export const HEX_PRIVATE_KEYS: TextClass<LeakCase> = leak('hex private keys', (r) => {
  const k = token(r, r.pick([HEX, HEX.toUpperCase().replace(/[a-f]/g, '')]), 64)
  const x = r.pick(['0x', ''])
  return one(
    r.pick([
      () => `const wallet = new ${r.pick(['ethers.', ''])}Wallet(${q(r)}${x}${k}${q(r)}, provider)`.replace(/(['"])([0-9a-fA-Fx]+)(['"])/, '"$2"'),
      () => `${r.pick(['ed25519', 'secp256k1', 'x25519'])} private ${r.pick(['seed', 'key'])} (hex): ${k}`,
      () => `${r.pick(['PRIVATE_KEY', 'private_key', 'SECRET_KEY'])}=${x}${k}`,
      () => `account = Account.from_key(${x}${k})`.replace('from_key(', 'fromPrivateKey("').replace(/\)$/, '")'),
    ])(),
    k,
  )
})

/** Hex of the same length that is public: transaction and block hashes, digests, public keys. */
export const PUBLIC_HEX: TextClass<string> = benign('hashes and public keys in hex', (r) => {
  const h = token(r, HEX, 64)
  return r.pick([
    () => `tx hash: 0x${h}`,
    () => `${r.pick(['sha256', 'SHA-256', 'digest'])}: ${h}`,
    () => `${r.pick(['ed25519', 'x25519'])} public key (hex): ${h}`,
    () => `block 0x${h} confirmed`,
  ])()
})

/** Twelve or twenty-four single words, numbered, under a phrase or seed label, whatever the words. */
export const NUMBERED_PHRASES: TextClass<LeakCase> = leak('numbered recovery phrases', (r) => {
  const n = r.pick([12, 24])
  const words = Array.from({ length: n }, () => word(r))
  const sep = r.pick(['\n', ' ', '  '])
  const list = words.map((w, i) => `${i + 1}${r.pick(['.', ')'])}${r.pick([' ', ''])}${w}`).join(sep)
  const label = r.pick(['Recovery phrase', 'Seed phrase', 'wallet seed', 'Mnemonic', 'Phrase de récupération', 'Wiederherstellungsphrase'])
  return one(`${label}${r.pick([':', '', ' —'])}\n${list}`, list.split(sep).slice(0, 3).join(sep))
})

/** Numbered lists that are not phrases: phrase books, steps, and runs of common words in prose. */
export const NUMBERED_LISTS: TextClass<string> = benign('numbered lists and runs of words', (r) =>
  r.pick([
    () => `Phrase book\n${Array.from({ length: 12 }, (_, i) => `${i + 1}. ${word(r)} ${r.pick(['please', 'thanks', 'today'])}`).join('\n')}`,
    () => `Checklist:\n${Array.from({ length: 12 }, (_, i) => `${i + 1}. check the ${word(r)} and ${word(r)}`).join('\n')}`,
    () => `user: ${Array.from({ length: r.pick([13, 14, 16, 17, 19, 22]) }, () => r.pick(['able', 'about', 'above', 'again', 'almost', 'always', 'animal', 'answer', 'anchor', 'april', 'arctic', 'august', 'autumn'])).join(' ')}?`,
    // Fifteen common words inside a longer line: a mnemonic's length, but not alone in its run.
    () => `user: ${Array.from({ length: 15 }, () => r.pick(['able', 'about', 'above', 'again', 'almost', 'always', 'animal', 'answer'])).join(' ')} ${Array.from({ length: r.int(5, 8) }, () => r.pick(['zorbl', 'quexa', 'vindt', 'plonk', 'grusk', 'fweem'])).join(' ')}?`,
  ])(),
)

/** Signing secrets and keys named by their frameworks and consoles: `secret_key_base`, `key1`, npm `_auth`. */
export const NAMED_SECRETS: TextClass<LeakCase> = leak('named signing secrets and keys', (r) => {
  const h = token(r, HEX, r.pick([64, 128]))
  const k = token(r, HEX, 32)
  const a = b64(token(r, ALNUM, r.int(24, 40)))
  return r.pick([
    () => one(`${r.pick(['production', 'staging'])}:\n  secret_key_base: ${h}`, h),
    () => one(`SECRET_KEY_BASE=${h}\n${r.pick(['RAILS_ENV=production', 'MIX_ENV=prod'])}`, h),
    () => one(`az cognitiveservices account keys list → ${r.pick(['key1', 'key2'])}: ${k}`, k),
    () => one(`{${sp(r)}"${r.pick(['key1', 'key2'])}":${sp(r)}"${k}"${sp(r)}}`, k),
    () => one(`//${r.pick(['npm.pkg.github.com', 'registry.npmjs.org', 'nexus.example.com/repository/npm'])}/:_auth=${a}`, a),
  ])()
})

/** The same names without a value: templates, settings, flags. */
export const NAMED_SETTINGS: TextClass<string> = benign('signing settings without a value', (r) =>
  r.pick([
    () => `secret_key_base: <%= ENV["SECRET_KEY_BASE"] %>`,
    () => `${r.pick(['key1', 'key2'])}: ${r.pick(['value1', 'primary', 'rotated'])}`,
    () => `always-auth=true\nauth_method: ${r.pick(['scram-sha-256', 'md5'])}`,
    () => `SECRET_KEY_BASE=${r.pick(['${SECRET_KEY_BASE}', '$(rails secret)', '<generate with rails secret>'])}`,
  ])(),
)

/** Keys given by position to an API client's constructor. */
export const CLIENT_KEYS: TextClass<LeakCase> = leak('API keys passed to a client constructor', (r) => {
  const k = token(r, ALNUM, r.int(32, 48))
  return one(`${r.pick(['co', 'client', 'api'])} = ${r.pick(['cohere.', 'mistral.', 'replicate.', ''])}${r.pick(['Client', 'AsyncClient'])}(${q(r)}${k}${q(r)})`.replace(/(['"])([A-Za-z0-9]+)(['"])\)$/, '"$2")'), k)
})

/** Clients constructed with hosts, names and options. */
export const CLIENT_OPTIONS: TextClass<string> = benign('clients constructed without a key', (r) =>
  r.pick([
    () => `const c = new Client({ host: '${host(r)}', port: 5432 })`,
    () => `r = Client(${q(r)}${host(r)}${q(r)}, 6379)`.replace(/(['"])([^'"]+)(['"])/, "'$2'"),
    () => `http = httpx.AsyncClient(base_url="https://${host(r)}", timeout=10)`,
    () => `client = Client('${word(r)}-app')`,
  ])(),
)

/** Token shapes with a variable part: a Doppler token with its config segment, a three-part bot token, `?appid=`. */
export const TOKEN_SHAPES: TextClass<LeakCase> = leak('token shapes with a variable part', (r) => {
  const doppler = `dp.${r.pick(['st', 'sa', 'ct'])}.${r.pick(['prd', 'dev', 'stg_eu', 'ci'])}.${token(r, ALNUM, r.int(40, 44))}`
  const bot = `${token(r, UPPER, 1)}${token(r, ALNUM, r.int(22, 26))}${r.int(0, 9)}.${token(r, `${ALNUM}_-`, 6)}.${token(r, `${ALNUM}_-`, r.int(27, 38))}`
  const appid = token(r, ALNUM, 32)
  return r.pick([
    () => one(r.pick([doppler, `DOPPLER_TOKEN=${doppler}`, `doppler run --token ${doppler} -- npm start`]), doppler),
    () => one(r.pick([`client.run(${q(r)}${bot}${q(r)})`, bot, `DISCORD_TOKEN=${bot}`]).replace(/(['"])([^'"]+)(['"])\)$/, "'$2')"), bot),
    () => one(`GET https://api.${r.pick(['weather', 'maps', 'geo'])}.example.com/v2/${r.pick(['forecast', 'lookup'])}?q=${r.pick(['Oslo', 'Lima'])}&appid=${appid}&units=metric`, appid),
  ])()
})

/** Labels in inflected Turkish and the key emoji people put before a password in chat. */
export const INFLECTED_LABELS: TextClass<LeakCase> = leak('inflected labels and key emoji', (r) => {
  const p = password(r)
  return one(
    r.pick([
      () => `${r.pick(['veritabanı', 'sunucu', 'wifi'])} ${r.pick(['şifresi', 'parolası'])} ${p}${r.pick(['', ' ama bağlanamıyorum'])}`,
      () => `${r.pick(['şifrem', 'şifreniz', 'parolam'])}: ${p}`,
      () => `${r.pick(['🔑', '🔐'])} ${p} ${r.pick(['← the new one for crm', '(prod)', ''])}`,
    ])(),
    p,
  )
})

/** The same words without a password. */
export const INFLECTED_PROSE: TextClass<string> = benign('inflected labels and key emoji without a password', (r) =>
  r.pick([
    () => `${r.pick(['şifremi', 'parolamı'])} unuttum, nasıl sıfırlarım?`,
    () => `${r.pick(['🔑', '🔐'])} rotated ${r.pick(['yesterday', 'on Monday', 'last week'])}`,
    () => `veritabanı şifresi en az ${r.int(8, 16)} karakter olmalı`,
  ])(),
)

/** Logs, errors and console tables that name credentials beside ids, users, paths and times. */
export const LOGS: TextClass<string> = benign('logs and errors beside credential words', (r) => {
  const ts = `2026-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}T${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}.${r.int(100, 999)}Z`
  const ip = `${r.int(10, 203)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`
  const name = `${r.pick(['ingest', 'dbuser', 'postgres', 'etl'])}${r.int(1, 9)}`
  return r.pick([
    () => Array.from({ length: r.int(2, 6) }, () => `${ts} ${r.pick(['INFO', 'WARN', 'DEBUG'])} [${token(r, HEX, 8)}] ${r.pick(['password reset requested', 'token refreshed', 'user login ok'])} user_id=${r.int(1, 99999)} latency_ms=${r.int(1, 999)}`).join('\n'),
    () => `Login failed for user '${name}'. Reason: Password did not match that for the login provided. [CLIENT: ${ip}]`,
    () => `${r.int(1, 28)}/Dec/2026 sshd[${r.int(100, 99999)}]: Failed password for ${r.pick(['invalid ', ''])}user ${name} from ${ip} port ${r.int(1024, 65535)} ssh2`,
    () => `${r.pick(['psycopg2.OperationalError', 'sqlalchemy.exc.OperationalError', 'pymysql.err.OperationalError'])}: FATAL:  password authentication failed for user "${name}"`,
    () => `    at Object.<anonymous> (/app/node_modules/.pnpm/jsonwebtoken@9.0.${r.int(0, 9)}/node_modules/jsonwebtoken/verify.js:${r.int(10, 300)}:19)\nJsonWebTokenError: invalid signature`,
    () => `Vault: lease renewed lease_id=${r.pick(['database', 'aws', 'mysql'])}/creds/${r.pick(['readonly', 'app'])}/${token(r, ALNUM, 24)} lease_duration=3600`,
    () => `vault token lookup\nKey                 Value\n---                 -----\naccessor            ${token(r, ALNUM, 24)}\npolicies            [default]\nttl                 ${r.int(1, 72)}h`,
  ])()
})

/** URLs, assets and templates that put value-looking text beside credential words. */
export const URL_SHAPES: TextClass<string> = benign('URLs, assets and stand-ins beside credential words', (r) =>
  r.pick([
    () => `DATABASE_URL=postgres://$PGUSER:$PGPASSWORD@${host(r)}:5432/$PGDATABASE`,
    () => `The connection URI has the form ${r.pick(['postgresql', 'mysql', 'mongodb'])}://[user[:password]@][host][:port][/dbname]`,
    () => `steps:\n  - uses: actions/checkout@v${r.int(2, 5)}\n  - uses: actions/setup-node@v${r.int(2, 5)}\n  - run: npm test`,
    () => `POST /oauth/token HTTP/1.1\n\ngrant_type=authorization_code&code=<code>&redirect_uri=https%3A%2F%2F${host(r)}%2Fcb&client_id=${r.int(1000, 9999999)}`,
    () => `var ${r.pick(['pw', 'tk', 'pwd'])}=function(k){return "/assets/chunk-${token(r, HEX, 8)}.js?v="+${r.int(1, 999)}};`,
    () => `Your API key looks like \`${r.pick(['sk-ant-api03-', 'sk-proj-', 'ghp_'])}${'X'.repeat(r.int(12, 30))}\`.`,
  ])(),
)

// ---------------------------------------------------------------- line 1: structure

const CREDENTIAL_SETTINGS = ['webhook_signing_secret', 'smtp_password', 'stripe_api_key', 'slack_bot_token', 'ldap_bind_password', 'jwtSecret']
const PLAIN_SETTINGS = ['theme', 'locale', 'password_min_length', 'token_ttl', 'secret_rotation_days', 'timezone']

/** Credentials stored as rows of a key/value settings table. */
export const SETTINGS_ROWS: TextClass<LeakCase> = leak('credentials in key/value settings rows', (r) => {
  const p = r.pick([() => token(r, HEX, 64), () => password(r)])()
  const k = r.pick(['key', 'name', 'setting', '"key"', '`name`'])
  const v = r.pick(['value', 'val', 'setting_value', '"value"'])
  const name = r.pick(CREDENTIAL_SETTINGS)
  return one(
    r.pick([
      () => `UPDATE ${r.pick(['app_settings', 'config', 'public.settings'])} SET ${v} = '${p}'${r.pick(['', ', updated_at = now()'])} WHERE ${k} = '${name}';`,
      () => `INSERT INTO ${r.pick(['app_settings', 'config'])} (${k}, ${v}) VALUES ('${r.pick(PLAIN_SETTINGS)}', 'x1'), ('${name}', '${p}');`,
      () => `insert into settings (id, ${k}, ${v}) values (${r.int(1, 99)}, '${name}', '${p}')`,
    ])(),
    p,
  )
})

/** The same tables with settings that are not credentials. */
export const PLAIN_SETTINGS_ROWS: TextClass<string> = benign('plain settings rows', (r) => {
  const name = r.pick(PLAIN_SETTINGS)
  return r.pick([
    () => `UPDATE app_settings SET value = '${r.pick(['dark', '12', 'Europe/Berlin', 'quill-heron-7'])}' WHERE key = '${name}';`,
    () => `INSERT INTO config (name, value) VALUES ('${name}', '${r.pick(['de-DE', '3600', 'Summer2024'])}');`,
    () => `UPDATE app_settings SET value = ? WHERE key = '${r.pick(CREDENTIAL_SETTINGS)}';`,
  ])()
})

/** Logins told in a sentence or a comment: who, then the password, no credential word between. */
export const LOGINS_IN_SENTENCES: TextClass<LeakCase> = leak('logins told in a sentence', (r) => {
  const p = r.pick([password, passphrase])(r)
  const u = user(r)
  return one(
    r.pick([
      () => `I keep getting "access denied" when I ${r.pick(['log in', 'login', 'sign in'])} as ${r.pick([u, `"${u}"`])} ${r.pick(['with', 'using'])} ${p}, what am I doing wrong?`,
      () => `-- ${r.pick(['run', 'runs', 'connect'])} as ${u} / ${p}\nSELECT count(*) FROM ${r.pick(['orders', 'staging.events'])};`,
      () => `{"name":"${cap(word(r))} report","description":"connect with ${u}:${p} on ${host(r)}"}`,
      () => `authenticated as ${u} using the password ${p}`,
    ])(),
    p,
  )
})

/** Logins told without a password. */
export const LOGINS_WITHOUT_PASSWORD: TextClass<string> = benign('logins told without a password', (r) =>
  r.pick([
    () => `log in as ${user(r)} with ${r.pick(['SSO', 'your password', 'the usual one', 'Okta'])}`,
    () => `-- run as ${user(r)} / ${r.pick(['sudo', 'cron', 'nightly'])}`,
    () => `connect with ${user(r)}:${r.pick(['reader', 'writer', 'admin'])} on ${host(r)}`,
    () => `signed in as ${user(r)} using ${r.pick(['Google', 'a passkey', 'the CLI'])}`,
  ])(),
)

/** Passwords piped into a tool that reads them from standard input. */
export const PIPED_PASSWORDS: TextClass<LeakCase> = leak('passwords piped into a login', (r) => {
  const p = password(r).replace(/[|]/g, '')
  const o = r.pick(["'", '"', ''])
  return one(
    r.pick([
      () => `echo ${o}${p}${o} | ${r.pick(['docker', 'podman', 'helm registry'])} login ${r.pick(['ghcr.io', 'registry.example.com'])} -u ${user(r)} --password-stdin`,
      () => `printf '%s' ${o}${p}${o} | docker login -u ${user(r)} --password-stdin ${host(r)}`,
      () => `echo ${o}${p}${o} | sudo -S ${r.pick(['systemctl restart app', 'apt-get update'])}`,
    ])(),
    p,
  )
})

/** Pipes into the same tools from a variable, a file or a command. */
export const PIPED_REFERENCES: TextClass<string> = benign('logins fed from a variable or a file', (r) =>
  r.pick([
    () => `echo ${r.pick(['$CR_PAT', '"$REGISTRY_TOKEN"', '${{ secrets.GHCR }}'])} | docker login ghcr.io -u ${user(r)} --password-stdin`,
    () => `cat ~/.${r.pick(['ghcr', 'registry'])}-token | docker login -u ${user(r)} --password-stdin`,
    () => `echo "$(pass show registry)" | docker login --password-stdin`,
    () => `echo done | tee -a deploy.log`,
  ])(),
)

/** Literals wrapped in a conversion, and passphrases named in two words. */
export const WRAPPED_LITERALS: TextClass<LeakCase> = leak('literals inside a conversion', (r) => {
  const p = token(r, `${ALNUM}-_`, r.int(20, 64))
  return one(
    r.pick([
      () => `var ${r.pick(['jwtKey', 'signingSecret', 'hmacKey'])} = []byte("${p}")`,
      () => `const ${r.pick(['secret', 'apiKey', 'password'])} = Buffer.from(${q(r)}${p}${q(r)})`.replace(/(['"])([^'"]+)(['"])\)$/, "'$2')"),
      () => `let ${r.pick(['api_key', 'secret', 'token'])} = String::from("${p}");`,
      () => `${r.pick(['SECRET_KEY', 'password', 'signing_key'])} = b"${p}"`,
      () => `${r.pick(['pass_phrase', 'pass-phrase', 'PASS_PHRASE'])}=${p}`,
    ])(),
    p,
  )
})

/** The same shapes reading the value from elsewhere, and names of stored secrets. */
export const CODE_READS: TextClass<string> = benign('code that reads a credential from elsewhere', (r) => {
  const env = r.pick(['JWT_SECRET', 'API_KEY', 'DB_PASSWORD'])
  return r.pick([
    () => `let secret = std::env::var("${env}").expect("${env} must be set");`,
    () => `let password = rpassword::prompt_password("${r.pick(['DB password: ', 'Password: ', 'Passwort: '])}")?;`,
    () => `var key = []byte(os.Getenv("${env}"))`,
    () => `const secret = Buffer.from(process.env.${env} ?? '', 'base64')`,
    () => `gcloud secrets versions access latest --secret=${word(r)}-${r.pick(['db-password', 'api-token'])} --project=acme-${word(r)}`,
    () => `services:\n  db:\n    environment:\n      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n    secrets: [db_password${r.pick(['', ', api_token'])}]`,
    () => `Copy \`.env.example\` and fill in \`${r.pick(['STRIPE_SECRET_KEY', 'DB_PASSWORD', 'API_TOKEN'])}=\` yourself.`,
  ])()
})

/** Rules in the final check (line 2): each line-2 class must be blocked by the final check on its own. */
export const LINE2_LEAKS: ReadonlyArray<TextClass<LeakCase>> = [PASSPHRASES, RANDOM_LETTERS, HEX_PRIVATE_KEYS, NUMBERED_PHRASES, NAMED_SECRETS, CLIENT_KEYS, TOKEN_SHAPES, INFLECTED_LABELS]
/** Rules in the sanitizer (line 1): each line-1 class must be redacted by the sanitizer on its own. */
export const LINE1_LEAKS: ReadonlyArray<TextClass<LeakCase>> = [SETTINGS_ROWS, LOGINS_IN_SENTENCES, PIPED_PASSWORDS, WRAPPED_LITERALS]
/** Near misses: neither line may alter or block any of them. */
export const NEAR_MISSES: ReadonlyArray<TextClass<string>> = [
  NAMES_NEAR_WORDS, CAMEL_CASE, PUBLIC_HEX, NUMBERED_LISTS, NAMED_SETTINGS, CLIENT_OPTIONS, INFLECTED_PROSE, LOGS, URL_SHAPES,
  PLAIN_SETTINGS_ROWS, LOGINS_WITHOUT_PASSWORD, PIPED_REFERENCES, CODE_READS,
]
