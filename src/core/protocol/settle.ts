import type { SyncedTableName } from '../../schema/tables'
import type { Decider, OutgoingChange, PullDecision, Row } from '../ports'
import type { OutboxEntry, Requeue } from './outbox'
import { isLocalOnly, isTombstone, keyColumnsOf, keyOf, versionOf } from './record'
import { toChange } from './upload'
import { contests } from './repush'

/** A change to queue as a fresh unsent entry, based on `baseVersion` (a delete when `row` is null). */
export type { Requeue }

export interface SettlePlan {
  readonly outcome: 'applied' | 'skipped' | 'conflict'
  /** Outbox entries that are settled by this row (an echo of our own upload, or changes the decision replaces). */
  readonly removeEntries: readonly string[]
  /** The new 3-way merge base (the server row this device has now seen), or undefined to leave it. */
  readonly base: Row | undefined
  /** What happens to the local row. */
  readonly local: { readonly kind: 'keep' } | { readonly kind: 'put'; readonly row: Row } | { readonly kind: 'delete' }
  readonly requeue: readonly Requeue[]
  /** Rows to create locally (keep-both copies, the archive row); each is queued too. */
  readonly create: ReadonlyArray<{ readonly table: SyncedTableName; readonly row: Row }>
}

export interface SettleInput {
  readonly table: SyncedTableName
  readonly key: string
  readonly remote: Row
  /** The stored local row (a local tombstone does not exist: deleted rows are removed). */
  readonly local: Row | null
  readonly base: Row | null
  /** The record's outbox entries, sent ones first. */
  readonly entries: readonly OutboxEntry[]
  readonly decide: Decider
  readonly messageTotals?: { readonly count: number; readonly tokens: number }
  /**
   * The full pull after a restore (R13): the push that preceded it wrote nothing, so a sent change is decided here
   * with the rest, and never answered afterwards by an acknowledgement older than this decision.
   */
  readonly rewound?: boolean
  /** Builds the archive row of a withdrawal that overrides another device's edit (R4 with I12). */
  readonly archive?: (sides: { readonly local: Row; readonly remote: Row; readonly base: Row | null }) => Row
}

const KEEP = { kind: 'keep' } as const

/**
 * Of a page's rows of one table, the newest (highest sequence) per local record. The server holds one row per key,
 * but in sealed mode two server ids can name one preference (the one it had before ids were sealed or the key
 * rotated, and its sealed id): the device reads them as one record, and the newer sequence wins (I1). Without this,
 * both would be routed against the same local row and the page would write both.
 */
export const newestPerRecord = <T extends { readonly row: Row }>(table: SyncedTableName, group: readonly T[]): T[] => {
  const newest = new Map<string, T>()
  for (const r of group) {
    const key = keyOf(table, r.row)
    const seen = newest.get(key)
    if (seen === undefined || Number(r.row['server_seq']) > Number(seen.row['server_seq'])) newest.set(key, r)
  }
  return newest.size === group.length ? [...group] : group.filter((r) => newest.get(keyOf(table, r.row)) === r)
}

/**
 * How one pulled server row applies (I5, R4): a record with local changes pending, or whose local row never leaves
 * the device, is settled by {@link planSettle}; any other row takes the bulk path. There the server sequence says
 * which is newer (a version restarts when a purged record is created again, a sequence never does): a row this
 * device already has (its own upload, I5) is skipped, a newer version of a refused record is held (`hold`), and a
 * tombstone deletes the local row if there is one.
 */
export const routePulled = (
  table: SyncedTableName,
  remote: Row,
  local: Row | undefined,
  pending: boolean,
  refused = false,
  rewoundBy?: string,
): 'settle' | 'skip' | 'put' | 'delete' | 'hold' => {
  if (pending || (local !== undefined && isLocalOnly(table, local))) return 'settle'
  // The full pull after a restore (`rewoundBy`: this device): a lost version this device pushed, met by another
  // history of the record, is not overwritten here; the re-push that follows contests it (R13, `planRepush`).
  if (rewoundBy !== undefined && local !== undefined && contests(table, local, remote, rewoundBy)) return 'skip'
  if (local !== undefined && Number(remote['server_seq']) <= Number(local['server_seq'] ?? 0)) return 'skip'
  // A refused (quarantined) change is still the user's content: a pull never overwrites it (R14). The server version
  // is held beside the quarantine: a retry meets it as a conflict and merges field by field against the base, a
  // discard goes to it.
  if (refused && local !== undefined) return 'hold'
  if (!isTombstone(remote)) return 'put'
  return local === undefined ? 'skip' : 'delete'
}

/**
 * How a pulled (or conflicting) server row settles against the local row, the merge base and the outbox
 * (I2, I5, I6, I7, R4, R6). Pure: the local store reads the inputs and carries the plan out in its transaction.
 */
export const planSettle = (input: SettleInput): SettlePlan => {
  const { table, key, remote } = input
  const local = input.local
  const remoteVersion = versionOf(remote)
  const removeEntries: string[] = []
  let entries = input.entries

  // Our own write coming back after its response was lost: an acknowledgement, not a conflict (I2, I5).
  const echoed = entries.find((e) => e.sent === 1 && e.mutationId === remote['mutation_id'])
  if (echoed !== undefined) {
    removeEntries.push(echoed.pk)
    entries = entries.filter((e) => e !== echoed)
  }

  // Our own write came back with changes queued behind it (made on top of it): it acknowledges them as a push would,
  // so they are based on its version now, and nothing is decided (a delete behind our own create is no conflict).
  // A pull sees this before the retry when the push went nowhere, e.g. to a server restored from a backup (R13).
  if (echoed !== undefined && entries.length > 0 && entries.every((e) => e.sent === 0 && e.held !== 1) && (local === null || !isLocalOnly(table, local))) {
    for (const e of entries) removeEntries.push(e.pk)
    const row = local === null ? null : { ...local, sync_version: remoteVersion, server_seq: remote['server_seq'] }
    return {
      outcome: 'skipped',
      removeEntries,
      base: remote,
      local: row === null ? KEEP : { kind: 'put', row },
      requeue: [{ table, key, row, baseVersion: remoteVersion, keyColumns: keyColumnsOf(table, remote) }],
      create: [],
    }
  }

  // R4: a row that never leaves the device stays exactly as it is. Whatever the server holds of it is withdrawn
  // (the device made it private or device-specific); nothing of it is merged, archived or queued with content.
  // The withdrawal goes ahead, based on the server's version; an edit another device made meanwhile is not lost
  // silently: it is archived, with nothing of the local row but its key. Without a withdrawal pending (the record was
  // withdrawn already and another device wrote it again), the server's record is theirs and stays.
  if (local !== null && isLocalOnly(table, local)) {
    const withdrawal = entries.find((e) => e.op === 'delete')
    for (const e of entries) if (e.sent === 0) removeEntries.push(e.pk)
    const withdraw = withdrawal !== undefined && !isTombstone(remote)
    const archived = withdraw && remoteVersion > withdrawal.baseVersion && input.archive !== undefined ? input.archive({ local, remote, base: input.base }) : null
    return {
      outcome: archived === null ? 'skipped' : 'conflict',
      removeEntries,
      base: undefined,
      // Only a withdrawal moves the local row onto the server's version. A record the server holds as another
      // device's is not seen by keeping the local row: were the row shared again (or deleted), it must meet that
      // record as a concurrent write (a conflict, archived), not overwrite it as if it had been based on it (I12).
      // Its sequence says the server holds something under this key (`planEnqueue` sends a delete for it).
      local: { kind: 'put', row: withdraw ? { ...local, sync_version: remoteVersion, server_seq: remote['server_seq'] } : { ...local, server_seq: remote['server_seq'] } },
      requeue: withdraw ? [{ table, key, row: null, baseVersion: remoteVersion, keyColumns: keyColumnsOf(table, remote) }] : [],
      create: archived === null ? [] : [{ table: 'sync_conflicts_archive', row: archived }],
    }
  }

  // R6: a held conflict stays as the user saw it. The base follows the server, so that the user's decision merges
  // against the current server row and later edits to other fields survive.
  if (entries.some((e) => e.held === 1)) {
    return { outcome: 'skipped', removeEntries, base: remote, local: KEEP, requeue: [], create: [] }
  }

  const pending: OutgoingChange[] = entries.map((e) => toChange(e, local))
  // Already known: the local changes are based on this version or a later one (our own upload coming back, I5).
  // With nothing pending, the last synced version is what the device has seen. A change re-creating a deleted
  // record is based on 0 and must be decided, never skipped (it would be dropped).
  const knownVersion =
    pending.length > 0 ? Math.min(...pending.map((p) => p.baseVersion)) : Math.max(versionOf(local), versionOf(input.base))
  // A version number names one version only within one history of the server: a server restored from a backup
  // (R13) may hold another mutation under the number this device's base has. That one is not known: it is decided.
  const otherHistory =
    input.base !== null && versionOf(input.base) === remoteVersion && input.base['mutation_id'] !== undefined && input.base['mutation_id'] !== remote['mutation_id']
  if (echoed === undefined && remoteVersion <= knownVersion && !otherHistory) return { outcome: 'skipped', removeEntries, base: undefined, local: KEEP, requeue: [], create: [] }

  // A re-create over the tombstone this device saw (its own delete, acknowledged or retried): the server holds nothing
  // newer than the base the change was made over, so nothing concurrent happened. The change is rebased on the
  // tombstone's version and sent again; it is never a conflict, never archived (I2, R5).
  if (local !== null && pending.length > 0 && isTombstone(remote) && input.base !== null && isTombstone(input.base) && versionOf(input.base) === remoteVersion) {
    for (const e of entries) if (e.sent === 0) removeEntries.push(e.pk)
    const row = { ...local, sync_version: remoteVersion, server_seq: remote['server_seq'] }
    return {
      outcome: 'skipped',
      removeEntries,
      base: remote,
      local: { kind: 'put', row },
      requeue: [{ table, key, row, baseVersion: remoteVersion, keyColumns: keyColumnsOf(table, row) }],
      create: [],
    }
  }

  const decision: PullDecision =
    pending.length === 0
      ? { kind: 'apply' }
      : input.decide({ table, remote, local, base: input.base, pending, ...(input.messageTotals === undefined ? {} : { messageTotals: input.messageTotals }) })
  const base = entries.length > 0 || decision.kind === 'resolved' ? remote : undefined

  if (decision.kind === 'skip') return { outcome: 'skipped', removeEntries, base, local: KEEP, requeue: [], create: [] }
  if (decision.kind === 'apply') {
    for (const e of entries) removeEntries.push(e.pk)
    const next: SettlePlan['local'] =
      echoed !== undefined && pending.length === 0 && local !== null
        ? // Our own content: only the sync columns change. The server names who pushed it: after a restore two
          // devices may re-send the same lost edit, and the one that came second takes the first one's name (R13).
          { kind: 'put', row: { ...local, sync_version: remoteVersion, server_seq: remote['server_seq'], origin_device_id: remote['origin_device_id'] ?? local['origin_device_id'] ?? null } }
        : isTombstone(remote)
          ? { kind: 'delete' }
          : { kind: 'put', row: remote }
    return { outcome: echoed !== undefined ? 'skipped' : 'applied', removeEntries, base, local: next, requeue: [], create: [] }
  }

  // A sent change based on this version number of another history can never apply as it was sent (it would overwrite
  // a version it never saw): the decision replaces it too.
  for (const e of entries) if (e.sent === 0 || otherHistory || input.rewound === true) removeEntries.push(e.pk)
  const kept = decision.local === null ? null : { ...decision.local, sync_version: remoteVersion, server_seq: remote['server_seq'] }
  const requeue: Requeue[] = []
  if (decision.hold === true) {
    requeue.push({ table, key, row: kept, baseVersion: remoteVersion, keyColumns: keyColumnsOf(table, remote), held: true })
  } else if (decision.push) {
    requeue.push({ table, key, row: kept, baseVersion: remoteVersion, keyColumns: keyColumnsOf(table, remote) })
  }
  const create = [...decision.copies, ...(decision.archive === null ? [] : [{ table: 'sync_conflicts_archive' as const, row: decision.archive }])]
  return {
    outcome: 'conflict',
    removeEntries,
    base,
    // A held record keeps the local row exactly as the user saw it.
    local: decision.hold === true ? KEEP : kept === null ? { kind: 'delete' } : { kind: 'put', row: kept },
    requeue,
    create,
  }
}

/**
 * A pushed change whose record the server no longer holds at all: never created there, or deleted elsewhere and its
 * tombstone purged (I6).
 * - `create`: a change based on nothing (a new record, or one re-created): queue it again as a creation.
 * - `done`: a delete (or the withdrawal of a row made local-only) has nothing left to delete. The local row, if
 *   any, stays: a withdrawn private row is the device's own (R4), a record re-created after the delete is queued.
 * - `archive`: an edit of a record purged meanwhile is never resurrected; the edit goes to the archive and the
 *   record leaves this device too.
 */
export const planGone = (change: Pick<OutgoingChange, 'op' | 'baseVersion'>): 'create' | 'done' | 'archive' =>
  change.op === 'delete' ? 'done' : change.baseVersion === 0 ? 'create' : 'archive'
