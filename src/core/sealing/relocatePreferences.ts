import type { OutgoingChange, PushContext, PushOutcome, PushResponse, PushResult, RemoteStore, Row } from '../ports'
import type { Sealer } from './createSealer'
import { sealPreferenceId } from './preferenceServerId'

/**
 * A version no server row has: a delete based on it writes nothing and answers the row the server holds under its
 * id (a conflict), or that it holds none. It asks where a record is without changing anything.
 */
const PROBE = -1

/**
 * A preference change that the server answers "no such record" although it is based on a version (R5, R7): the
 * record may live under another id, the plain one it had before preference ids were sealed, or the one a previous
 * key sealed; or it is gone (deleted elsewhere and its tombstone purged, I6). Without this step the device would take
 * the answer for a deletion of a record that merely lives elsewhere.
 *
 * - An upsert first asks each older id what it holds (a request that writes nothing). Found at the version the edit
 *   is based on, the record moves: the rows under the old ids become tombstones and the change is sent again as new
 *   (version 0) under the current sealed id, in one request, the move last; every device reads them as one record,
 *   and the newer sequence wins (I1, see `newestPerRecord`). Found at
 *   another version, that row is the answer (a conflict, settled like any other). Found nowhere, the record is gone
 *   and the answer stays "no such record": the edit is archived, never re-created (I6).
 * - A delete is sent to each older id, so the row a device still reads is the one deleted.
 *
 * The extra requests are made only for such changes: once per record after an upgrade or a key rotation, and for an
 * edit of a purged record.
 */
export const relocatePreferences = async (
  sealer: Sealer,
  inner: RemoteStore,
  response: PushResponse,
  context: PushContext,
  localKey: (change: OutgoingChange) => string,
): Promise<PushResponse> => {
  const missing = response.results.filter(
    ({ change, outcome }) => change.table === 'user_preferences' && change.baseVersion > 0 && outcome.kind === 'conflict' && outcome.server === null,
  )
  if (missing.length === 0) return response
  const asked: OutgoingChange[] = []
  for (const { change } of missing) {
    const local = localKey(change)
    const older = [local, ...(await Promise.all(sealer.keyIds.slice(1).map((id) => sealPreferenceId(sealer, local, id))))]
    for (const id of older) {
      asked.push(change.op === 'upsert' ? { ...change, op: 'delete', baseVersion: PROBE, key: id, row: { id } } : { ...change, key: id, row: { ...change.row, id } })
    }
  }
  const answers = byMutation((await inner.push(asked, context)).results)
  const outcomes = new Map<string, PushOutcome>()
  const moves: OutgoingChange[] = []
  for (const { change } of missing) {
    const found = answers.get(change.mutationId) ?? []
    if (change.op === 'delete') {
      const best = bestOf(found)
      if (best !== undefined) outcomes.set(change.mutationId, best)
      continue
    }
    const at = whereItIs(found)
    if (at === undefined) continue
    if (at.kind !== 'conflict' || Number(at.server['sync_version']) !== change.baseVersion) {
      outcomes.set(change.mutationId, at)
      continue
    }
    // Every live row under an older id is retired (a tombstone, which keeps no content) before the record is written
    // under its sealed id, so the move has the newer sequence, and a row left behind never brings the record back
    // once the sealed one is deleted and its tombstone purged (I6).
    for (const o of found) {
      if (o.kind !== 'conflict' || o.server === null || (o.server['deleted_at'] ?? null) !== null) continue
      const id = String(o.server['id'])
      moves.push({ table: change.table, op: 'delete', key: id, mutationId: `${change.mutationId}.moved.${id}`, baseVersion: Number(o.server['sync_version']), row: { id, hlc: change.row['hlc'] } })
    }
    moves.push({ ...change, baseVersion: 0 })
  }
  if (moves.length > 0) {
    // The move's own answer: a retirement that found the old row changed meanwhile leaves it as it is.
    for (const { change, outcome } of (await inner.push(moves, context)).results) {
      if (change.op === 'upsert') outcomes.set(change.mutationId, outcome)
    }
  }
  const results = response.results.map((r): PushResult => {
    const outcome = outcomes.get(r.change.mutationId)
    return outcome === undefined ? r : { change: r.change, outcome }
  })
  return { ...response, results }
}

const byMutation = (results: readonly PushResult[]): Map<string, PushOutcome[]> => {
  const out = new Map<string, PushOutcome[]>()
  for (const { change, outcome } of results) out.set(change.mutationId, [...(out.get(change.mutationId) ?? []), outcome])
  return out
}

/** Of one change's answers under several ids, the one that says where the record is. */
const bestOf = (outcomes: readonly PushOutcome[]): PushOutcome | undefined =>
  outcomes.reduce<PushOutcome | undefined>((best, o) => (best === undefined || rank(o) > rank(best) ? o : best), undefined)

const rank = (outcome: PushOutcome): number =>
  outcome.kind === 'applied' ? 3 : outcome.kind === 'rejected' ? 2 : outcome.server !== null ? 1 : 0

/**
 * Of the probes' answers for one record, what the server holds of it: an answer that settles it (applied: an earlier
 * attempt of this very change wrote the row; rejected), or of the rows found under older ids the one a device reads
 * (the newest sequence); undefined when no id holds it.
 */
const whereItIs = (outcomes: readonly PushOutcome[]): (PushOutcome & { kind: 'applied' | 'rejected' }) | { kind: 'conflict'; server: Row } | undefined => {
  const settled = outcomes.find((o): o is PushOutcome & { kind: 'applied' | 'rejected' } => o.kind !== 'conflict')
  if (settled !== undefined) return settled
  let newest: { kind: 'conflict'; server: Row } | undefined
  for (const o of outcomes) {
    if (o.kind !== 'conflict' || o.server === null) continue
    if (newest === undefined || Number(o.server['server_seq']) > Number(newest.server['server_seq'])) newest = { ...o, server: o.server }
  }
  return newest
}
