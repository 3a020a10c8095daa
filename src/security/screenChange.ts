import { findCredentials } from './findCredentials'
import { sanitizeRecord } from './sanitizeRecord'

/** The part of an outgoing change that screening reads (core's `OutgoingChange` fits it). */
export interface ScreenInput {
  readonly op: string
  readonly table: string
  readonly row: Record<string, unknown>
}

/** The row to send, and the credential still found in it after sanitizing (core's `Screened`). */
export interface ScreenOutput {
  readonly row: Record<string, unknown>
  readonly leak?: { readonly field: string; readonly kind: string }
}

/**
 * Line 1 of the credential firewall for one outgoing change: sanitizes the row (`sanitizeRecord`) and reports what
 * still looks like a credential (`findCredentials`), so the engine quarantines that record (I10). A delete carries
 * only its key and tombstone and goes as it is.
 */
export const screenChange = (change: ScreenInput): ScreenOutput => {
  if (change.op === 'delete') return { row: change.row }
  const row = sanitizeRecord(change.table, change.row) as Record<string, unknown>
  const [finding] = findCredentials(row)
  return finding === undefined ? { row } : { row, leak: { field: finding.path, kind: finding.kind } }
}
