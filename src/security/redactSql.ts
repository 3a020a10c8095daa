import { REDACTED } from './redacted'
import { secretSpans } from './secretSpans'

/**
 * Replaces credential VALUES in SQL or any free text with `[REDACTED]`, keeping keywords, identifiers, quotes and
 * the rest of the statement: `PASSWORD 'x'` → `PASSWORD '[REDACTED]'`, `postgres://u:p@h` →
 * `postgres://u:[REDACTED]@h`, `Password=x;` → `Password=[REDACTED];`, `ghp_…` → `[REDACTED]`.
 *
 * Idempotent, and returns the same string when nothing is found, so ordinary SQL (`SELECT password FROM users`,
 * `UPDATE users SET password_hash = $1`) is untouched. Overlapping findings are merged into one marker.
 */
export const redactSql = (text: string): string => {
  const spans = secretSpans(text)
  if (spans.length === 0) return text
  let out = ''
  let cursor = 0
  let open = -1
  let close = -1
  const flush = (): void => {
    if (open === -1) return
    out += text.slice(cursor, open) + REDACTED
    cursor = close
  }
  for (const { start, end } of spans) {
    if (open !== -1 && start <= close) {
      close = Math.max(close, end)
      continue
    }
    flush()
    open = start
    close = end
  }
  flush()
  return out + text.slice(cursor)
}
