import type { OutgoingChange, PushContext, PushOutcome, PushResponse, PushResult, RemoteStore } from '../ports'
import type { Sealer } from './createSealer'
import { sealPreferenceId } from './preferenceServerId'

/**
 * A preference change that the server answers "no such record" although it is based on a version (R5, R7): the
 * record lives under another id, the plain one it had before preference ids were sealed, or the one a previous key
 * sealed. Without this step the device would take the answer for a deletion and lose the preference.
 *
 * - An upsert moves the record: it is sent again as new (version 0) under the current sealed id. The row under the
 *   old id stays as it is; every device reads both as one record, and the newer sequence wins (I1).
 * - A delete is sent to each older id, so the row a device still reads is the one deleted.
 *
 * The extra request is made only for such changes: once per record after an upgrade or a key rotation.
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
  const retries: OutgoingChange[] = []
  for (const { change } of missing) {
    if (change.op === 'upsert') {
      retries.push({ ...change, baseVersion: 0 })
      continue
    }
    const local = localKey(change)
    const older = [local, ...(await Promise.all(sealer.keyIds.slice(1).map((id) => sealPreferenceId(sealer, local, id))))]
    for (const id of older) retries.push({ ...change, key: id, row: { ...change.row, id } })
  }
  const retried = await inner.push(retries, context)
  const byMutation = new Map<string, PushOutcome>()
  for (const { change, outcome } of retried.results) {
    const seen = byMutation.get(change.mutationId)
    if (seen === undefined || rank(outcome) > rank(seen)) byMutation.set(change.mutationId, outcome)
  }
  const results = response.results.map((r): PushResult => {
    const outcome = byMutation.get(r.change.mutationId)
    return outcome === undefined ? r : { change: r.change, outcome }
  })
  return { ...response, results }
}

/** Of one change's answers under several ids, the one that says where the record is. */
const rank = (outcome: PushOutcome): number =>
  outcome.kind === 'applied' ? 3 : outcome.kind === 'rejected' ? 2 : outcome.server !== null ? 1 : 0
