import { credentialAnchors, isCredentialWord, type Anchor } from './credentialWords'
import { classes, idShaped, looksRandom, looksSecret } from './entropy'
import { keyMaterialRule } from './keyMaterial'
import { oneTimeCodeRule } from './oneTimeCodes'
import { KNOWN_FORMATS } from './knownFormats'
import { blankNotSecrets } from './notSecrets'
import { uriRule } from './uriCredentials'
import { basicPlaceholder, wrappedRule } from './wrapped'

export type FinalCheckKind = 'known-format' | 'entropy-near-word' | 'uri-credentials'

export interface TextFinding {
  readonly kind: FinalCheckKind
  /** The rule: a format id, or the method. Never the value. */
  readonly rule: string
}

/**
 * Values are read around an anchor as runs of these characters (quotes, brackets and separators split them). Scripts
 * written without spaces (CJK, Thai, Lao, Khmer, Myanmar) end a run too: `パスワードは8文字以上` holds no value.
 */
const VALUE = /[^\s'"`,;()[\]{}<>=:|，：、。\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]+/gu
/** One value run from a position, bounded: past 4 KiB it is data whatever it holds. */
const RUN = /[^\s'"`,;()[\]{}<>=:|，：、。]{1,4097}/uy
/** A quoted literal with `=` inside, which the runs split (`'?1Oa=h-E#_=bzuA4'`); `'CN=ops,O=x'`, `'a=b'` are pairs. */
const QUOTED = /(['"])(?![A-Za-z_]+=)([^'"\s:/,]*=[^'"\s:/,]*)\1/g
/**
 * The key of an encrypted database, whatever it looks like (a passphrase of plain words, a raw `x'…'` key): SQLCipher
 * `PRAGMA [re]key = '…'`, `ATTACH DATABASE … KEY '…'`, `sqlite3_key(db, "…", n)`.
 */
const KEYED_LITERAL = /\b(?:PRAGMA\s+(?:\w+\.)?(?:hex|text)?(?:re)?key\s*(?:=\s*|\(\s*)|ATTACH\s+(?:DATABASE\s+)?\S+\s+AS\s+\w+\s+KEY\s+|sqlite3_(?:re)?key(?:_v2)?\s*\([^,]*,\s*)(["'])/i
const KEYED_LITERAL_ALL = new RegExp(`${KEYED_LITERAL.source.replace(/\(\["'\]\)$/, '')}(["'])((?:(?!\\1)[^\\n]){3,256})\\1`, 'gi')
const STAND_IN_LITERAL = /^(?:\[REDACTED\]|\$\{?\w+\}?|\{\{.*\}\}|<[^>]*>|%s|\?|:\w+|x{3,}|\*+)$/i
const STAND_IN_FILL = /([xX0*])\1{5,}/
const GLOBAL = new Map<RegExp, RegExp>()
const globally = (re: RegExp): RegExp => {
  let g = GLOBAL.get(re)
  if (g === undefined) GLOBAL.set(re, (g = new RegExp(re.source, `${re.flags}g`)))
  return g
}
const nameShaped = (v: string): boolean => v.length < 12 && classes(v) < 3
const AFTER = 120
const BEFORE = 40
/**
 * Longer than this, a text is data (a pasted dump, a tool's output), far longer than any credential: entropy alone
 * does not make a finding there. A value counts only when it is *beside* its credential word (`password: X`,
 * `"token": "X"`), not somewhere in the window around it; known formats and the structural rules apply as everywhere.
 */
const LARGE = 32 * 1024
const BESIDE = /^(?=[\s:="'`])[ \t"'`]{0,3}(?:[:=]|=>|:=)?[ \t]{0,2}["'`]?([^\s'"`,;()[\]{}<>=:|]+)/

/**
 * The value runs in a window; a run directly followed by `(` is a call (`hashlib.sha256(…)`), not a value, and a run
 * the window's start cuts through (`.eu-west-1.rds.amazonaws.com` of a host) is not a value either.
 */
const valuesIn = (text: string, from: number, to: number): string[] => {
  const start = Math.max(0, from)
  const cut = start > 0 && /[^\s'"`,;()[\]{}<>=:|]/u.test(text[start - 1] ?? '')
  // A run the window's end cuts through is read whole (up to a bound): a 20 KB base64 image is not a 77-character key.
  const end = Math.min(text.length, to)
  const whole = (m: RegExpMatchArray): string => {
    if (start + (m.index ?? 0) + m[0].length < end) return m[0]
    RUN.lastIndex = start + (m.index ?? 0)
    return RUN.exec(text)?.[0] ?? m[0]
  }
  const runs = [...text.slice(start, end).matchAll(VALUE)]
    .filter((m) => text[start + m.index + m[0].length] !== '(' && !(cut && m.index === 0))
    .map(whole)
  return [...runs, ...[...text.slice(start, end).matchAll(QUOTED)].map((m) => m[2] ?? '')]
}

const stripEdges = (token: string): string => token.replace(/[.,…?!]+$/g, '')

/**
 * A later line that starts with another label (`accessor    hvs.…`, `ttl: 1h`) holds that label's value, not the
 * credential word's: the window after the word ends there. A line that starts with a value (`password:\n  pw`) does not,
 * nor does a label that carries the value of the one before (`- name: DB_PASSWORD\n  value: …`, Kubernetes, ECS).
 */
const VALUE_LABEL = /^(?:value|values|val|default|secret_?value|string_?value)$/i
const LABELLED_LINE = /\n[ \t]*([A-Za-z_][\w.-]*)(?:[ \t]{2,}|[ \t]*[:=][ \t])/g
const windowEnd = (text: string, from: number): number => {
  const to = Math.min(text.length, from + AFTER)
  const window = text.slice(from, to)
  if (!window.includes('\n')) return to
  for (const m of window.matchAll(LABELLED_LINE)) if (!isCredentialWord(m[1] ?? '') && !VALUE_LABEL.test(m[1] ?? '')) return from + m.index
  return to
}

const nearWord = (text: string, anchor: Anchor): boolean => {
  const test = (v: string): boolean =>
    anchor.weak ? looksRandom(v) : anchor.flag === true ? classes(v) >= 3 && looksSecret(v) : looksSecret(v) || looksRandom(v)
  if (text.length > LARGE) {
    const beside = BESIDE.exec(text.slice(anchor.end, anchor.end + 600))?.[1]
    return beside !== undefined && test(stripEdges(beside))
  }
  // After a flag the value is the next whitespace-delimited word, whatever it contains (`-a Dragon=dragon4`).
  const word = anchor.flag === true ? /^\s*['"]?([^\s'"]+)/.exec(text.slice(anchor.end))?.[1] : undefined
  const after = word !== undefined ? [word] : valuesIn(text, anchor.end, windowEnd(text, anchor.end)).slice(0, 8).map(stripEdges)
  const before = valuesIn(text, anchor.start - BEFORE, anchor.start).slice(-4).map(stripEdges).reverse()
  // Values are read outwards from the word; a REDACTED marker or a stand-in met first is this word's value.
  // Only the value right beside the word may be id-shaped (`api_key=<uuid>`); further away a UUID or a hex string is a
  // request id, a commit or a digest that the sentence mentions. Four words away or more, or before the word, a short
  // token of lowercase letters and digits is a name (`node3`, `app01`), not the word's value.
  const firstHit = (values: readonly string[], beside: boolean): 'hit' | 'satisfied' | 'none' => {
    let i = 0
    for (const v of values) {
      if (v === 'REDACTED') return 'satisfied'
      if (test(v) && (anchor.call === true || (!((i > 0 || !beside) && idShaped(v)) && !((i > 3 || !beside) && nameShaped(v))))) return 'hit'
      // Punctuation between the word and its value (`admin / pw`) does not move the value further away.
      if (/[\p{L}\p{N}]/u.test(v)) i += 1
    }
    return 'none'
  }
  const forward = firstHit(after, true)
  // A flag's value follows it (`ssh deploy@host -p 22`: the host before `-p` is not its value), and so does the value
  // of `IDENTIFIED` or `login` (`CREATE USER app01 IDENTIFIED BY …`: the name before it is a user).
  return forward === 'hit' || (forward === 'none' && anchor.flag !== true && !anchor.forward && firstHit(before, false) === 'hit')
}

/**
 * The final check's view of one string: known formats and key material first, then base64-wrapped credentials, then
 * a secret-looking value next to a credential word (entropy), then credentials inside URIs and DSNs. Returns what
 * kind of finding, never the value. `depth` > 0 when checking text decoded from base64.
 */
export const scanText = (text: string, depth = 0): TextFinding[] => {
  if (text.length < 8) return []
  const findings: TextFinding[] = []
  for (const { id, pattern } of KNOWN_FORMATS) {
    if (!pattern.test(text)) continue
    // A format filled with a stand-in (`sk_test_xxxxxx…`) grants nothing.
    const real = [...text.matchAll(globally(pattern))].some((m) => !STAND_IN_FILL.test(m[0]))
    if (real && !(id === 'authorization-header' && basicPlaceholder(text))) findings.push({ kind: 'known-format', rule: id })
  }
  if (KEYED_LITERAL.test(text) && [...text.matchAll(KEYED_LITERAL_ALL)].some((m) => !STAND_IN_LITERAL.test(m[2] ?? ''))) findings.push({ kind: 'known-format', rule: 'database-key' })
  const codes = oneTimeCodeRule(text)
  if (codes !== undefined) findings.push({ kind: 'known-format', rule: codes })
  const material = keyMaterialRule(text)
  if (material !== undefined) findings.push({ kind: 'known-format', rule: material })
  const wrapped = depth === 0 ? wrappedRule(text, (decoded) => scanText(decoded, depth + 1).length > 0) : undefined
  if (wrapped !== undefined) findings.push({ kind: 'known-format', rule: wrapped })
  const open = blankNotSecrets(text)
  for (const anchor of credentialAnchors(open)) {
    if (nearWord(open, anchor)) {
      findings.push({ kind: 'entropy-near-word', rule: anchor.weak ? 'random-near-key' : 'secret-near-word' })
      break
    }
  }
  const uri = uriRule(open)
  if (uri !== undefined) findings.push({ kind: 'uri-credentials', rule: uri })
  return findings
}
