import { REDACTED } from './redacted'
import { secretSpans } from './secretSpans'
import type { SecretSpan } from './types'

/** Replaces each span (overlapping or touching spans merged) with the marker. */
const replaceSpans = (text: string, spans: readonly SecretSpan[]): string => {
  let out = ''
  let cursor = 0
  let open = -1
  let close = -1
  for (const { start, end } of [...spans, { start: Infinity, end: Infinity }]) {
    if (open !== -1 && start <= close) {
      close = Math.max(close, end)
      continue
    }
    if (open !== -1) {
      out += text.slice(cursor, open) + REDACTED
      cursor = close
    }
    open = start
    close = end
  }
  return out + text.slice(cursor)
}

const MAX_PASSES = 8

/**
 * Replaces credential VALUES in SQL or any free text with `[REDACTED]`, keeping keywords, identifiers, quotes and
 * the rest of the statement: `PASSWORD 'x'` → `PASSWORD '[REDACTED]'`, `postgres://u:p@h` →
 * `postgres://u:[REDACTED]@h`, `Password=x;` → `Password=[REDACTED];`, `ghp_…` → `[REDACTED]`.
 *
 * Returns the same string when nothing is found, so ordinary SQL (`SELECT password FROM users`,
 * `UPDATE users SET password_hash = $1`) is untouched.
 *
 * Idempotent by construction: it repeats until the rules find nothing (one pass, almost always; a merged
 * replacement can cut through another rule's delimiter, such as a PEM footer), so `findCredentials` accepts its
 * output. Text that has not settled after a few passes is replaced whole by the marker.
 */
export const redactSql = (text: string): string => {
  let current = text
  for (let pass = 0; pass < MAX_PASSES; pass += 1) {
    const spans = secretSpans(current)
    if (spans.length === 0) return current
    current = replaceSpans(current, spans)
  }
  return secretSpans(current).length === 0 ? current : REDACTED
}
