import type { InStatement } from '@libsql/client/web'
import { localColumns, PULLED_TABLES, type SyncedTableName } from '../schema/tables'
import type { OutgoingChange, PushContext } from '../core/ports'
import { toServerValue, type SqlValue } from './codec'
import {
  BUMP_SEQUENCE_SQL,
  bulkUpsertSql,
  CLAIM_IDENTITY_SQL,
  CURRENT_SQL,
  IDENTITY_SQL,
  LOG_HEAD_SQL,
  LOG_PUSH_SQL,
  dataColumns,
  firstAfterSql,
  pushOutcomeSql,
  tombstoneSql,
  upsertSql,
} from './sql'

/** Statement 1 of every push reads the database's identity (statement 0 claims it). */
export const IDENTITY_STEP = 1
/** Statement 2 reads whether the server is still the one the device last saw (R13): if not, nothing is written. */
export const CURRENT_STEP = 2

/** A bulk statement carries many records: a failure in it cannot name one. */
export const BULK = -2
const NONE = -1

export interface PushPlan {
  readonly stmts: InStatement[]
  /** For each statement, the index of the change it writes, {@link BULK}, or -1. */
  readonly owner: number[]
  /** Tables whose outcome queries close the batch, in order. */
  readonly outcomeTables: SyncedTableName[]
  /** Pulled tables whose first sequence after the device's cursor is asked for, after the outcome queries. */
  readonly cursorTables: SyncedTableName[]
  /** The statement that reads this push's `sync_log` entry. */
  readonly headStep: number
}

const kindsByTable = new Map<SyncedTableName, ReadonlyMap<string, string>>()
const kindsOf = (table: SyncedTableName): ReadonlyMap<string, string> => {
  let kinds = kindsByTable.get(table)
  if (kinds === undefined) kindsByTable.set(table, (kinds = new Map(localColumns(table).map((c) => [c.name, c.kind]))))
  return kinds
}

const columnArgs = (change: OutgoingChange, ctx: PushContext): Record<string, SqlValue> => {
  const args: Record<string, SqlValue> = {}
  const kinds = kindsOf(change.table)
  for (const column of dataColumns(change.table)) {
    // The sync layer owns these on the server: the pushing user, device and mutation, whatever the row says.
    const value =
      column === 'user_id' ? ctx.userId : column === 'mutation_id' ? change.mutationId : column === 'origin_device_id' ? ctx.deviceId : change.row[column]
    args[`c_${column}`] = toServerValue(kinds.get(column) ?? 'text', value)
  }
  return args
}

/**
 * The statements of one push request. `bulk` writes each table's upserts with one statement (fast); `single`
 * writes one statement per record, so that a rejected record can be named (the fallback after a bulk failure).
 * The k-th change gets server sequence `seq + k`; the batch bumps the sequence once, at the end.
 */
export const planPush = (changes: readonly OutgoingChange[], ctx: PushContext, mode: 'bulk' | 'single'): PushPlan => {
  const stmts: InStatement[] = []
  const owner: number[] = []
  const add = (stmt: InStatement, by: number): void => {
    stmts.push(stmt)
    owner.push(by)
  }
  // The database is claimed (first push) and read first, so every write below is guarded by the binding (R12).
  // Every write is also guarded by the server being the one the device last saw (R13).
  const current = {
    gen: ctx.generation ?? null,
    seen_seq: ctx.seen?.seq ?? null,
    seen_head: ctx.seen?.head ?? null,
    top: Math.max(0, ...Object.values(ctx.cursors ?? {}).map((c) => c ?? 0)),
  }
  const db = ctx.databaseId ?? null
  add({ sql: CLAIM_IDENTITY_SQL, args: { user: ctx.userId } }, NONE)
  add({ sql: IDENTITY_SQL, args: [] }, NONE)
  add({ sql: CURRENT_SQL, args: current }, NONE)
  const bulk = new Map<SyncedTableName, Array<Record<string, SqlValue>>>()
  const ids = new Map<SyncedTableName, string[]>()

  changes.forEach((change, i) => {
    const at = { id: change.key, base: change.baseVersion, k: i + 1 }
    const tableIds = ids.get(change.table)
    if (tableIds === undefined) ids.set(change.table, [change.key])
    else tableIds.push(change.key)
    if (change.op === 'upsert') {
      const entry = { ...at, ...columnArgs(change, ctx) }
      if (mode === 'single') return add({ sql: upsertSql(change.table), args: { ...entry, db, ...current } }, i)
      const records = bulk.get(change.table)
      if (records === undefined) bulk.set(change.table, [entry])
      else records.push(entry)
      return
    }
    const tombstone = { mutation: change.mutationId, device: ctx.deviceId, deleted_at: Number(change.row['deleted_at'] ?? ctx.now), hlc: String(change.row['hlc'] ?? '') }
    add({ sql: tombstoneSql(change.table), args: { ...at, ...tombstone, user: ctx.userId, db, ...current } }, i)
  })
  for (const [table, records] of bulk) {
    add({ sql: bulkUpsertSql(table), args: { records: JSON.stringify(records), user: ctx.userId, db, ...current } }, BULK)
  }
  add({ sql: BUMP_SEQUENCE_SQL, args: { n: changes.length } }, NONE)
  add({ sql: LOG_PUSH_SQL, args: [] }, NONE)
  const headStep = stmts.length
  add({ sql: LOG_HEAD_SQL, args: [] }, NONE)
  const outcomeTables = [...ids.keys()]
  for (const table of outcomeTables) {
    add({ sql: pushOutcomeSql(table), args: { device: ctx.deviceId, ids: JSON.stringify(ids.get(table)) } }, NONE)
  }
  const cursorTables = ctx.cursors === undefined ? [] : outcomeTables.filter((t) => PULLED_TABLES.includes(t))
  for (const table of cursorTables) add({ sql: firstAfterSql(table), args: [ctx.cursors?.[table] ?? 0] }, NONE)
  return { stmts, owner, outcomeTables, cursorTables, headStep }
}
