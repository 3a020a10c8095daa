import { commandLineSpans } from './commandLineSpans'
import { configLineSpans } from './configLineSpans'
import { keyMaterialSpans } from './keyMaterialSpans'
import { keyValueSpans } from './keyValueSpans'
import { oneTimeCodeSpans } from './oneTimeCodeSpans'
import { prefixedTokenSpans } from './prefixedTokenSpans'
import { proseSpans } from './proseSpans'
import { settingValueSpans } from './settingValueSpans'
import { sqlArgumentSpans } from './sqlArgumentSpans'
import { sqlPasswordSpans } from './sqlPasswordSpans'
import { tokenSpans } from './tokenSpans'
import { uriPasswordSpans } from './uriPasswordSpans'
import { wrappedSpans } from './wrappedSpans'
import type { SecretSpan } from './types'

/**
 * Every secret value in a text, by every rule, in text order. Detection and redaction share this one function, so
 * whatever `redactSql` leaves behind is, by construction, what `findCredentials` accepts: each rule skips a value
 * that is already the REDACTED marker.
 */
export const secretSpans = (text: string, depth = 0): SecretSpan[] => {
  // Cheap exit for the common case (ids, names, short text) without running a dozen regexes.
  if (text.length < 8) return []
  const all = [
    ...tokenSpans(text),
    ...prefixedTokenSpans(text),
    ...sqlPasswordSpans(text),
    ...sqlArgumentSpans(text),
    ...settingValueSpans(text),
    ...uriPasswordSpans(text),
    ...keyValueSpans(text),
    ...configLineSpans(text),
    ...commandLineSpans(text),
    ...proseSpans(text),
    ...keyMaterialSpans(text),
    ...oneTimeCodeSpans(text),
    // Base64 is decoded once: what it carries is read by every rule, but not decoded again.
    ...(depth === 0 ? wrappedSpans(text, (decoded) => secretSpans(decoded, 1).length > 0) : []),
  ]
  // Stable sort: when two rules find the same bounds, the more specific (earlier) rule names the kind.
  const sorted = all.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end)
  return sorted.filter((s, i) => i === 0 || s.start !== sorted[i - 1]?.start || s.end !== sorted[i - 1]?.end)
}
