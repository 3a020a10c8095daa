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

const classes = (text: string): number =>
  Number(/[a-z]/.test(text)) + Number(/[A-Z]/.test(text)) + Number(/\d/.test(text)) + Number(/[^A-Za-z0-9]/.test(text))

/** Stand-ins for a value: SQL parameters, templates, env references, masks, our own marker. */
const STAND_IN =
  /^(?:[?$:@%][\w.]*|\$\{.*\}|\$\(.*\)?|\{\{.*\}\}|\{.*\}|<.*>|%\(?\w+\)?s?%?|\*+|x{3,}|X{3,}|•+|\.{3,}|.*\[REDACTED\].*|[A-Za-z]+-\.\.\.|.*\.\.\.)$/
/** Dotted host names and IPs, versions, dates and times: they sit near credential words without being one. */
const NOT_A_SECRET = [
  /^(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?$/, // host names
  /^\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?$/, // IPv4
  /^v?\d+(?:[._-]\d+)+$/, // versions, dates
  /^\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?$/,
  /^[a-z]+(?:[-_][a-z0-9]+)+$/, // kebab and snake words: eu-west-1, scram-sha-256, new_password
  /^[A-Z]+(?:_[A-Z0-9]+)+$/, // CONSTANT_NAMES
  /^(?:[~.]?\/|[A-Za-z]:\\)/, // paths
  /^[a-z]+\(.*\)?$/i, // calls
  /^-/, // flags
  /^[\p{L}]+$/u, // a word
]

/**
 * Does a token next to a credential word look like a secret value rather than a word, a name or a stand-in?
 * Generated secrets and human passwords mix character classes (`Summer2024!`, `hunter2`, `a8F3kq…`); SQL, prose
 * and config around credential words are words, identifiers, numbers, hosts and placeholders. A short token needs
 * more surprise: at least 18 bits in total.
 */
export const looksSecret = (token: string): boolean => {
  if (token.length < 6 || token.length > 512) return false
  if (/^\d+$/.test(token) || STAND_IN.test(token)) return false
  if (NOT_A_SECRET.some((re) => re.test(token))) return false
  if (classes(token) < 2 || !/[\d\W_]/.test(token.replace(/[-]/g, '')) && classes(token) < 3) return false
  return bitsPerChar(token) * token.length >= 18
}

/** A long random value (a key, a hash-like secret): many characters and high entropy per character. */
export const looksRandom = (token: string): boolean =>
  token.length >= 20 && !STAND_IN.test(token) && classes(token) >= 2 && bitsPerChar(token) >= 3.2 && !NOT_A_SECRET.slice(0, 4).some((re) => re.test(token))
