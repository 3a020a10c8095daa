import type { Table } from 'dexie'
import { keyOf, tables, type SyncedTableName } from '../schema/tables'
import type { Decider, OutgoingChange, Row } from '../core/ports'
import { basePk, keyColumnsOf, unsentPk, type BaseSnapshot, type OutboxEntry } from './layout'
import { toChange } from '../core/protocol/upload'

export { keyColumnsOf }
import type { SyncDatabase } from './database'

/** Helpers shared by the pull and the acknowledgement paths; all run inside one remote (uncaptured) transaction. */
export interface SettleTools {
  readonly db: SyncDatabase
  readonly outbox: Table<OutboxEntry, string>
  readonly bases: Table<BaseSnapshot, string>
  readonly newId: () => string
  readonly tick: () => string
  readonly now: () => number
}

export const keyValue = (table: SyncedTableName, columns: Row): unknown => {
  const key = tables[table].key
  return key.length === 1 ? columns[key[0] as string] : key.map((k) => columns[k])
}

export { toChange }

export const isTombstone = (row: Row): boolean => row['deleted_at'] !== null && row['deleted_at'] !== undefined

/**
 * Queues `row` (or its deletion) as a fresh unsent change based on `baseVersion`.
 *
 * It returns Dexie's own promise chain on purpose: inside a transaction, awaiting nested native async functions can
 * lose the transaction zone, and the transaction then commits early (PrematureCommitError).
 */
export const requeue = (
  t: SettleTools,
  table: SyncedTableName,
  row: Row | null,
  key: string,
  baseVersion: number,
  keyColumns: Row,
): PromiseLike<unknown> =>
  t.outbox.get(unsentPk(table, key)).then((existing) =>
    t.outbox.put({
      pk: unsentPk(table, key),
      table,
      key,
      op: row === null ? 'delete' : 'upsert',
      mutationId: row === null ? t.newId() : String(row['mutation_id']),
      baseVersion,
      order: existing?.order ?? t.tick(),
      sent: 0,
      keyColumns: row === null ? { ...keyColumns, hlc: t.tick(), deleted_at: t.now() } : keyColumns,
    }),
  )

/**
 * Carries out the engine's decision for one incoming server row of a record that has local changes pending (or
 * had, with a response lost). Records without local changes take the bulk path in `applyPage` instead.
 */
export const settle = async (
  t: SettleTools,
  table: SyncedTableName,
  remote: Row,
  decide: Decider,
  pendingEntries: readonly OutboxEntry[],
  knownTotals?: { readonly count: number; readonly tokens: number },
): Promise<'applied' | 'skipped' | 'conflict'> => {
  const { db } = t
  const key = keyOf(table, remote)
  const kv = keyValue(table, remote)
  const local = ((await db.table(table).get(kv as never)) as Row | undefined) ?? null
  const base = (await t.bases.get(basePk(table, key)))?.row ?? null
  const remoteVersion = Number(remote['sync_version'])
  let entries = [...pendingEntries]

  // Our own write coming back after its response was lost: it is an acknowledgement, not a conflict (I2, I5).
  const echoed = entries.find((e) => e.sent === 1 && e.mutationId === remote['mutation_id'])
  if (echoed !== undefined) {
    await t.outbox.delete(echoed.pk)
    entries = entries.filter((e) => e !== echoed)
  }
  const pending = entries.map((e) => toChange(e, local))
  // Already known: the local changes are based on this version or a later one (our own upload coming back, I5).
  // With nothing pending, the last synced version is what the device has seen. A change re-creating a deleted
  // record is based on 0 and must be decided, never skipped (it would be dropped).
  const knownVersion =
    pending.length > 0
      ? Math.min(...pending.map((p) => p.baseVersion))
      : Math.max(Number(local?.['sync_version'] ?? 0), Number(base?.['sync_version'] ?? 0))
  if (echoed === undefined && remoteVersion <= knownVersion) return 'skipped'

  const messageTotals =
    knownTotals ?? (table === 'ai_memory_sessions' && pending.length > 0 ? await sessionTotals(t, String(remote['id'])) : undefined)
  const decision =
    pending.length === 0
      ? ({ kind: 'apply' } as const)
      : decide({ table, remote, local, base, pending, ...(messageTotals === undefined ? {} : { messageTotals }) })
  if (entries.length > 0 || decision.kind === 'resolved') await t.bases.put({ pk: basePk(table, key), table, key, row: remote })

  if (decision.kind === 'skip') return 'skipped'
  if (decision.kind === 'apply') {
    if (echoed !== undefined && pending.length === 0 && local !== null) {
      // Our own content: only the version bookkeeping changes.
      await db.table(table).put({ ...local, sync_version: remoteVersion, server_seq: remote['server_seq'] })
    } else if (isTombstone(remote)) await db.table(table).delete(kv as never)
    else await db.table(table).put(remote)
    for (const e of entries) await t.outbox.delete(e.pk)
    return echoed !== undefined ? 'skipped' : 'applied'
  }
  for (const e of entries) if (e.sent === 0) await t.outbox.delete(e.pk)
  if (decision.local === null) await db.table(table).delete(kv as never)
  else await db.table(table).put({ ...decision.local, sync_version: remoteVersion, server_seq: remote['server_seq'] })
  if (decision.push && decision.hold !== true) {
    await requeue(t, table, decision.local, key, remoteVersion, keyColumnsOf(table, remote))
  }
  for (const copy of decision.copies) {
    await db.table(copy.table).put(copy.row)
    await requeue(t, copy.table, copy.row, keyOf(copy.table, copy.row), 0, keyColumnsOf(copy.table, copy.row))
  }
  if (decision.archive !== null) {
    await db.table('sync_conflicts_archive').put(decision.archive)
    await requeue(t, 'sync_conflicts_archive', decision.archive, String(decision.archive['id']), 0, { id: decision.archive['id'] })
  }
  return 'conflict'
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
