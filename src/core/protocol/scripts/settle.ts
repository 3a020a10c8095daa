import { keyOf, tables, type SyncedTableName } from '../../../schema/tables'
import type { Decider, Row } from '../../ports'
import { archiveRow } from '../archiveRow'
import { BASE, OUTBOX, basePk, type BaseSnapshot } from '../layout'
import { planRequeue, type OutboxEntry, type Requeue } from '../outbox'
import { planSettle } from '../settle'
import { keyColumnsOf } from '../record'
import type { TxPort } from '../port'
import { author, rowKey, type ScriptTools } from './tools'
import { removeEntries, unsentSlot } from './slots'

/** Queues a change the sync layer makes itself, by `planRequeue` (R4's local-only guard included). */
export const requeue = async (port: TxPort, t: ScriptTools, change: Requeue): Promise<void> => {
  const { pk, entry: existing } = await unsentSlot(port, change.table, change.key)
  const plan = planRequeue(change, existing, { unsentPk: pk, newId: t.newId, tick: t.tick, now: t.now() })
  if (plan.kind === 'drop') {
    if (existing !== undefined) await removeEntries(port, [plan.pk])
  } else await port.put(OUTBOX, plan.entry as unknown as Row)
}

/** Totals over the session's messages on this device (deleted messages are not stored locally). */
export const sessionTotals = async (port: TxPort, sessionId: string): Promise<{ count: number; tokens: number }> => {
  const messages = await port.byIndex('ai_memory_messages', 'session_id', sessionId)
  return { count: messages.length, tokens: messages.reduce((sum, m) => sum + Number(m['token_count'] ?? 0), 0) }
}

/** A record's pending entries, the sent one first. */
export const entriesOf = async (port: TxPort, table: SyncedTableName, key: string): Promise<OutboxEntry[]> => {
  const entries = (await port.byIndex(OUTBOX, '[table+key]', [table, key])) as unknown as OutboxEntry[]
  return entries.sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0)).sort((a, b) => b.sent - a.sent)
}

/**
 * Carries out `planSettle` for one server row of a record that has local changes pending (or had, with a response
 * lost), or whose local row never leaves the device. Records without either take the bulk path instead.
 */
export const settleRecord = async (
  port: TxPort,
  t: ScriptTools,
  table: SyncedTableName,
  remote: Row,
  decide: Decider,
  pendingEntries: readonly OutboxEntry[],
  knownTotals?: { readonly count: number; readonly tokens: number },
  /** The page belongs to the full pull after a server restore (R13): sent changes are decided with the rest. */
  rewound = false,
): Promise<'applied' | 'skipped' | 'conflict'> => {
  const key = keyOf(table, remote)
  const kv = rowKey(table, remote)
  const local = (await port.get(table, kv)) ?? null
  const base = ((await port.get(BASE, basePk(table, key))) as BaseSnapshot | undefined)?.row ?? null
  const messageTotals =
    knownTotals ?? (table === 'ai_memory_sessions' && pendingEntries.length > 0 ? await sessionTotals(port, String(remote['id'])) : undefined)
  const archive = (sides: { local: Row; remote: Row; base: Row | null }): Row =>
    archiveRow(
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
      author(t),
    )
  const plan = planSettle({ table, key, remote, local, base, entries: pendingEntries, decide, archive, rewound, ...(messageTotals === undefined ? {} : { messageTotals }) })
  await removeEntries(port, plan.removeEntries)
  if (plan.base !== undefined) await port.put(BASE, { pk: basePk(table, key), table, key, row: plan.base })
  if (plan.local.kind === 'put') await port.put(table, plan.local.row)
  else if (plan.local.kind === 'delete') await port.delete(table, kv)
  for (const change of plan.requeue) await requeue(port, t, change)
  for (const { table: copyTable, row } of plan.create) {
    await port.put(copyTable, row)
    await requeue(port, t, { table: copyTable, key: keyOf(copyTable, row), row, baseVersion: 0, keyColumns: keyColumnsOf(copyTable, row) })
  }
  return plan.outcome
}

/**
 * I7: a session with a change waiting counts the messages a page brought (`sessionsToRecount` names them), so its
 * counts upload over every message this device has.
 */
export const recountWaitingSessions = async (port: TxPort, sessionIds: Iterable<string>): Promise<void> => {
  for (const id of sessionIds) {
    if ((await unsentSlot(port, 'ai_memory_sessions', id)).entry === undefined) continue
    const session = await port.get('ai_memory_sessions', id)
    if (session === undefined) continue
    const totals = await sessionTotals(port, id)
    if (session['message_count'] !== totals.count || session['token_count'] !== totals.tokens) {
      await port.put('ai_memory_sessions', { ...session, message_count: totals.count, token_count: totals.tokens })
    }
  }
}
