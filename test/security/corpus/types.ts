/** One corpus item that holds credentials. */
export interface SecretItem {
  readonly format: string
  readonly category: 'token' | 'sql' | 'shell' | 'config' | 'chat'
  readonly text: string
  /** The secret values: none may survive redaction, and the final check must find the item. */
  readonly needles: readonly string[]
  /** What correct redaction gives; by default every needle replaced by `[REDACTED]`. */
  readonly expected?: string
}

/** One ordinary item that sits near the boundary: it names, describes or stands in for a credential. */
export interface BenignItem {
  readonly category: 'sql' | 'shell' | 'config' | 'chat' | 'code' | 'data'
  readonly text: string
}

export const REDACTED = '[REDACTED]'

export const expectedRedaction = (item: SecretItem): string => {
  if (item.expected !== undefined) return item.expected
  let out = item.text
  // Longest first, so a needle inside another is not replaced separately.
  for (const needle of [...item.needles].sort((a, b) => b.length - a.length)) out = out.split(needle).join(REDACTED)
  return out
}
