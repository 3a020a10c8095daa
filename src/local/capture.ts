import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie'
import { isLocalOnly, keyOf, tables, type SyncedTableName } from '../schema/tables'
import type { CaptureContext, Row } from '../core/ports'
import { OUTBOX, isSyncedTable, sentPk, unsentPk, type OutboxEntry } from './layout'

/**
 * The write capture (I4): a DBCore middleware that turns every write to a synced table into an outbox entry in the
 * same IndexedDB transaction, whoever makes the write (the zustand middleware or app code calling `put`).
 *
 * - Columns the sync layer owns are stamped here: `sync_version` and `server_seq` always come from the stored row
 *   (a caller's copy may be stale), `hlc`, `mutation_id` and `origin_device_id` are new for every write, and
 *   `user_id`, `created_at` and `updated_at` are filled when missing.
 * - Transactions registered in `remoteTransactions` (the engine applying server rows) pass through untouched (I5).
 */
export interface CaptureHooks {
  context: () => CaptureContext | undefined
  /** Removes secret fields before a row reaches IndexedDB (I10). */
  strip: (table: SyncedTableName, row: Row) => Row
  remoteTransactions: WeakSet<object>
}

const RANGE_EQUAL = 1 as const

export const createCaptureMiddleware = (hooks: CaptureHooks): Middleware<DBCore> => ({
  stack: 'dbcore',
  name: 'howlerops-sync-capture',
  create: (down) => ({
    ...down,
    transaction(stores, mode, options) {
      // A write to a synced table must be able to write its outbox entry in the same transaction.
      const widened =
        mode === 'readwrite' && stores.some(isSyncedTable) && !stores.includes(OUTBOX) ? [...stores, OUTBOX] : stores
      return down.transaction(widened, mode, options)
    },
    table(name) {
      const table = down.table(name)
      if (!isSyncedTable(name)) return table
      return { ...table, mutate: (req) => captureMutate(hooks, down, table, name, req) }
    },
  }),
})

const stamp = (
  ctx: CaptureContext | undefined,
  hooks: CaptureHooks,
  table: SyncedTableName,
  value: Row,
  existing: Row | undefined,
): Row => {
  const now = ctx?.now() ?? Date.now()
  const row: Row = { ...hooks.strip(table, value) }
  row['user_id'] = row['user_id'] ?? existing?.['user_id'] ?? ctx?.userId ?? ''
  row['created_at'] = row['created_at'] ?? existing?.['created_at'] ?? now
  row['updated_at'] = row['updated_at'] ?? now
  row['deleted_at'] = null
  row['sync_version'] = existing?.['sync_version'] ?? 0
  row['server_seq'] = existing?.['server_seq'] ?? 0
  row['hlc'] = ctx?.tick() ?? ''
  row['mutation_id'] = ctx?.newId() ?? crypto.randomUUID()
  row['origin_device_id'] = ctx?.deviceId ?? null
  return row
}

async function captureMutate(
  hooks: CaptureHooks,
  core: DBCore,
  table: DBCoreTable,
  name: SyncedTableName,
  req: DBCoreMutateRequest,
): Promise<DBCoreMutateResponse> {
  if (hooks.remoteTransactions.has(req.trans)) return table.mutate(req)
  const ctx = hooks.context()

  if (req.type === 'deleteRange') {
    const found = await table.query({
      trans: req.trans,
      values: false,
      query: { index: table.schema.primaryKey, range: req.range },
    })
    return captureMutate(hooks, core, table, name, { type: 'delete', trans: req.trans, keys: found.result })
  }

  if (req.type === 'delete') {
    const existing: Array<Row | undefined> = await table.getMany({ trans: req.trans, keys: req.keys })
    const res = await table.mutate(req)
    const failed = new Set(Object.keys(res.failures).map(Number))
    const outbox = core.table(OUTBOX)
    for (const [i, row] of existing.entries()) {
      if (row === undefined || failed.has(i)) continue
      await enqueue(outbox, req.trans, ctx, name, row, 'delete')
    }
    return res
  }

  // add / put
  const keys = req.values.map((v: Row) => table.schema.primaryKey.extractKey?.(v) ?? req.keys?.[0])
  const existing: Array<Row | undefined> = await table.getMany({ trans: req.trans, keys })
  const values = req.values.map((v: Row, i) => stamp(ctx, hooks, name, v, existing[i]))
  const res = await table.mutate({ ...req, values } as DBCoreMutateRequest)
  const failed = new Set(Object.keys(res.failures).map(Number))
  const outbox = core.table(OUTBOX)
  for (const [i, row] of values.entries()) {
    if (failed.has(i)) continue
    const before = existing[i]
    if (isLocalOnly(name, row)) {
      // A record that turned private (or device-specific) after it synced is withdrawn from the server.
      if (before !== undefined && Number(before['sync_version'] ?? 0) > 0 && !isLocalOnly(name, before)) {
        await enqueue(outbox, req.trans, ctx, name, before, 'delete')
      }
      continue
    }
    await enqueue(outbox, req.trans, ctx, name, row, 'upsert')
  }
  return res
}

const keyColumnsOf = (name: SyncedTableName, row: Row): Row =>
  Object.fromEntries(tables[name].key.map((k) => [k, row[k]]))

/** Adds or coalesces the outbox entry for one record. Exported for the engine's own enqueues (keep-both copies). */
export async function enqueue(
  outbox: DBCoreTable,
  trans: DBCoreTransaction,
  ctx: CaptureContext | undefined,
  name: SyncedTableName,
  row: Row,
  op: 'upsert' | 'delete',
): Promise<void> {
  const key = keyOf(name, row)
  const index = outbox.schema.getIndexByKeyPath(['table', 'key'])
  if (index === undefined) throw new Error('outbox index [table+key] is missing')
  const found = await outbox.query({
    trans,
    values: true,
    query: { index, range: { type: RANGE_EQUAL, lower: [name, key], upper: [name, key] } },
  })
  const entries = found.result as OutboxEntry[]
  const unsent = entries.find((e) => e.sent === 0)
  const anySent = entries.some((e) => e.sent === 1)
  const mutationId = (op === 'upsert' ? (row['mutation_id'] as string | undefined) : undefined) ?? ctx?.newId() ?? crypto.randomUUID()
  const baseVersion = unsent?.baseVersion ?? Number(row['sync_version'] ?? 0)

  if (op === 'delete' && baseVersion === 0 && !anySent) {
    // Created and deleted before the server ever saw it: nothing to tell the server.
    if (unsent !== undefined) await outbox.mutate({ type: 'delete', trans, keys: [unsent.pk] })
    return
  }
  const entry: OutboxEntry = {
    pk: unsentPk(name, key),
    table: name,
    key,
    op,
    mutationId,
    baseVersion,
    order: unsent?.order ?? (ctx?.tick() ?? String(Date.now())),
    sent: 0,
    // A tombstone carries its own clock and time: last-write-wins compares a delete against an edit (I7).
    keyColumns: op === 'delete' ? { ...keyColumnsOf(name, row), hlc: ctx?.tick() ?? '', deleted_at: ctx?.now() ?? Date.now() } : keyColumnsOf(name, row),
  }
  await outbox.mutate({ type: 'put', trans, values: [entry] })
}

export { sentPk }
