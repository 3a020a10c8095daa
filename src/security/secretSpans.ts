import { keyValueSpans } from './keyValueSpans'
import { sqlPasswordSpans } from './sqlPasswordSpans'
import { tokenSpans } from './tokenSpans'
import { uriPasswordSpans } from './uriPasswordSpans'
import type { SecretSpan } from './types'

/**
 * Every secret value in a text, by every rule, in text order. Detection and redaction share this one function, so
 * whatever `redactSql` leaves behind is, by construction, what `findCredentials` accepts: each rule skips a value
 * that is already the REDACTED marker.
 */
export const secretSpans = (text: string): SecretSpan[] => {
  // Cheap exit for the common case (ids, names, short text) without running a dozen regexes.
  if (text.length < 8) return []
  const all = [...tokenSpans(text), ...sqlPasswordSpans(text), ...uriPasswordSpans(text), ...keyValueSpans(text)]
  // Stable sort: when two rules find the same bounds, the more specific (earlier) rule names the kind.
  const sorted = all.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end)
  return sorted.filter((s, i) => i === 0 || s.start !== sorted[i - 1]?.start || s.end !== sorted[i - 1]?.end)
}
