import { isLocalOnly, keyOf, tables, type SyncedTableName } from '../../schema/tables'
import type { Row } from '../ports'

/**
 * The record vocabulary as the protocol uses it: the table-free words (ids, tombstones, versions, equality, the
 * stable hash, copy keys) come from `schema/record`, defined once; what needs a table's spec (key columns, the
 * IndexedDB key, the copy's title, what may leave the device) is here.
 */
export { keyOf, isLocalOnly }
export {
  SEP,
  copyKey,
  markCopy,
  isGone,
  isTombstone,
  keyInTable,
  recordId,
  sameData,
  sameField,
  sameValue,
  stableHash,
  userFields,
  versionOf,
} from '../../schema/record'

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
