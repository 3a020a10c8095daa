import type { Cursors, SyncedTableName } from '../ports'

/**
 * Whether a device must do a full reconcile (I6, R3): the server purged a tombstone this device has not pulled yet,
 * i.e. one of its cursors lies below the retention watermark. A device with no cursor at all is bootstrapping, which
 * is a full pull already. No clock takes part: not the device's, not the deleter's.
 */
export const needsReconcile = (cursors: Cursors, tables: readonly SyncedTableName[], purgedSeq: number | undefined): boolean => {
  if (purgedSeq === undefined || purgedSeq === 0) return false
  const known = tables.map((t) => cursors[t] ?? 0)
  if (known.every((c) => c === 0)) return false
  return Math.min(...known) < purgedSeq
}
