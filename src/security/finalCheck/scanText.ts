import { credentialAnchors } from './credentialWords'
import { classes, looksRandom, looksSecret } from './entropy'
import { KNOWN_FORMATS } from './knownFormats'

export type FinalCheckKind = 'known-format' | 'entropy-near-word' | 'uri-credentials'

export interface TextFinding {
  readonly kind: FinalCheckKind
  /** The rule: a format id, or the method. Never the value. */
  readonly rule: string
}

/** Values are read around an anchor as runs of these characters (quotes, brackets and separators split them). */
const VALUE = /[^\s'"`,;()[\]{}<>=:|，：、。]+/gu
const AFTER = 120
const BEFORE = 40
/** `scheme://user:password@host`, `user:password@tcp(host)` (Go), `user/password@db` (Oracle). */
const URI_CREDENTIALS = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/@'"`]*:([^\s'"`]+)@[\w.[\]-]+|(?<![\w/])[\w.-]+:([^\s@:/'"`]+)@tcp\(|(?<![\w/.@-])[A-Za-z][\w$]*\/([^\s@/'"`]+)@(?:\/\/)?[\w.-]+/g
/** `host:port:db:user:password` (.pgpass). */
const PGPASS = /^[^\s:]+:(?:\d+|\*):[^\s:]+:[^\s:]+:(\S+)$/m

/** The value runs in a window; a run directly followed by `(` is a call (`hashlib.sha256(…)`), not a value. */
const valuesIn = (text: string, from: number, to: number): string[] => {
  const start = Math.max(0, from)
  return [...text.slice(start, Math.min(text.length, to)).matchAll(VALUE)].filter((m) => text[start + m.index + m[0].length] !== '(').map((m) => m[0])
}

const stripEdges = (token: string): string => token.replace(/[.,…]+$/g, '')

/**
 * The final check's view of one string: known formats first, then a secret-looking value next to a credential word
 * (entropy), then credentials inside URIs and DSNs. Returns what kind of finding, never the value.
 */
export const scanText = (text: string): TextFinding[] => {
  if (text.length < 8) return []
  const findings: TextFinding[] = []
  for (const { id, pattern } of KNOWN_FORMATS) {
    if (pattern.test(text)) findings.push({ kind: 'known-format', rule: id })
  }
  for (const anchor of credentialAnchors(text)) {
    const test = (v: string): boolean =>
      anchor.weak ? looksRandom(v) : anchor.flag === true ? classes(v) >= 3 && looksSecret(v) : looksSecret(v) || looksRandom(v)
    // After a flag the value is the next whitespace-delimited word, whatever it contains (`-a Dragon=dragon4`).
    const word = anchor.flag === true ? /^\s*['"]?([^\s'"]+)/.exec(text.slice(anchor.end))?.[1] : undefined
    const after = word !== undefined ? [word] : valuesIn(text, anchor.end, anchor.end + AFTER).slice(0, 8).map(stripEdges)
    const before = valuesIn(text, anchor.start - BEFORE, anchor.start).slice(-4).map(stripEdges).reverse()
    // Values are read outwards from the word; a REDACTED marker or a stand-in met first is this word's value.
    const firstHit = (values: readonly string[]): 'hit' | 'satisfied' | 'none' => {
      for (const v of values) {
        if (v === 'REDACTED') return 'satisfied'
        if (test(v)) return 'hit'
      }
      return 'none'
    }
    const forward = firstHit(after)
    const hit = forward === 'hit' || (forward === 'none' && firstHit(before) === 'hit')
    if (hit) {
      findings.push({ kind: 'entropy-near-word', rule: anchor.weak ? 'random-near-key' : 'secret-near-word' })
      break
    }
  }
  for (const m of text.matchAll(URI_CREDENTIALS)) {
    const secret = m[1] ?? m[2] ?? m[3] ?? ''
    if (secret.length >= 3 && !/^\d{1,5}\//.test(secret) && !/^(?:\[REDACTED\]|\$\{?\w+\}?|\*+|<[^>]*>|%\w+%)$/.test(secret) && (looksSecret(secret) || /\d|[^\w]/.test(secret))) {
      findings.push({ kind: 'uri-credentials', rule: 'uri' })
      break
    }
  }
  const pgpass = PGPASS.exec(text)?.[1]
  if (pgpass !== undefined && looksSecret(pgpass)) findings.push({ kind: 'uri-credentials', rule: 'pgpass' })
  return findings
}
