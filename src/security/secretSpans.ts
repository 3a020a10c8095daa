import { commandLineSpans } from './commandLineSpans'
import { configLineSpans } from './configLineSpans'
import { keyValueSpans } from './keyValueSpans'
import { prefixedTokenSpans } from './prefixedTokenSpans'
import { proseSpans } from './proseSpans'
import { sqlArgumentSpans } from './sqlArgumentSpans'
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
  const all = [
    ...tokenSpans(text),
    ...prefixedTokenSpans(text),
    ...sqlPasswordSpans(text),
    ...sqlArgumentSpans(text),
    ...uriPasswordSpans(text),
    ...keyValueSpans(text),
    ...configLineSpans(text),
    ...commandLineSpans(text),
    ...proseSpans(text),
  ]
  // Stable sort: when two rules find the same bounds, the more specific (earlier) rule names the kind.
  const sorted = all.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end)
  return sorted.filter((s, i) => i === 0 || s.start !== sorted[i - 1]?.start || s.end !== sorted[i - 1]?.end)
}
