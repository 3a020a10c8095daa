import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie'
import { keyOf, type SyncedTableName } from '../schema/tables'
import { normalizeRow } from '../schema/normalizeRow'
import type { CaptureContext, Row } from '../core/ports'
import { planEnqueue } from '../core/protocol/outbox'
import { isUnchangedWrite, stampWrite } from '../core/protocol/stamp'
import { BASE, OUTBOX, QUARANTINE, STATE, basePk, behindPk, entryPk, isSyncedTable, quarantinePk, type BaseSnapshot, type OutboxEntry } from './layout'

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
const ANY = 3 as const

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
  // A bulk write into an empty table (a first import) has nothing to read back: one key probe instead of a read per row.
  const existing: Array<Row | undefined> =
    keys.length > 1 && (await isEmpty(table, req.trans)) ? new Array<Row | undefined>(keys.length) : await table.getMany({ trans: req.trans, keys })
  const unchanged = normalized.map((v: Row, i) => isUnchangedWrite(v, existing[i]))
  const values = normalized.map((v: Row, i) => (unchanged[i] === true ? (existing[i] as Row) : stampWrite(ctx, name, v, existing[i])))
  const res = await table.mutate({ ...req, values } as DBCoreMutateRequest)
  const failed = new Set(Object.keys(res.failures).map(Number))
  const changes: Change[] = []
  values.forEach((row, i) => {
    if (!failed.has(i) && unchanged[i] !== true) changes.push({ row, op: 'upsert', before: existing[i] })
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
  // A bulk write to a table with nothing queued has nothing to coalesce with: one key probe instead of a read per row.
  const slots: Array<OutboxEntry | undefined> =
    keys.length > 1 && (await isEmpty(outbox, trans, entryPk(name, ''))) ? new Array<OutboxEntry | undefined>(keys.length) : await outbox.getMany({ trans, keys: keys.map((k) => entryPk(name, k)) })
  // A record whose entry is in flight queues behind it (`entryPk`); its unsent entry, if any, waits there.
  const inFlight = slots.flatMap((e, i) => (e?.sent === 1 ? [i] : []))
  const behind = new Map<number, OutboxEntry | undefined>()
  if (inFlight.length > 0) {
    const found = await outbox.getMany({ trans, keys: inFlight.map((i) => behindPk(name, keys[i] as string)) })
    inFlight.forEach((at, j) => behind.set(at, found[j]))
  }
  const entries = new Map<string, OutboxEntry | null>()
  const removed: string[] = []
  const bases: BaseSnapshot[] = []
  const refused = await prefixedKeys(core.table(QUARANTINE), trans, quarantinePk(name, ''))
  for (const [i, change] of changes.entries()) {
    const key = keys[i] as string
    const coalesced = entries.get(key)
    const sent = slots[i]?.sent === 1
    const unsent = coalesced === null ? undefined : (coalesced ?? (sent ? behind.get(i) : slots[i]))
    const plan = planEnqueue(
      { table: name, key, op: change.op, row: change.row, before: change.before, unsent, sent, refused: refused.has(key) },
      { unsentPk: sent ? behindPk(name, key) : entryPk(name, key), mutationId: ctx.newId(), tick: ctx.tick, now: ctx.now() },
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

/** Whether `table` holds no row (whose primary key starts with `prefix`, when given): one key read at most. */
const isEmpty = async (table: DBCoreTable, trans: DBCoreTransaction, prefix?: string): Promise<boolean> => {
  const range = prefix === undefined ? { type: ANY, lower: undefined, upper: undefined } : { type: RANGE, lower: prefix, upper: `${prefix}\uffff`, lowerOpen: false, upperOpen: false }
  const found = await table.query({ trans, values: false, limit: 1, query: { index: table.schema.primaryKey, range } })
  return found.result.length === 0
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
