import { credentialAnchors } from './credentialWords'
import { looksRandom, looksSecret } from './entropy'
import { KNOWN_FORMATS } from './knownFormats'

export type FinalCheckKind = 'known-format' | 'entropy-near-word' | 'uri-credentials'

export interface TextFinding {
  readonly kind: FinalCheckKind
  /** The rule: a format id, or the method. Never the value. */
  readonly rule: string
}

/** Values are read around an anchor as runs of these characters (quotes, brackets and separators split them). */
const VALUE = /[^\s'"`,;()[\]{}<>=:|，：、。]+/gu
const AFTER = 80
const BEFORE = 40
/** `scheme://user:password@host`, `user:password@tcp(host)` (Go), `user/password@db` (Oracle). */
const URI_CREDENTIALS = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/@'"`]*:([^\s'"`]+)@[\w.[\]-]+|(?<![\w/])[\w.-]+:([^\s@:/'"`]+)@tcp\(|(?<![\w/:.@-])[A-Za-z][\w$]*\/([^\s@/'"`]+)@(?:\/\/)?[\w.-]+/g
/** `host:port:db:user:password` (.pgpass). */
const PGPASS = /^[^\s:]+:(?:\d+|\*):[^\s:]+:[^\s:]+:(\S+)$/m

const valuesIn = (text: string, from: number, to: number): string[] =>
  [...text.slice(Math.max(0, from), Math.min(text.length, to)).matchAll(VALUE)].map((m) => m[0])

const stripEdges = (token: string): string => token.replace(/^[!?.…]+(?=[A-Za-z0-9])|[.,!?…]+$/g, '')

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
    const near = [...valuesIn(text, anchor.end, anchor.end + AFTER).slice(0, 4), ...valuesIn(text, anchor.start - BEFORE, anchor.start).slice(-2)]
    const hit = near.map(stripEdges).some((v) => (anchor.weak ? looksRandom(v) : looksSecret(v) || looksRandom(v)))
    if (hit) {
      findings.push({ kind: 'entropy-near-word', rule: anchor.weak ? 'random-near-key' : 'secret-near-word' })
      break
    }
  }
  for (const m of text.matchAll(URI_CREDENTIALS)) {
    const secret = m[1] ?? m[2] ?? m[3] ?? ''
    if (secret.length >= 3 && !/^(?:\[REDACTED\]|\$\{?\w+\}?|\*+|<[^>]*>|%\w+%)$/.test(secret) && (looksSecret(secret) || /\d|[^\w]/.test(secret))) {
      findings.push({ kind: 'uri-credentials', rule: 'uri' })
      break
    }
  }
  const pgpass = PGPASS.exec(text)?.[1]
  if (pgpass !== undefined && looksSecret(pgpass)) findings.push({ kind: 'uri-credentials', rule: 'pgpass' })
  return findings
}
