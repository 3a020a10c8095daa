import type { OutgoingChange, Row } from '../ports'
import { isLocalOnly, keyColumnsOf, versionOf } from './record'
import type { OutboxEntry } from './outbox'

export interface UploadPlan {
  /** The changes of this upload, in order. */
  readonly changes: OutgoingChange[]
  /** Entries that leave the outbox without being sent (their record is gone, or it may not leave the device). */
  readonly drop: string[]
  /** Unsent entries that become sent, in place (same pk), frozen with the row they carry. */
  readonly markSent: OutboxEntry[]
}

/**
 * What an upload carries (I2, R4, R5). `entries` are the entries chosen for this upload (sent ones first), each with
 * the record's current local row.
 *
 * - A sent entry is retried exactly as it was first sent (its frozen row and base), whatever happened to the record
 *   since: the server recognises a committed first attempt by its mutation id, and the changes queued behind it are
 *   rebased on the version it returns.
 * - An unsent upsert carries the current row at its current version; if the record is gone locally, a delete entry
 *   (if any) carries it instead.
 * - A local-only row is never uploaded: an upsert of one is withdrawn (a delete) if the server has the record, and
 *   dropped otherwise.
 */
export const planUpload = (entries: ReadonlyArray<{ readonly entry: OutboxEntry; readonly row: Row | null }>): UploadPlan => {
  const changes: OutgoingChange[] = []
  const drop: string[] = []
  const markSent: OutboxEntry[] = []
  for (const { entry, row } of entries) {
    if (entry.held === 1) continue
    if (entry.sent === 1) {
      const sentRow = entry.row ?? (entry.op === 'upsert' ? row : null)
      if (entry.op === 'upsert' && (sentRow === null || isLocalOnly(entry.table, sentRow))) {
        drop.push(entry.pk)
        continue
      }
      changes.push(toChange(entry, sentRow))
      continue
    }
    let next: OutboxEntry = entry
    if (entry.op === 'upsert') {
      if (row === null) {
        drop.push(entry.pk)
        continue
      }
      if (isLocalOnly(entry.table, row)) {
        if (entry.baseVersion === 0 && versionOf(row) === 0) {
          drop.push(entry.pk)
          continue
        }
        next = { ...entry, op: 'delete', baseVersion: Math.max(entry.baseVersion, versionOf(row)), keyColumns: { ...keyColumnsOf(entry.table, row), hlc: String(row['hlc'] ?? ''), deleted_at: Number(row['updated_at'] ?? 0) } }
      } else {
        next = { ...entry, baseVersion: versionOf(row), row: { ...row, mutation_id: entry.mutationId } }
      }
    }
    const sent: OutboxEntry = { ...next, sent: 1 }
    markSent.push(sent)
    changes.push(toChange(sent, sent.row ?? null))
  }
  return { changes, drop, markSent }
}

/** The change an entry sends. */
export const toChange = (entry: OutboxEntry, row: Row | null): OutgoingChange => ({
  table: entry.table,
  key: entry.key,
  op: entry.op,
  mutationId: entry.mutationId,
  baseVersion: entry.op === 'upsert' && row !== null && entry.row === undefined ? versionOf(row) : entry.baseVersion,
  row: entry.op === 'upsert' && row !== null ? { ...row, mutation_id: entry.mutationId } : { ...entry.keyColumns },
})
