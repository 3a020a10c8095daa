/** Shannon entropy of a string in bits per character. */
export const bitsPerChar = (text: string): number => {
  const counts = new Map<string, number>()
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1)
  let bits = 0
  const n = [...text].length
  for (const count of counts.values()) {
    const p = count / n
    bits -= p * Math.log2(p)
  }
  return bits
}

export const classes = (text: string): number =>
  Number(/[a-z]/.test(text)) + Number(/[A-Z]/.test(text)) + Number(/\d/.test(text)) + Number(/[^A-Za-z0-9]/.test(text))

/** Stand-ins for a value: SQL parameters, templates, env references, masks, our own marker. */
const STAND_IN =
  /^(?:[?$:@%][A-Za-z_.]*|\$\d+|\?\d+|:\d+|\$\{.*\}|\$\(.*\)?|\{\{.*\}\}|\{.*\}|<.*>|%\(\w+\)s|%[sd]|%\w+%|\*+|x{3,}|X{3,}|•+|\.{3,}|.*\[REDACTED\].*|[A-Za-z]+-\.\.\.|.*\.\.\.)$/
/** Dotted host names and IPs, versions, dates and times: they sit near credential words without being one. */
const NOT_A_SECRET = [
  /^@?(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?(?:\/[\w./-]*)?$/, // host names, with a path or after `user@`
  /^@?\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?(?:\/[\w./-]*)?$/, // IPv4
  /^v?\d+(?:[._-]\d+)+$/, // versions, dates
  /^\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?$/,
  /^[a-z]+(?:-[a-z0-9]+)+$/, // kebab words: eu-west-1, scram-sha-256
  /^[A-Z]+\\[\w.-]+$/, // DOMAIN\user
  /^\/\//, // the rest of a URL
  /^[A-Z]?[a-z]+[?!.,:;]$/, // a word ending a sentence
  /^[A-Z]+(?:_[A-Z0-9]+)+$/, // CONSTANT_NAMES
  /^(?:~|\.{1,2})?\/[\w.-]+(?:\/[\w.-]*)+$|^[A-Za-z]:\\|^\/[\w-]+\.\w+$/, // paths
  /^[a-z]+\(.*\)?$/i, // calls
  /^[A-Z]{2,5}-\d{3,6}$/, // error codes: ORA-01017, SQL-08001
  /^\d{1,5}\/[\w./${}-]*(?:\?\S*)?$/, // a port and a path: 3306/db, 5432/reset?token, 5432/$PGDATABASE
  /^(?:your|my|insert|enter|replace|put|add)[_-]/i, // YOUR_TOKEN_HERE, your-api-key
  /^(?:change[_-]?(?:me|it)|replace[_-]?me|placeholder|example|sample|dummy|fake|redacted)/i, // template markers
  /^-/, // flags
  /^[\p{L}]+$/u, // a word
  /^\p{L}+(?:-\p{L}+)+$/u, // hyphenated words and header names: Content-Type, Zwei-Faktor-Authentifizierung
  /^[A-Za-z][\w-]*\/v?\d+(?:\.\d+)*$|^[A-Za-z]+v\d+(?:\.\d+)+$/, // protocol versions: HTTP/1.1, TLSv1.3
  /^[A-Z]+\d+(?:\.\d+)+$/, // TLS1.2, SSL3.0
  /^\$[A-Z_][A-Z0-9_]*\/\S*$/, // a path under an environment variable: $CREDENTIALS_DIRECTORY/db
  /^[a-z0-9@._-]+(?:\/[a-z0-9@._-]+){2,}\/?$/, // a relative path in lowercase: node_modules/.pnpm/jsonwebtoken@9.0.2/…
  /^#(?:[0-9A-Fa-f]{3,8}|[0-9a-f]{64})$/, // colours; a Redis ACL's hashed password (`#<sha256>`)
  /[*•]{4}/, // a masked value: ****************ABCD
  /^\d{1,2}(?:[.,]\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/, // the seconds of a timestamp the colons split: 28.124Z
  /^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*\.[A-Z][a-z]+(?:[A-Z][a-z]+)+$/, // a qualified class: psycopg2.OperationalError
  /^[a-z][a-z0-9+.-]*%3A%2F%2F/i, // a percent-encoded URL: https%3A%2F%2Fapp.example.com%2Fcb
  /^(?:~|\.{1,2})?\/[\w.@+-]+(?:\/[\w.@+-]*)+(?:\?[\w=&%.-]*)?$/, // a path with versions or a query: /app/node_modules/.pnpm/x@9.0.2/…, /assets/a.js?v
  /([xX*#•])\1{5,}/, // a format filled with a stand-in: sk-ant-api03-XXXXXXXXXXXX
  /^(?:x?chacha20|salsa20|aes|des|3des|rc4|camellia|blowfish|twofish|sha\d*|hmac|poly1305|ed25519|x25519|rsa|ecdsa|ecdh|argon2(?:id|i|d)?|scrypt|pbkdf2)(?:-[a-z0-9]+)+$/i, // algorithms: chacha20-poly1305
  /^\$\{?[A-Za-z_]\w*\}?@/, // a variable as a URI's password, then its host: $PGPASSWORD@10.0.3.17
]

/**
 * Does a token next to a credential word look like a secret value rather than a word, a name or a stand-in?
 * Generated secrets and human passwords mix character classes (`Summer2024!`, `hunter2`, `a8F3kq…`); SQL, prose
 * and config around credential words are words, identifiers, numbers, hosts and placeholders. A short token needs
 * more surprise: at least 18 bits in total.
 */
/** A value that names a credential (`secrets.DB_PASSWORD`, `1Password`, `.htpasswd`) is a reference, not one. */
const NAMES_ONE = /pass(?:word|wd)|secret|token|api[_-]?key|credential|[-_]key$/i
const DOTTED = /^[A-Za-z_$][A-Za-z_$]*(?:\.[A-Za-z_$][A-Za-z_$]*)+$/

/**
 * Ciphertext and sealed data, not a credential by entropy alone: standard base64 (with `+` or `/`) longer than 128
 * bytes that is not DER key material (`MII…`). A password, a signing key or an API token is shorter; a KMS data key
 * blob, a sealed-secrets value or an encrypted field is not.
 */
const CIPHERTEXT = /^(?=[A-Za-z0-9+/]*[+/])[A-Za-z0-9+/]{172,}={0,2}$/
export const isCiphertextLike = (token: string): boolean => CIPHERTEXT.test(token) && !token.startsWith('MI')

/**
 * Values that are ids when they are not right beside the credential word: a UUID, a hex string (a request id, a
 * commit, a digest), a name with a version. Beside the word (`api_key=<uuid>`) they are the word's value.
 */
const ID_SHAPED = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]+|[0-9A-F]+)$/i
export const idShaped = (token: string): boolean => ID_SHAPED.test(token)

/**
 * A passphrase of joined words (`orchid-lizard-feather-84`, `forest.castle.citizen.30`, `Winter_Beacon_Violet`):
 * three or more words of three letters or more, one separator, ending in digits, or four words or more. Two words
 * and a number are a name (`eu-west-1`, `scram-sha-256`, `aes-256-cbc`); so is a path or a dotted identifier.
 */
const PASSPHRASE = /^(?:[a-z]{3,}|[A-Z][a-z]{2,})([-_.+])(?:[a-z]{3,}|[A-Z][a-z]{2,})(?:\1(?:[a-z]{3,}|[A-Z][a-z]{2,}))+(?:\1?\d{1,4})?[!?#*$%&]?$/
export const looksPassphrase = (token: string): boolean => {
  if (!PASSPHRASE.test(token) || NAMES_ONE.test(token) || token.length > 64) return false
  return /\d[!?#*$%&]?$/.test(token) || token.replace(/[!?#*$%&]$/, '').split(/[-_.+]/).filter((w) => /^[A-Za-z]+$/.test(w)).length >= 4
}

/**
 * Random letters in both cases (`fBytMjdnfkSGWm`, `qkEqyOSMcnhrki`), not an identifier in camel case
 * (`OperationalError`, `XMLHttpRequest`, `getServerSideProps`, `ioRedisClient`): the case changes in a quarter of the
 * neighbouring pairs or more, and a hump after the first is one or two letters long (an identifier's humps are words).
 */
const HUMP = /[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+/g
export const looksRandomLetters = (token: string): boolean => {
  if (token.length < 12 || token.length > 128 || !/^[A-Za-z]+$/.test(token)) return false
  let switches = 0
  for (let i = 1; i < token.length; i += 1) if ((token[i - 1] ?? '') < 'a' !== (token[i] ?? '') < 'a') switches += 1
  return switches * 4 >= token.length && (token.match(HUMP) ?? []).slice(1).some((h) => h.length <= 2)
}

export const looksSecret = (raw: string): boolean => {
  const token = raw.replace(/^[¡¿"'“«]+|["'”»]+$/gu, '')
  if (token.length < 5 || token.length > 512 || (token.length === 5 && classes(token) < 3)) return false
  if (looksPassphrase(token) || looksRandomLetters(token)) return true
  // (`hunter2-secret` has a digit in it: a password that ends like a name for one.)
  if ((NAMES_ONE.test(token) && (!/\d/.test(token) || /^1pass/i.test(token))) || DOTTED.test(token)) return false
  if (/^\d+$/.test(token) || STAND_IN.test(token) || isCiphertextLike(token)) return false
  if (NOT_A_SECRET.some((re) => re.test(token))) return false
  const hasDigit = /\d/.test(token)
  const mixedCase = /[a-z]/.test(token) && /[A-Z]/.test(token)
  // Identifiers (`c.user_id`, `utf8mb4_bin`, `connection_templates`) are code, not values.
  // (`winter_zapato1`, `winter3171_` read as passwords: one separator, digits only at the end of a part.)
  if (/^[a-z_][a-z0-9_.]*$/.test(token) && /[_.]/.test(token) && !/^[a-z]+\d*[_.][a-z]*\d*$/.test(token.replace(/^[a-z]+[_.]$/, '')) ) return false
  if (/^[a-z_][a-z0-9_.]*$/.test(token) && !/\d/.test(token)) return false
  if (/^[A-Za-z_$][A-Za-z_.$]*$/.test(token) && !(mixedCase && /[^A-Za-z]/.test(token))) return false
  if (!hasDigit && !(mixedCase && (/[^A-Za-z0-9]/.test(token) || token.length >= 12))) return false
  const n = classes(token)
  if (n < 2) return false
  return bitsPerChar(token) * token.length >= (n >= 4 ? 11 : n === 3 ? 14 : 18)
}

/** A long random value (a key, a hash-like secret): many characters and high entropy per character. */
export const looksRandom = (token: string): boolean =>
  token.length >= 20 &&
  // Longer than any key: data (an image, a dump), not a credential.
  token.length <= 2048 &&
  !isCiphertextLike(token) &&
  /^[A-Za-z0-9+/=_-]+$/.test(token) &&
  !token.startsWith('/') &&
  !token.includes('//') &&
  /\d/.test(token) &&
  /[A-Za-z]/.test(token) &&
  !/^[a-z0-9]+(?:[_-][a-z0-9]+)+$/.test(token) &&
  !NAMES_ONE.test(token) &&
  bitsPerChar(token) >= 3.2
