import type { Table } from 'dexie'
import type { Decider, PushResult, Row } from '../core/ports'
import { recordId } from '../schema/record'
import { ALL_SYNC_TABLES, QUARANTINE, basePk, quarantinePk, sentPk, unsentPk, type BaseSnapshot, type OutboxEntry } from './layout'
import type { LocalSyncControls, SyncDatabase } from './syncDatabase'
import { groupBy } from './groupBy'
import { archiveRow } from '../core/conflicts/archiveRow'
import { keyColumnsOf, keyValue, requeue, settle, type SettleTools } from './settle'
import { planGone } from '../core/protocol/settle'
import { unionTotals } from '../core/protocol/applyOrder'

export interface AcknowledgeDeps {
  readonly db: SyncDatabase
  readonly controls: LocalSyncControls
  readonly tools: SettleTools
  readonly outbox: Table<OutboxEntry, string>
  readonly bases: Table<BaseSnapshot, string>
  /**
   * The rows this store's `takeOutgoing` froze into sent entries, by the entry's pk: the row as stored when it was
   * sent, before screening. Memory only (after a restart the row is read again).
   */
  readonly inFlight: Map<string, Row>
}

/**
 * Records push outcomes in one uncaptured transaction: acknowledged changes leave the outbox and their rows take the
 * server version; conflicts are settled by `decide`; a change whose record the server purged is archived, never
 * resurrected (I6).
 */
export const acknowledge = async (
  { db, controls, tools, outbox, bases, inFlight }: AcknowledgeDeps,
  results: readonly PushResult[],
  decide: Decider,
): Promise<void> => {
      await controls.writeUncaptured([...ALL_SYNC_TABLES], async () => {
        const applied = results.filter((r) => r.outcome.kind === 'applied')
        // Never issue an empty bulk call: it makes no IndexedDB request, and a transaction with no request pending
        // at the end of a task commits, which fails every later step (PrematureCommitError).
        if (applied.length > 0) await outbox.bulkDelete(applied.map(({ change }) => sentPk(change.table, change.key, change.mutationId)))
        // A record that syncs leaves the quarantine: a later edit of it went through.
        // Almost always empty: one count instead of a delete per acknowledged record (the push's hot path).
        if (applied.length > 0 && (await db.table(QUARANTINE).count()) > 0) {
          await db.table(QUARANTINE).bulkDelete(applied.map(({ change }) => quarantinePk(change.table, change.key)))
        }
        const behind = applied.length === 0 ? [] : ((await outbox.bulkGet(applied.map(({ change }) => unsentPk(change.table, change.key)))) as Array<OutboxEntry | undefined>)
        // The merge base is copy-on-write (taken by the capture at a record's first edit after a sync). It only has to
        // be written here when an edit is already queued behind this change, or the record is gone locally.
        // The rows as this acknowledgement stored them (the derived fields below start from them, not a re-read).
        const stored = new Map<string, Row>()
        const queuedBehind = new Set(behind.filter((e): e is OutboxEntry => e !== undefined).map((e) => recordId(e.table, e.key)))
        for (const [table, group] of groupBy(applied, (r) => r.change.table)) {
          // An upsert with nothing queued behind it: the record is still the row it sent (every captured edit queues
          // behind a sent entry), so it is not read back. The rest are read.
          const locals: Array<Row | undefined> = group.map(({ change }) =>
            change.op === 'upsert' && !queuedBehind.has(recordId(change.table, change.key)) ? inFlight.get(sentPk(change.table, change.key, change.mutationId)) : undefined,
          )
          const unread = group.flatMap((r, i) => (locals[i] === undefined ? [i] : []))
          if (unread.length > 0) {
            const read = (await db.table(table).bulkGet(unread.map((i) => keyValue((group[i] as PushResult).change.table, (group[i] as PushResult).change.row)) as never[])) as Array<Row | undefined>
            unread.forEach((at, j) => (locals[at] = read[j]))
          }
          const updated: Row[] = []
          const newBases: BaseSnapshot[] = []
          group.forEach(({ change, outcome }, i) => {
            if (outcome.kind !== 'applied') return
            const local = locals[i]
            if (local !== undefined) {
              const row = { ...local, sync_version: outcome.version, server_seq: outcome.seq }
              updated.push(row)
              stored.set(recordId(change.table, change.key), row)
            }
            if (local !== undefined && !queuedBehind.has(recordId(change.table, change.key))) return
            const base = outcome.server['sync_version'] === outcome.version ? outcome.server : { ...change.row, sync_version: outcome.version, server_seq: outcome.seq }
            newBases.push({ pk: basePk(table, change.key), table: change.table, key: change.key, row: base })
          })
          if (updated.length > 0) await db.table(table).bulkPut(updated)
          if (newBases.length > 0) await bases.bulkPut(newBases)
        }
        // Changes queued behind an acknowledged one are now based on its version.
        const rebased: OutboxEntry[] = []
        behind.forEach((entry, i) => {
          const outcome = applied[i]?.outcome
          if (entry !== undefined && outcome?.kind === 'applied') rebased.push({ ...entry, baseVersion: outcome.version })
        })
        if (rebased.length > 0) await outbox.bulkPut(rebased)

        for (const { change, outcome } of results) {
          if (outcome.kind !== 'conflict') continue
          const pk = sentPk(change.table, change.key, change.mutationId)
          if (outcome.server === null) {
            await outbox.delete(pk)
            const gone = planGone(change)
            if (gone === 'done') continue
            if (gone === 'create') {
              await requeue(tools, { table: change.table, key: change.key, row: change.row, baseVersion: 0, keyColumns: keyColumnsOf(change.table, change.row) })
              continue
            }
            await db.table(change.table).delete(keyValue(change.table, change.row) as never)
            const ctx = controls.context()
            const archive = archiveRow(
              {
                id: `purged-${change.mutationId}`,
                table: change.table,
                entityId: change.key,
                strategy: 'server-wins',
                resolution: 'remote',
                base: null,
                local: change.op === 'upsert' ? change.row : null,
                remote: null,
                resolved: null,
              },
              { userId: ctx?.userId ?? '', deviceId: ctx?.deviceId ?? '', now: tools.now(), tick: tools.tick, newId: tools.newId },
            )
            await db.table('sync_conflicts_archive').put(archive)
            await requeue(tools, { table: 'sync_conflicts_archive', key: String(archive['id']), row: archive, baseVersion: 0, keyColumns: { id: archive['id'] } })
            continue
          }
          const entries = (await outbox.where('[table+key]').equals([change.table, change.key]).sortBy('order')).sort((a, b) => b.sent - a.sent)
          await settle(tools, change.table, controls.stripSecrets(change.table, outcome.server), decide, entries, outcome.messageTotals)
          await outbox.delete(pk)
        }
        // A strategy's derived fields (session counts: the server's message totals, I7), once this batch's conflicts
        // are settled (a message of the session that conflicted is no longer in flight). A change queued behind
        // carries its own counts and is checked when it is applied in turn.
        if (decide.derive !== undefined) {
          for (const [i, { change, outcome }] of applied.entries()) {
            if (outcome.kind !== 'applied' || outcome.messageTotals === undefined || behind[i] !== undefined) continue
            const local = stored.get(recordId(change.table, change.key))
            const totals = local === undefined ? undefined : await sessionUnion(db, outbox, change.key, outcome.messageTotals)
            const fixed = local === undefined || totals === undefined ? null : decide.derive(change.table, local, totals)
            if (fixed === null) continue
            await db.table(change.table).put(fixed)
            await requeue(tools, { table: change.table, key: change.key, row: fixed, baseVersion: outcome.version, keyColumns: keyColumnsOf(change.table, fixed) })
          }
        }
        for (const { change } of results) inFlight.delete(sentPk(change.table, change.key, change.mutationId))
      })
    }

/** The inputs of `unionTotals`: the session's local messages, and which of them are in flight (sent, unanswered). */
const sessionUnion = async (
  db: SyncDatabase,
  outbox: Table<OutboxEntry, string>,
  sessionId: string,
  server: { readonly count: number; readonly tokens: number },
): Promise<{ count: number; tokens: number } | undefined> => {
  const messages = (await db.table('ai_memory_messages').where('session_id').equals(sessionId).toArray()) as Row[]
  const sent = new Set<string>()
  for (const m of messages) {
    if (Number(m['sync_version'] ?? 0) !== 0) continue
    const id = String(m['id'])
    if ((await outbox.where('[table+key]').equals(['ai_memory_messages', id]).filter((e) => e.sent === 1).count()) > 0) sent.add(id)
  }
  return unionTotals(server, messages, (id) => sent.has(id))
}
