import type { Table } from 'dexie'
import type { SyncDatabase } from '../local/database'
import { STATE } from '../local/layout'
import { keyOf, type SyncedTableName } from '../schema/tables'
import type { Row } from '../core/ports'
import type { TableChanges } from './watchTables'
import { newSlice } from './sliceRecords'

/** The remainder as stored in its `_state` row. */
export interface StoredRemainder {
  readonly state: unknown
  readonly version: number
}

export interface Loaded {
  readonly remainder: StoredRemainder | undefined
  /** Rows per table, keyed by record key. */
  readonly rows: ReadonlyMap<string, Record<string, Row>>
}

/** Re-read rows: the current row per changed key (`undefined` = gone), and whether the whole table was read. */
export type Reread = Map<string, { readonly rows: Map<string, Row | undefined>; readonly all: boolean }>

export interface WritePlan {
  readonly put: Map<SyncedTableName, Row[]>
  readonly remove: Map<SyncedTableName, unknown[]>
  readonly remainder?: { readonly key: string; readonly value: StoredRemainder }
}

const stateTable = (db: SyncDatabase): Table<{ k: string; v: unknown }, string> => db.table(STATE)
const isLive = (row: Row): boolean => row['deleted_at'] === null || row['deleted_at'] === undefined

const byKey = (table: string, rows: readonly Row[]): Record<string, Row> => {
  const out = newSlice()
  for (const row of rows) if (isLive(row)) out[keyOf(table as SyncedTableName, row)] = row
  return out
}

/** Reads every mapped table and the remainder in one consistent read-only transaction. */
export const readAll = (db: SyncDatabase, tables: readonly string[], stateKey: string): Promise<Loaded> =>
  db.transaction('r', [...tables, STATE], async () => {
    const entry = await stateTable(db).get(stateKey)
    const rows = new Map<string, Record<string, Row>>()
    for (const table of tables) rows.set(table, byKey(table, (await db.table(table).toArray()) as Row[]))
    return { remainder: entry?.v as StoredRemainder | undefined, rows }
  })

/** Reads only what changed: the named keys of a table, or the whole table. */
export const readChanges = (db: SyncDatabase, changes: TableChanges): Promise<Reread> =>
  db.transaction('r', [...changes.keys()], async () => {
    const out: Reread = new Map()
    for (const [table, keys] of changes) {
      if (keys === 'all') {
        const all = byKey(table, (await db.table(table).toArray()) as Row[])
        out.set(table, { rows: new Map(Object.entries(all)), all: true })
        continue
      }
      const found = (await db.table(table).bulkGet([...keys.values()] as never[])) as Array<Row | undefined>
      const rows = new Map<string, Row | undefined>()
      ;[...keys.keys()].forEach((key, i) => {
        const row = found[i]
        rows.set(key, row !== undefined && isLive(row) ? row : undefined)
      })
      out.set(table, { rows, all: false })
    }
    return out
  })

/** Writes changed rows, removed keys and the remainder in ONE read-write transaction (the capture adds the outbox). */
export const writePlan = async (db: SyncDatabase, plan: WritePlan): Promise<void> => {
  const scope = new Set<string>([...plan.put.keys(), ...plan.remove.keys()])
  if (plan.remainder !== undefined) scope.add(STATE)
  if (scope.size === 0) return
  await db.transaction('rw', [...scope], async () => {
    for (const [table, rows] of plan.put) await db.table(table).bulkPut(rows)
    for (const [table, keys] of plan.remove) await db.table(table).bulkDelete(keys as never[])
    if (plan.remainder !== undefined) await stateTable(db).put({ k: plan.remainder.key, v: plan.remainder.value })
  })
}

export const removeRemainder = (db: SyncDatabase, stateKey: string): Promise<void> => stateTable(db).delete(stateKey)
