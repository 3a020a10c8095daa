import { Dexie, type Collection, type IndexableType, type Table, type Transaction } from 'dexie'
import type { Row } from '../core/ports'
import type { Scan, StoreKey, TxPort } from '../core/protocol/port'
import type { LocalSyncControls } from './syncDatabase'

/** Something that hands out tables: a Dexie transaction (bound to it), or the database (the current transaction). */
interface Tables {
  table(name: string): Table
}

const done = (): void => undefined

/** A port key as Dexie types it (Dexie's key type has no readonly arrays): the one place the two meet. */
export const idbKey = (key: unknown): IndexableType => key as IndexableType
const idbKeys = (keys: readonly unknown[]): IndexableType[] => keys as IndexableType[]
const none = Promise.resolve()

/**
 * The protocol's transaction port over Dexie. Empty bulk calls make no IndexedDB request: a transaction with no
 * request pending at the end of a task commits, which would fail every later step.
 */
export const dexiePort = (scope: Tables): TxPort => ({
  get: (table, key) => scope.table(table).get(idbKey(key)) as Promise<Row | undefined>,
  bulkGet: (table, keys) => (keys.length === 0 ? Promise.resolve([]) : (scope.table(table).bulkGet(idbKeys(keys)) as Promise<Array<Row | undefined>>)),
  put: (table, row) => scope.table(table).put(row).then(done),
  bulkPut: (table, rows) => (rows.length === 0 ? none : scope.table(table).bulkPut(rows as Row[]).then(done)),
  delete: (table, key) => scope.table(table).delete(idbKey(key)),
  bulkDelete: (table, keys) => (keys.length === 0 ? none : scope.table(table).bulkDelete(idbKeys(keys))),
  scan: (table, s: Scan = {}) => {
    const t = scope.table(table)
    const index = s.index ?? t.schema.primKey.name
    let c: Collection =
      s.prefix !== undefined
        ? t.where(index).startsWith(s.prefix)
        : s.lower !== undefined || s.upper !== undefined
          ? t.where(index).between(s.lower ?? Dexie.minKey, s.upper ?? Dexie.maxKey, true, true)
          : s.index === undefined
            ? t.toCollection()
            : t.orderBy(index)
    if (s.reverse === true) c = c.reverse()
    if (s.filter !== undefined) c = c.filter(s.filter)
    if (s.limit !== undefined) c = c.limit(s.limit)
    return c.toArray() as Promise<Row[]>
  },
  byIndex: (table, index, value: StoreKey) => scope.table(table).where(index).equals(idbKey(value)).toArray() as Promise<Row[]>,
  count: (table) => scope.table(table).count(),
})

/** Runs a protocol script in one uncaptured read-write transaction (the sync layer's own writes, never re-queued). */
export const runUncaptured = <R>(controls: LocalSyncControls, tables: readonly string[], script: (port: TxPort) => Promise<R>): Promise<R> =>
  controls.writeUncaptured(tables, (tx: Transaction) => script(dexiePort(tx)))
