/**
 * Words that announce a credential, in the languages users write in. The final check looks for a secret-looking
 * value next to one of these. Its own list, not the sanitizer's field-name rules: the two lines of defence must fail
 * independently.
 */
const STRONG = [
  'password', 'passwort', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode', 'kennwort', 'contraseña', 'contrasena',
  'clave', 'senha', 'wachtwoord', 'hasło', 'haslo', 'пароль', 'şifre', 'sifre', 'lösenord', 'lösenordet', 'salasana',
  'parola', 'heslo', 'şifresi', 'şifren', 'şifreniz', 'şifrem', 'sifresi', 'parolası', 'parolam', 'parolanız', 'jelszó', 'secret', 'secreta', 'secrets', 'token', 'credential', 'credentials', 'creds', 'apikey',
  'sas', 'sig', 'pw', 'pin', 'login', 'identified',
  // Password in more languages: Catalan, Danish, Norwegian, Afrikaans, Croatian/Serbian/Bosnian, Slovenian, Estonian,
  // Latvian, Lithuanian, Icelandic, Welsh, Swahili, Albanian, Azerbaijani, Malay, Greek, Bulgarian, Serbian, Ukrainian.
  'contrasenya', 'adgangskode', 'passord', 'wagwoord', 'lozinka', 'lozinku', 'geslo', 'parool', 'parole', 'slaptažodis',
  'lykilorð', 'cyfrinair', 'nenosiri', 'fjalëkalimi', 'fjalëkalim', 'şifrə', 'κωδικός', 'κωδικό', 'συνθηματικό', 'парола',
  'лозинка', 'гасло', 'пароля', 'паролем', 'jelszót', 'hesla', 'salasanan', 'salasanasi',
]
/** Multi-word labels, and words in scripts whose combining marks split identifiers (Devanagari, Thai, Bengali …). */
const PHRASES = [
  'mot de passe', 'api key', 'access key', 'account key', 'secret key', 'private key', 'auth key', 'clave secreta', 'パスワード', '密码', '密碼', '비밀번호', '口令',
  'पासवर्ड', 'कूटशब्द', 'সংকেতশব্দ', 'পাসওয়ার্ড', 'கடவுச்சொல்', 'పాస్‌వర్డ్', 'ಪಾಸ್‌ವರ್ಡ್', 'പാസ്‌വേഡ്', 'ਪਾਸਵਰਡ', 'પાસવર્ડ',
  'รหัสผ่าน', 'ລະຫັດຜ່ານ', 'ពាក្យសម្ងាត់', 'စကားဝှက်', 'סיסמה', 'סיסמא', 'הסיסמה', 'كلمة المرور', 'كلمة السر', 'كلمه المرور',
  'رمز عبور', 'کلمه عبور', 'گذرواژه', 'پاس ورڈ', 'mật khẩu', 'kata sandi', 'kata laluan', 'katasandi', 'პაროლი', 'գաղտնաբառ',
  'нууц үг', 'құпия сөз', '🔑', '🔐', '🗝️', '🗝',
]

const STRONG_SET = new Set([...STRONG, 'requirepass', 'masterauth'])
/** Words whose value follows them; the word before is a name (`CREATE USER app IDENTIFIED BY`, `app login: …`). */
const FORWARD_ONLY = new Set(['identified', 'login'])
/** `last_login`, `failed_login`, `login_at`: events and times, not credentials. */
const LOGIN_EVENT = new Set(['last', 'first', 'failed', 'successful', 'previous', 'next', 'recent', 'admin', 'social', 'sso', 'oauth'])
/** Splits `PGPASSWORD`, `db_pass`, `apiKey`, `AWS_SECRET_ACCESS_KEY` into lowercase words. */
const words = (identifier: string): string[] =>
  identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '')

const NOT_SECRET_TOKEN = new Set(['page', 'next', 'continuation', 'cursor', 'eos', 'bos', 'pad', 'unk', 'sep', 'cls', 'mask', 'sync', 'max', 'min', 'start', 'end', 'stop', 'special'])
const GLUED = ['password', 'passwd', 'secret', 'token', 'apikey', 'pwd']
const NOT_CREDENTIAL_LAST = new Set(['hash', 'hashes', 'salt', 'length', 'len', 'count', 'type', 'id', 'ids', 'name', 'names', 'file', 'path', 'url', 'uri', 'endpoint', 'ttl', 'expiry', 'expires', 'policy', 'encryption', 'header', 'min', 'max', 'limit', 'reset', 'resets', 'changed', 'at', 'required', 'manager', 'field', 'prompt', 'usage', 'tokens'])

/**
 * The answers so far: a request body repeats the same few thousand words (SQL keywords, column names, prose), and
 * splitting an identifier into words costs three regular expressions. Bounded: cleared when it grows past 8,192.
 */
const answers = new Map<string, boolean>()

/** Is this identifier (a field, a variable, a flag, a word) a credential word? Its last word decides. */
export const isCredentialWord = (identifier: string): boolean => {
  let answer = answers.get(identifier)
  if (answer === undefined) {
    if (answers.size >= 8_192) answers.clear()
    answers.set(identifier, (answer = decide(identifier)))
  }
  return answer
}

const lastWord = (identifier: string): string => words(identifier).pop() ?? ''

const decide = (identifier: string): boolean => {
  const w = words(identifier)
  const last = w[w.length - 1]
  if (last === 'login' && LOGIN_EVENT.has(w[w.length - 2] ?? '')) return false
  if (last === undefined || NOT_CREDENTIAL_LAST.has(last)) return false
  // Paging cursors and vocabulary tokens: `page_token`, `next_token`, `eos_token`.
  if ((last === 'token' || last === 'tokens') && NOT_SECRET_TOKEN.has(w[w.length - 2] ?? '')) return false
  if (STRONG_SET.has(last)) return true
  // A signing secret named for what it seeds: `secret_key_base`, `SECRET_KEY_BASE`.
  if (last === 'base' && w[w.length - 2] === 'key' && w[w.length - 3] === 'secret') return true
  // The numbered keys a console lists: `key1`, `key2`, `primaryKey2`.
  if (/^key[12]$/.test(last)) return true
  // npm's `_auth`, `_authToken`: a lone `auth` identifier names the credential, `auth_method` or `authType` does not.
  if (last === 'auth' && /^_auth$|^\/\/.*:_auth$/.test(identifier)) return true
  if (last === 'key' || last === 'keys') return w.length > 1 && !['primary', 'foreign', 'sort', 'partition', 'public', 'publishable', 'unique', 'cache', 'idempotency', 'shard', 'hash', 'license', 'routing', 'lookup', 'natural', 'surrogate', 'composite', 'socket', 'websocket', 'dedup', 'dedupe', 'deduplication', 'object', 'map', 'row', 'join'].includes(w[w.length - 2] ?? '')
  return GLUED.some((g) => last.length > g.length && last.endsWith(g))
}

const PHRASE = new RegExp(`(?:${PHRASES.map((p) => p.replace(/ /g, '\\s+')).join('|')})`, 'giu')
/** Command-line flags that take a password: `-p…` glued (mysql), `-P x` (sqlcmd), `-a x` (redis-cli), `-w x` (ldap). */
const FLAG = /(?<![\w-])-(?:p(?=[^\s\d])|p\s|P\s|a\s|w\s|u\s+\S+:|-?(?:password|passwd|pass|pwd|account-key|auth-token|token|secret)[=\s])/g

/**
 * Calls and commands that take a password or key by position, with no credential word beside the value: SQL
 * functions (`mysql(host, db, table, user, password)`, `crypt('pw', …)`), T-SQL procedures (`EXEC sp_setapprole
 * 'App', 'pw'`), driver connects (`getConnection(url, user, pw)`, `mysqli_connect(host, user, pw)`, `new PDO(dsn,
 * user, pw)`), authentication calls (`db.auth('u', 'pw')`, `ftp.login(u, pw)`, `conn.simple_bind_s(dn, pw)`), the
 * SQLCipher `PRAGMA key`, and the Redis `AUTH [user] pw` command.
 */
const CREDENTIAL_CALL =
  /\b(?:crypt|pgp_sym_(?:en|de)crypt(?:_bytea)?|aes_(?:en|de)crypt|(?:en|de)cryptbypassphrase|mysql|postgresql|remote(?:secure)?|mongodb|s3|s3cluster|gcs|azureBlobStorage|dblink|openrowset|getConnection|(?:mysqli?|pg|oci|odbc|sqlsrv|db2|ibm_db|mssql|sybase|ldap|ftp|imap)_(?:p?connect|bind|login|open)|mysqli|PDO|auth|authenticate|simple_bind(?:_s)?|bind_s|sqlite3_(?:re)?key(?:_v2)?|set(?:Api)?(?:Password|Secret|Token|Key)|with(?:Password|Secret|Token)|sp_(?:setapprole|addlogin|addapprole|password|approlepassword|addlinkedsrvlogin|adduser|change_users_login)|(?:jwt|jose|JWT)\.(?:sign|encode)|createHmac|hmac\.new|HMAC\.new|cookieParser|cookie_parser|changeUserPassword|updateUser|SignedString|(?:Async)?Client(?=\s*\(\s*['"]))(?:\s*\(|\s+(?=[N@]?['"]))|\bPRAGMA\s+(?:\w+\.)?(?:hex|text)?(?:re)?key\b|(?<![\w-])AUTH(?=\s+\S)|\bACL\s+SETUSER\b|(?<![\w-])(?:requirepass|masterauth)\b/gi

export interface Anchor {
  readonly start: number
  readonly end: number
  /** A bare `key` or an AWS key id: only a long random value next to it counts. */
  readonly weak: boolean
  /** A short command-line flag (`-a`, `-p`): the tool is unknown here, so the value must mix three classes. */
  readonly flag?: boolean
  /** A call or command that takes a credential by position: its arguments are values, whatever their shape. */
  readonly call?: boolean
  /** Its value can only follow it (`IDENTIFIED BY …`, `login …`): what stands before it is a user name. */
  readonly forward?: boolean
}

const escape = (w: string): string => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/**
 * Every credential word contains one of these stems (the last word decides, and it is one of them or ends with one),
 * so only identifiers around a stem are split into words: a 2 MB dump has a few hundred, not three hundred thousand.
 */
const STEM = new RegExp([...STRONG, ...GLUED, 'key', '_auth', 'schlüssel', 'clé', 'llave', 'chave', 'ключ', 'akia', 'asia'].map(escape).join('|'), 'giu')
const WORD_CHAR = /[\p{L}\p{N}_.$-]/u

/** The identifier (a run of word characters) around `at`. */
const identifierAround = (text: string, at: number, end: number): { start: number; end: number } => {
  let start = at
  while (start > 0 && WORD_CHAR.test(text[start - 1] ?? '')) start -= 1
  while (end < text.length && WORD_CHAR.test(text[end] ?? '')) end += 1
  return { start, end }
}

/** Where the text announces a credential. */
export const credentialAnchors = (text: string): Anchor[] => {
  const out: Anchor[] = []
  let after = -1
  for (const s of text.matchAll(STEM)) {
    if (s.index < after) continue
    const id = identifierAround(text, s.index, s.index + s[0].length)
    after = id.end
    const raw = text.slice(id.start, id.end)
    const word = raw.replace(/^[.$-]+|[.$-]+$/g, '')
    if (word.length < 2) continue
    const at = id.start + raw.indexOf(word)
    if (isCredentialWord(word)) out.push({ start: at, end: at + word.length, weak: false, forward: FORWARD_ONLY.has(lastWord(word)) })
    else if (/^(?:key|schlüssel|clé|llave|chave|ключ)$/iu.test(word) && !/(?:public|primary|foreign|sort|partition|unique|cache)\s+$/i.test(text.slice(Math.max(0, at - 12), at)) || /^(?:AKIA|ASIA)[A-Z2-7]{16}$/.test(word)) out.push({ start: at, end: at + word.length, weak: true })
  }
  for (const m of text.matchAll(PHRASE)) out.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, weak: false })
  for (const m of text.matchAll(CREDENTIAL_CALL)) out.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, weak: false, call: true })
  for (const m of text.matchAll(FLAG)) out.push({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, weak: false, flag: !m[0].startsWith('--') && m[0].length <= 3 })
  return out
}
