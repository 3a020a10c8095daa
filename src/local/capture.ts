import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie'
import { keyOf, type SyncedTableName } from '../schema/tables'
import { normalizeRow } from '../schema/normalizeRow'
import { validateRow } from '../schema/validateRow'
import { SchemaError } from '../schema/SchemaError'
import type { CaptureContext, Row } from '../core/ports'
import { planEnqueue } from '../core/protocol/outbox'
import { BASE, OUTBOX, QUARANTINE, SEP, STATE, basePk, isSyncedTable, unsentPk, type BaseSnapshot, type OutboxEntry } from './layout'

/**
 * The write capture (I4): a DBCore middleware that turns every write to a synced table into an outbox entry in the
 * same IndexedDB transaction, whoever makes the write (the zustand middleware or app code calling `put`).
 *
 * - Columns the sync layer owns are stamped here: `sync_version` and `server_seq` always come from the stored row
 *   (a caller's copy may be stale), `hlc`, `mutation_id`, `origin_device_id` and `updated_at` are new for every
 *   write, and `user_id` and `created_at` are filled when missing.
 * - Schema DEFAULTs are applied, and a row the server would refuse throws a {@link SchemaError} before anything of
 *   the request (a whole `bulkPut`) is stored or queued (R7). Thrown inside the transaction, it aborts it.
 * - Transactions registered in `uncaptured` (`writeUncaptured`: the engine applying server rows, schema upgrades)
 *   pass through untouched (I5).
 */
export interface CaptureHooks {
  /**
   * Who writes (user, device, clock), read inside the write's transaction: the database knows it from the moment
   * it opens, before any engine exists, in every tab (R1).
   */
  context: (core: DBCore, trans: DBCoreTransaction) => Promise<CaptureContext>
  /** Removes secret fields before a row reaches IndexedDB (I10). */
  strip: (table: SyncedTableName, row: Row) => Row
  uncaptured: WeakSet<object>
}

const RANGE = 2 as const

export const createCaptureMiddleware = (hooks: CaptureHooks): Middleware<DBCore> => ({
  stack: 'dbcore',
  name: 'howlerops-sync-capture',
  create: (down) => ({
    ...down,
    transaction(stores, mode, options) {
      // A write to a synced table writes its outbox entry in the same transaction, and reads who writes from _state.
      const widened =
        mode === 'readwrite' && stores.some(isSyncedTable) ? [...new Set([...stores, OUTBOX, BASE, STATE, QUARANTINE])] : stores
      return down.transaction(widened, mode, options)
    },
    table(name) {
      const table = down.table(name)
      if (!isSyncedTable(name)) return table
      return { ...table, mutate: (req) => captureMutate(hooks, down, table, name, req) }
    },
  }),
})

/** The row as the app gave it, secrets removed and schema defaults applied (R7); its key may derive from it. */
const normalize = (hooks: CaptureHooks, table: SyncedTableName, value: Row): Row => normalizeRow(table, hooks.strip(table, value))

const stamp = (ctx: CaptureContext, table: SyncedTableName, value: Row, existing: Row | undefined): Row => {
  const now = ctx.now()
  const row: Row = { ...value }
  row['user_id'] = row['user_id'] ?? existing?.['user_id'] ?? ctx.userId
  row['created_at'] = row['created_at'] ?? existing?.['created_at'] ?? now
  row['updated_at'] = now
  row['deleted_at'] = null
  row['sync_version'] = existing?.['sync_version'] ?? 0
  row['server_seq'] = existing?.['server_seq'] ?? 0
  // An edit orders after the version it overwrites, whatever the clocks say (R2).
  if (typeof existing?.['hlc'] === 'string') ctx.receive(existing['hlc'])
  row['hlc'] = ctx.tick()
  row['mutation_id'] = ctx.newId()
  row['origin_device_id'] = ctx.deviceId
  // user_id is defence in depth (per-user databases isolate users): a record of another user is never written.
  const user = row['user_id']
  if (ctx.userId !== '' && user !== '' && user !== ctx.userId) {
    throw new SchemaError({ table, key: keyOf(table, row), column: 'user_id', rule: 'user' })
  }
  // A record already stored under its key keeps it, unless the write changes the natural key it derives from. A
  // preference turning device-specific (or global again) keeps its id: that transition is the same record (R4).
  // A device-specific preference never reaches the server's unique index, so its id cannot collide there.
  const keyAccepted = (existing !== undefined && existing['key'] === row['key']) || (table === 'user_preferences' && row['device_id'] != null)
  const violation = validateRow(table, row, { keyAccepted })
  if (violation !== undefined) throw new SchemaError(violation)
  return row
}

async function captureMutate(
  hooks: CaptureHooks,
  core: DBCore,
  table: DBCoreTable,
  name: SyncedTableName,
  req: DBCoreMutateRequest,
): Promise<DBCoreMutateResponse> {
  if (hooks.uncaptured.has(req.trans)) return table.mutate(req)
  const ctx = await hooks.context(core, req.trans)

  if (req.type === 'deleteRange') {
    const found = await table.query({
      trans: req.trans,
      values: false,
      query: { index: table.schema.primaryKey, range: req.range },
    })
    return captureMutate(hooks, core, table, name, { type: 'delete', trans: req.trans, keys: found.result })
  }

  const outbox = core.table(OUTBOX)
  if (req.type === 'delete') {
    const existing: Array<Row | undefined> = await table.getMany({ trans: req.trans, keys: req.keys })
    const res = await table.mutate(req)
    const failed = new Set(Object.keys(res.failures).map(Number))
    const changes: Change[] = []
    existing.forEach((row, i) => {
      if (row !== undefined && !failed.has(i)) {
        if (typeof row['hlc'] === 'string') ctx.receive(row['hlc'])
        changes.push({ row, op: 'delete', before: row })
      }
    })
    await enqueueMany(core, outbox, req.trans, ctx, name, changes)
    return res
  }

  // add / put
  const normalized = req.values.map((v: Row) => normalize(hooks, name, v))
  const keys = normalized.map((v: Row) => table.schema.primaryKey.extractKey?.(v) ?? req.keys?.[0])
  const existing: Array<Row | undefined> = await table.getMany({ trans: req.trans, keys })
  const values = normalized.map((v: Row, i) => stamp(ctx, name, v, existing[i]))
  const res = await table.mutate({ ...req, values } as DBCoreMutateRequest)
  const failed = new Set(Object.keys(res.failures).map(Number))
  const changes: Change[] = []
  values.forEach((row, i) => {
    if (!failed.has(i)) changes.push({ row, op: 'upsert', before: existing[i] })
  })
  await enqueueMany(core, outbox, req.trans, ctx, name, changes)
  return res
}

interface Change {
  readonly row: Row
  readonly op: 'upsert' | 'delete'
  /** The stored row before this write, if any. */
  readonly before: Row | undefined
}

/**
 * Adds or coalesces the outbox entries for a batch of writes to one table: one lookup and one write for the
 * batch, so a bulkPut of 10,000 rows costs two outbox operations, not 10,000.
 *
 * The first local edit of a record that has nothing pending also saves the stored row as the 3-way merge base
 * (copy-on-write): that row is exactly the server's version it was last synced at.
 */
async function enqueueMany(
  core: DBCore,
  outbox: DBCoreTable,
  trans: DBCoreTransaction,
  ctx: CaptureContext,
  name: SyncedTableName,
  changes: readonly Change[],
): Promise<void> {
  if (changes.length === 0) return
  const keys = changes.map((c) => keyOf(name, c.row))
  const unsentList: Array<OutboxEntry | undefined> = await outbox.getMany({ trans, keys: keys.map((k) => unsentPk(name, k)) })
  const entries = new Map<string, OutboxEntry | null>()
  const removed: string[] = []
  const bases: BaseSnapshot[] = []
  const sentKeys = await sentRecordKeys(outbox, trans, name)
  const refused = await prefixedKeys(core.table(QUARANTINE), trans, `${name}${SEP}`)
  for (const [i, change] of changes.entries()) {
    const key = keys[i] as string
    const coalesced = entries.get(key)
    const unsent = coalesced === null ? undefined : (coalesced ?? unsentList[i])
    const plan = planEnqueue(
      { table: name, key, op: change.op, row: change.row, before: change.before, unsent, sent: sentKeys.has(key), refused: refused.has(key) },
      { unsentPk: unsentPk(name, key), mutationId: ctx.newId(), tick: ctx.tick, now: ctx.now() },
    )
    if (plan.kind === 'drop') {
      removed.push(plan.pk)
      entries.set(key, null)
    } else if (plan.kind === 'put') {
      entries.set(key, plan.entry)
      if (plan.base !== undefined) bases.push({ pk: basePk(name, key), table: name, key, row: plan.base })
    } else if (coalesced === undefined) entries.set(key, null)
  }
  const puts = [...entries.values()].filter((e): e is OutboxEntry => e !== null)
  if (removed.length > 0) await outbox.mutate({ type: 'delete', trans, keys: removed })
  if (puts.length > 0) await outbox.mutate({ type: 'put', trans, values: puts })
  if (bases.length > 0) await core.table(BASE).mutate({ type: 'put', trans, values: bases })
}

/** Keys of the table's records that have a sent (possibly committed) entry. Sent entries exist only around a push. */
async function sentRecordKeys(outbox: DBCoreTable, trans: DBCoreTransaction, name: string): Promise<Set<string>> {
  const prefix = `s${SEP}${name}${SEP}`
  const found = await outbox.query({
    trans,
    values: false,
    query: { index: outbox.schema.primaryKey, range: { type: RANGE, lower: prefix, upper: `${prefix}\uffff`, lowerOpen: false, upperOpen: false } },
  })
  // pk = s␟table␟key␟mutationId; the key itself may contain the separator only in compound keys, which are not pushed.
  return new Set((found.result as string[]).map((pk) => pk.slice(prefix.length, pk.lastIndexOf(SEP))))
}

/** Keys of the records of a table in quarantine (pk = table␟key); the quarantine is almost always empty. */
async function prefixedKeys(store: DBCoreTable, trans: DBCoreTransaction, prefix: string): Promise<Set<string>> {
  const found = await store.query({
    trans,
    values: false,
    query: { index: store.schema.primaryKey, range: { type: RANGE, lower: prefix, upper: `${prefix}\uffff`, lowerOpen: false, upperOpen: false } },
  })
  return new Set((found.result as string[]).map((pk) => pk.slice(prefix.length)))
}
