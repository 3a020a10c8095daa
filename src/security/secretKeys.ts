/**
 * Which field and parameter names hold secrets.
 *
 * A name is split into lowercase words (`sslKey`, `ssl_key`, `SSL-KEY`, `x.api.key` → `ssl key` …). Trailing
 * qualifiers that do not change what the value is (`password_confirm`, `api_key_value`, `token_b64`) are dropped.
 * The LAST word then decides, because the last word of a name says what the value is: `password_hash`,
 * `token_count`, `token_type`, `primary_key_column` and `keyspace` are not secrets, `reset_token` and `db_pass` are.
 *
 * Two scopes:
 * - `credential` (everywhere, including `findCredentials`): password, passwd, pwd, pass, passphrase, passcode,
 *   secret(s), credential(s), token (except vocabulary tokens such as `eos_token`, `page_token`), and `key` when
 *   qualified by a word that makes it secret (`api_key`, `private_key`, `ssl_key`, `secret_access_key`), also
 *   glued (`apikey`, `sslkey`, `privatekey`, `PGPASSWORD`, `authtoken`, `clientsecret`).
 * - `connection` (connection templates only, and the local store): all of the above plus a bare `key`, session ids
 *   (`session_id`, `sessionId`, `sid`, `jsessionid`), cookies and certificate material (`certificate`, `sslcert`,
 *   `pfx`, `keystore`). These are kept out of the credential scope because synced tables legitimately use them
 *   (`user_preferences.key`, `ai_memory_messages.session_id`), and an Oracle SID would otherwise block a record.
 */
export type SecretKeyScope = 'credential' | 'connection'

export type SecretKeyMatcher = (name: string) => boolean

export interface SecretKeyOptions {
  /** Extra names (compared word by word, so `vaultRef` also matches `vault_ref` and `db_vault_ref`). */
  readonly extraSecretKeys?: readonly string[] | undefined
  /** Names that are never secrets, even if the rules say so (exact, word by word). */
  readonly allowKeys?: readonly string[] | undefined
  /** @default 'credential' */
  readonly scope?: SecretKeyScope | undefined
}

/** Splits an identifier into lowercase words. */
export const nameWords = (name: string): string[] =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '')

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode'])
const SECRET_WORDS = new Set(['secret', 'secrets', 'token', 'credential', 'credentials', 'sas', 'sig', 'creds'])
/** Glued suffixes (`pgpassword`, `authtoken`); `pass` is left out because of bypass, compass. */
const GLUED_SUFFIXES = ['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token']
/** Words that make a following `key` secret. A `primary_key`, `sort_key` or `public_key` is not a credential. */
const KEY_QUALIFIERS = new Set([
  'api', 'private', 'priv', 'secret', 'access', 'ssl', 'tls', 'client', 'signing', 'sign', 'encryption', 'enc',
  'decryption', 'crypt', 'crypto', 'cipher', 'master', 'auth', 'hmac', 'account', 'shared', 'sharedaccess',
  'license', 'licence', 'aes', 'rsa', 'ssh', 'gpg', 'pgp', 'jwt', 'app', 'service', 'storage', 'subscription',
  'admin', 'root', 'write', 'webhook', 'session',
])
const NOT_KEY_QUALIFIERS = new Set(['idempotency', 'socket', 'websocket', 'dedup', 'dedupe', 'deduplication'])
/** `eos_token`, `next_token` … are vocabulary or paging cursors, not credentials. */
const NON_SECRET_TOKEN_QUALIFIERS = new Set([
  'eos', 'bos', 'pad', 'stop', 'unk', 'sep', 'cls', 'mask', 'special', 'start', 'end', 'next', 'page',
  'continuation', 'cursor', 'max', 'min', 'design', 'sync',
])
const TRAILING_QUALIFIERS = new Set([
  'confirm', 'confirmation', 'value', 'plain', 'plaintext', 'clear', 'cleartext', 'raw', 'b64', 'base64', 'pem',
  'der', 'hex', 'enc', 'encrypted', 'string', 'str', 'text',
])
const SESSION_WORDS = new Set(['sid', 'sessid', 'sessionid', 'phpsessid', 'jsessionid', 'cookie', 'cookies'])
const CERT_WORDS = new Set(['certificate', 'cert', 'pfx', 'p12', 'pkcs12', 'keystore'])

const significantWords = (name: string): string[] => {
  const words = nameWords(name)
  while (words.length > 1 && TRAILING_QUALIFIERS.has(words[words.length - 1] ?? '')) words.pop()
  return words
}

const isGluedKey = (word: string): boolean =>
  word.length > 3 && word.endsWith('key') && KEY_QUALIFIERS.has(word.slice(0, -3))

const credentialWords = (words: readonly string[]): boolean => {
  const last = words[words.length - 1]
  const prev = words[words.length - 2]
  if (last === undefined) return false
  if (PASSWORD_WORDS.has(last)) return true
  // `pass_phrase` (OCI's config), `pass-phrase`: the passphrase in two words.
  if (last === 'phrase' && prev === 'pass') return true
  if (last === 'token') return prev === undefined || !NON_SECRET_TOKEN_QUALIFIERS.has(prev)
  if (SECRET_WORDS.has(last)) return true
  // `X-Api-Key`, `X-ClickHouse-Key`: a custom header ending in Key carries a key.
  // (`Idempotency-Key` and `Sec-WebSocket-Key` are request ids and handshake nonces, not keys.)
  if (last === 'key') return prev !== undefined && !NOT_KEY_QUALIFIERS.has(prev) && (KEY_QUALIFIERS.has(prev) || (words[0] === 'x' && words.length > 2))
  return isGluedKey(last) || GLUED_SUFFIXES.some((s) => last.length > s.length && last.endsWith(s))
}

const connectionWords = (words: readonly string[]): boolean => {
  const last = words[words.length - 1]
  if (last === undefined) return false
  if (words.length === 1 && last === 'key') return true
  if (last === 'id' && words[words.length - 2] === 'session') return true
  if (SESSION_WORDS.has(last) || CERT_WORDS.has(last)) return true
  return last.length > 4 && last.endsWith('cert')
}

/**
 * Remembers a matcher's answers: the same few field names are asked about for every record that syncs, and
 * splitting a name into words is the costly part. Bounded, so arbitrary JSON keys cannot grow it without limit.
 */
const memoize = (match: SecretKeyMatcher): SecretKeyMatcher => {
  const answers = new Map<string, boolean>()
  return (name) => {
    let answer = answers.get(name)
    if (answer === undefined) {
      answer = match(name)
      if (answers.size > 4096) answers.clear()
      answers.set(name, answer)
    }
    return answer
  }
}

/** Is `name` a credential name, in the scope that applies to every table? */
export const isCredentialName: SecretKeyMatcher = memoize((name) => credentialWords(significantWords(name)))

/** The default matcher for connection templates and the local store: credential names plus keys, sessions, certs. */
export const isSecretKey: SecretKeyMatcher = memoize((name) => {
  const words = significantWords(name)
  return credentialWords(words) || connectionWords(words)
})

/** Builds a matcher with extra secret names and allowed names. */
export const createSecretKeyMatcher = (options: SecretKeyOptions = {}): SecretKeyMatcher => {
  const base = options.scope === 'connection' ? isSecretKey : isCredentialName
  const norm = (n: string): string => nameWords(n).join(' ')
  const allow = new Set((options.allowKeys ?? []).map(norm))
  const extra = (options.extraSecretKeys ?? []).map(norm).filter((n) => n !== '')
  if (allow.size === 0 && extra.length === 0) return base
  return memoize((name) => {
    const n = norm(name)
    if (allow.has(n)) return false
    return base(name) || extra.some((e) => n === e || n.endsWith(` ${e}`))
  })
}
