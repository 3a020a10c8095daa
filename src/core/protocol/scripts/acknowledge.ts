import { groupBy } from '../groupBy'
import { recordId } from '../../../schema/record'
import type { SyncedTableName } from '../../../schema/tables'
import type { Decider, PushResult, Row } from '../../ports'
import { archiveRow } from '../archiveRow'
import { BASE, BEHIND_PREFIX, OUTBOX, QUARANTINE, basePk, behindPk, entryPk, quarantinePk, type BaseSnapshot } from '../layout'
import type { OutboxEntry } from '../outbox'
import { planGone } from '../settle'
import { unionTotals } from '../applyOrder'
import { keyColumnsOf } from '../record'
import type { TxPort } from '../port'
import { entriesOf, requeue, settleRecord } from './settle'
import { author, rowKey, type ScriptTools } from './tools'
import { intoSlots, removeSent } from './slots'

export interface AcknowledgeInput {
  readonly results: readonly PushResult[]
  readonly decide: Decider
  /**
   * The rows the upload froze into sent entries, by mutation id: the row as stored when it was sent. Memory only
   * (after a restart the row is read again). Acknowledged entries leave it.
   */
  readonly inFlight: Map<string, Row>
  /** This device's secret rule, applied to a server row before it is stored. */
  readonly stripSecrets: (table: SyncedTableName, row: Row) => Row
}


/**
 * Records push outcomes (one transaction): applied changes leave the outbox and the quarantine, their rows take the
 * server version, the merge base is saved where a change is queued behind, queued changes are rebased on what the
 * server committed (R5); conflicts settle by `decide`; a change whose record the server no longer holds follows
 * `planGone` (an edit of a purged record is archived, never resurrected, I6); a session applied over an incomplete
 * view of its messages has its counts corrected (I7).
 */
export const acknowledgeScript = async (port: TxPort, t: ScriptTools, { results, decide, inFlight, stripSecrets }: AcknowledgeInput): Promise<void> => {
  const applied = results.filter((r) => r.outcome.kind === 'applied')
  // The edits queued behind the acknowledged changes. Nothing waits behind anything, mostly (the upload took every
  // record's entry): one probe instead of a read per record.
  const behind = new Array<OutboxEntry | undefined>(applied.length)
  if (applied.length > 0 && (await port.scan(OUTBOX, { prefix: BEHIND_PREFIX, limit: 1 })).length > 0) {
    const found = (await port.bulkGet(OUTBOX, applied.map(({ change }) => behindPk(change.table, change.key)))) as unknown as Array<OutboxEntry | undefined>
    found.forEach((e, i) => (behind[i] = e))
  }
  // An acknowledged entry leaves its record's slot; an edit queued behind it takes the slot (rebased below). The slot
  // holds the sent entry until its answer is recorded: everything else that queues goes behind it.
  const emptied = applied.flatMap(({ change }, i) => (behind[i] === undefined ? [entryPk(change.table, change.key)] : []))
  if (emptied.length > 0) await port.bulkDelete(OUTBOX, emptied)
  // A record that syncs leaves the quarantine: a later edit of it went through. Almost always empty: one count
  // instead of a delete per acknowledged record (the push's hot path).
  if (applied.length > 0 && (await port.count(QUARANTINE)) > 0) {
    await port.bulkDelete(QUARANTINE, applied.map(({ change }) => quarantinePk(change.table, change.key)))
  }
  // The merge base is copy-on-write (taken by the capture at a record's first edit after a sync). It only has to be
  // written here when an edit is already queued behind this change, or the record is gone locally.
  // The rows as this acknowledgement stored them (the derived fields below start from them, not a re-read).
  const stored = new Map<string, Row>()
  const queuedBehind = new Set(behind.filter((e): e is OutboxEntry => e !== undefined).map((e) => recordId(e.table, e.key)))
  for (const [table, group] of groupBy(applied, (r) => r.change.table)) {
    // An upsert with nothing queued behind it: the record is still the row it sent (every captured edit queues behind
    // a sent entry), so it is not read back. The rest are read.
    const locals: Array<Row | undefined> = group.map(({ change }) =>
      change.op === 'upsert' && !queuedBehind.has(recordId(change.table, change.key)) ? inFlight.get(change.mutationId) : undefined,
    )
    const unread = group.flatMap((r, i) => (locals[i] === undefined ? [i] : []))
    if (unread.length > 0) {
      const read = await port.bulkGet(table, unread.map((i) => rowKey(table, (group[i] as PushResult).change.row)))
      unread.forEach((at, j) => (locals[at] = read[j]))
    }
    const updated: Row[] = []
    const newBases: Row[] = []
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
      newBases.push({ pk: basePk(table, change.key), table: change.table, key: change.key, row: base } satisfies BaseSnapshot)
    })
    if (updated.length > 0) await port.bulkPut(table, updated)
    if (newBases.length > 0) await port.bulkPut(BASE, newBases)
  }
  // Changes queued behind an acknowledged one move into its slot, based on its version.
  const rebased: OutboxEntry[] = []
  behind.forEach((entry, i) => {
    const outcome = applied[i]?.outcome
    if (entry !== undefined && outcome?.kind === 'applied') rebased.push({ ...entry, baseVersion: outcome.version })
  })
  await intoSlots(port, rebased)

  for (const { change, outcome } of results) {
    if (outcome.kind !== 'conflict') continue
    if (outcome.server === null) {
      await removeSent(port, change.table, change.key, change.mutationId)
      const gone = planGone(change)
      if (gone === 'done') continue
      if (gone === 'create') {
        await requeue(port, t, { table: change.table, key: change.key, row: change.row, baseVersion: 0, keyColumns: keyColumnsOf(change.table, change.row) })
        continue
      }
      await port.delete(change.table, rowKey(change.table, change.row))
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
        author(t),
      )
      await port.put('sync_conflicts_archive', archive)
      await requeue(port, t, { table: 'sync_conflicts_archive', key: String(archive['id']), row: archive, baseVersion: 0, keyColumns: { id: archive['id'] } })
      continue
    }
    const entries = await entriesOf(port, change.table, change.key)
    await settleRecord(port, t, change.table, stripSecrets(change.table, outcome.server), decide, entries, outcome.messageTotals)
    await removeSent(port, change.table, change.key, change.mutationId)
  }
  // A strategy's derived fields (session counts: the server's message totals, I7), once this batch's conflicts are
  // settled (a message of the session that conflicted is no longer in flight). A change queued behind carries its own
  // counts and is checked when it is applied in turn.
  if (decide.derive !== undefined) {
    for (const [i, { change, outcome }] of applied.entries()) {
      if (outcome.kind !== 'applied' || outcome.messageTotals === undefined || behind[i] !== undefined) continue
      const local = stored.get(recordId(change.table, change.key))
      const totals = local === undefined ? undefined : await sessionUnion(port, change.key, outcome.messageTotals)
      const fixed = local === undefined || totals === undefined ? null : decide.derive(change.table, local, totals)
      if (fixed === null) continue
      await port.put(change.table, fixed)
      await requeue(port, t, { table: change.table, key: change.key, row: fixed, baseVersion: outcome.version, keyColumns: keyColumnsOf(change.table, fixed) })
    }
  }
  for (const { change } of results) inFlight.delete(change.mutationId)
}

/** The inputs of `unionTotals`: the session's local messages, and which of them are in flight (sent, unanswered). */
const sessionUnion = async (
  port: TxPort,
  sessionId: string,
  server: { readonly count: number; readonly tokens: number },
): Promise<{ count: number; tokens: number } | undefined> => {
  const messages = await port.byIndex('ai_memory_messages', 'session_id', sessionId)
  const sent = new Set<string>()
  for (const m of messages) {
    if (Number(m['sync_version'] ?? 0) !== 0) continue
    const id = String(m['id'])
    if ((await port.byIndex(OUTBOX, '[table+key]', ['ai_memory_messages', id])).some((e) => e['sent'] === 1)) sent.add(id)
  }
  return unionTotals(server, messages, (id) => sent.has(id))
}
