import { isLocalOnly, keyOf, tables, type SyncedTableName } from '../../schema/tables'
import type { Row } from '../ports'

/**
 * The record vocabulary of the protocol, in one place: identity, tombstones, versions, the user's fields and the
 * keep-both copy name.
 */
export { keyOf, isLocalOnly }
export { sameData, sameValue, dataFields as userFields } from '../conflicts/merge3'

/** A tombstone: a row whose `deleted_at` is set (I6). A missing row is not a tombstone. */
export const isTombstone = (row: Row | null | undefined): boolean =>
  row !== null && row !== undefined && row['deleted_at'] !== null && row['deleted_at'] !== undefined

/** Gone for the protocol: absent or a tombstone. */
export const isGone = (row: Row | null | undefined): boolean => row === null || row === undefined || isTombstone(row)

/** The server version a row was last synced at; 0 = the server has never acknowledged it. */
export const versionOf = (row: Row | null | undefined): number => Number(row?.['sync_version'] ?? 0)

/** The key columns of a row, which address it when the row itself is gone (deletes). */
export const keyColumnsOf = (table: SyncedTableName, row: Row): Row => {
  const out: Row = {}
  for (const k of tables[table].key) out[k] = row[k]
  return out
}

/** The value IndexedDB keys a row by (a string, or an array for compound keys). */
export const keyValueOf = (table: SyncedTableName, columns: Row): unknown => {
  const key = tables[table].key
  return key.length === 1 ? columns[key[0] as string] : key.map((k) => columns[k])
}

/** The title a keep-both copy gets: "<title> (conflicted copy – <device>)". */
export const conflictedCopyTitle = (title: unknown, deviceName: string): string =>
  `${String(title ?? '')} (conflicted copy – ${deviceName})`

/** The column a keep-both copy renames, if the table has one. */
export const titleColumnOf = (table: SyncedTableName): string | undefined =>
  (tables[table] as { titleColumn?: string }).titleColumn

/**
 * What may leave the device of a row (R4): a local-only row (private history, a device-specific preference) is
 * reduced to its key columns, so no path (an archive snapshot, a merge, a re-queue) can carry its content.
 */
export const shareable = (table: SyncedTableName, row: Row | null): Row | null =>
  row === null ? null : isLocalOnly(table, row) ? { ...keyColumnsOf(table, row), local_only: true } : row
