import type { Table } from 'dexie'
import { keyOf, tables, type SyncedTableName } from '../schema/tables'
import type { CaptureContext, Decider, OutgoingChange, Row } from '../core/ports'
import { archiveRow } from '../core/conflicts/archiveRow'
import { basePk, keyColumnsOf, unsentPk, type BaseSnapshot, type OutboxEntry } from './layout'
import { toChange } from '../core/protocol/upload'
import { planRequeue } from '../core/protocol/outbox'
import { planSettle, type Requeue } from '../core/protocol/settle'
import { isTombstone, keyValueOf } from '../core/protocol/record'

export { keyColumnsOf }
import type { SyncDatabase } from './syncDatabase'

/** Helpers shared by the pull and the acknowledgement paths; all run inside one remote (uncaptured) transaction. */
export interface SettleTools {
  readonly db: SyncDatabase
  readonly outbox: Table<OutboxEntry, string>
  readonly bases: Table<BaseSnapshot, string>
  readonly newId: () => string
  readonly tick: () => string
  readonly now: () => number
  /** Who this device is (archive rows name it). */
  readonly context: () => CaptureContext | undefined
}

/** The IndexedDB key of a row (see `keyValueOf`). */
export const keyValue = keyValueOf

export { toChange }

export { isTombstone }

/**
 * Carries out `planRequeue` (the protocol's rule for a change the sync layer queues: R4's local-only guard included).
 *
 * It returns Dexie's own promise chain on purpose: inside a transaction, awaiting nested native async functions can
 * lose the transaction zone, and the transaction then commits early (PrematureCommitError).
 */
export const requeue = (t: SettleTools, change: Requeue): PromiseLike<unknown> => {
  const pk = unsentPk(change.table, change.key)
  return t.outbox.get(pk).then((existing): PromiseLike<unknown> => {
    const plan = planRequeue(change, existing, { unsentPk: pk, newId: t.newId, tick: t.tick, now: t.now() })
    return plan.kind === 'drop' ? t.outbox.delete(plan.pk) : t.outbox.put(plan.entry)
  })
}

/**
 * Carries out the protocol's plan (`planSettle`) for one server row of a record that has local changes pending (or
 * had, with a response lost), or whose local row never leaves the device. Records without either take the bulk
 * path in `applyPage` instead.
 */
export const settle = async (
  t: SettleTools,
  table: SyncedTableName,
  remote: Row,
  decide: Decider,
  pendingEntries: readonly OutboxEntry[],
  knownTotals?: { readonly count: number; readonly tokens: number },
  rewound = false,
): Promise<'applied' | 'skipped' | 'conflict'> => {
  const { db } = t
  const key = keyOf(table, remote)
  const kv = keyValue(table, remote)
  const local = ((await db.table(table).get(kv as never)) as Row | undefined) ?? null
  const base = (await t.bases.get(basePk(table, key)))?.row ?? null
  const messageTotals =
    knownTotals ?? (table === 'ai_memory_sessions' && pendingEntries.length > 0 ? await sessionTotals(t, String(remote['id'])) : undefined)
  const archive = (sides: { local: Row; remote: Row; base: Row | null }): Row => {
    const ctx = t.context()
    return archiveRow(
      {
        id: `withdrawn-${table}-${key}-${String(sides.remote['sync_version'])}`,
        table,
        entityId: key,
        strategy: tables[table].strategy ?? 'last-write-wins',
        resolution: 'local',
        base: sides.base,
        local: sides.local,
        remote: sides.remote,
        resolved: null,
      },
      { userId: ctx?.userId ?? '', deviceId: ctx?.deviceId ?? '', now: t.now(), tick: t.tick, newId: t.newId },
    )
  }
  const plan = planSettle({ table, key, remote, local, base, entries: pendingEntries, decide, archive, rewound, ...(messageTotals === undefined ? {} : { messageTotals }) })
  for (const pk of plan.removeEntries) await t.outbox.delete(pk)
  if (plan.base !== undefined) await t.bases.put({ pk: basePk(table, key), table, key, row: plan.base })
  if (plan.local.kind === 'put') await db.table(table).put(plan.local.row)
  else if (plan.local.kind === 'delete') await db.table(table).delete(kv as never)
  for (const change of plan.requeue) await requeue(t, change)
  for (const { table: copyTable, row } of plan.create) {
    await db.table(copyTable).put(row)
    await requeue(t, { table: copyTable, key: keyOf(copyTable, row), row, baseVersion: 0, keyColumns: keyColumnsOf(copyTable, row) })
  }
  return plan.outcome
}

/** Totals over the session's messages on this device (deleted messages are not stored locally). */
export const sessionTotals = (t: SettleTools, sessionId: string): PromiseLike<{ count: number; tokens: number }> =>
  t.db
    .table('ai_memory_messages')
    .where('session_id')
    .equals(sessionId)
    .toArray()
    .then((messages: Row[]) => ({
      count: messages.length,
      tokens: messages.reduce((sum, m) => sum + Number(m['token_count'] ?? 0), 0),
    }))
