import type { SyncedTableName } from '../../schema/tables'
import type { Row } from '../ports'
import type { OutboxEntry } from './outbox'
import { compareHlc } from '../hlc'
import { isLocalOnly, isTombstone, keyOf, versionOf } from './record'

export interface RepushInput {
  readonly table: SyncedTableName
  /** Every local row of the table, after the full pull was applied. */
  readonly rows: readonly Row[]
  /** Every row the restored server returned, by key. */
  readonly server: ReadonlyMap<string, Row>
  /** Keys with local changes in the outbox or in quarantine: they go up by the ordinary path. */
  readonly busy: ReadonlySet<string>
  /** This device: it alone contests another history with a lost version it pushed itself. */
  readonly deviceId?: string | undefined
  /** The restored server's retention watermark: tombstones at or below it may be purged. */
  readonly purgedSeq?: number | undefined
}

/**
 * After a restore (R13): whether this device's version of a record and the server's are two histories, neither one
 * an ancestor of the other. Within one history a later write of a record has a later sequence, a higher version (a
 * re-creation after a purge too) and a later clock (an edit orders after what its device saw). A server row later
 * by sequence but not by version or clock cannot descend from the local version; one earlier by sequence but not
 * by version or clock cannot be its ancestor: another device wrote it after the restore without this version.
 * Two histories both moving past each other's version are not told apart (see docs/turso.md).
 */
export const otherHistory = (local: Row, remote: Row): boolean => {
  if (remote['mutation_id'] === local['mutation_id']) return false
  const localSeq = Number(local['server_seq'] ?? 0)
  const remoteSeq = Number(remote['server_seq'] ?? 0)
  const byClock = compareHlc(String(remote['hlc'] ?? ''), String(local['hlc'] ?? ''))
  if (remoteSeq > localSeq) return versionOf(remote) <= versionOf(local) || byClock <= 0
  if (remoteSeq < localSeq) return versionOf(remote) >= versionOf(local) || byClock >= 0
  return true
}

/**
 * After a restore (R13): whether this device contests the server's row with the version it holds, a lost version it
 * pushed itself, of another history than the server's. Only the device that pushed a version decides it (the others
 * that hold it take the server's row and later the decision): two devices holding the same lost version would each
 * keep a conflicted copy of it.
 */
export const contests = (table: SyncedTableName, local: Row, remote: Row, deviceId: string | undefined): boolean =>
  deviceId !== undefined &&
  local['origin_device_id'] === deviceId &&
  !isLocalOnly(table, local) &&
  !isTombstone(local) &&
  versionOf(local) > 0 &&
  otherHistory(local, remote)

export type RepushStep =
  /** The server lost this version: queue it again, based on what the server holds now (0: nothing). */
  | { readonly kind: 'repush'; readonly key: string; readonly row: Row; readonly base: Row | null }
  /** The server moved on after the restore past what this device holds: take the server row. */
  | { readonly kind: 'take'; readonly key: string; readonly server: Row }
  /**
   * The server holds another history of this record (written after the restore by a device that never saw this
   * version), and this device pushed the lost version: it goes up again based on nothing, so the server's row meets
   * it as a concurrent edit and the table's strategy decides. Neither is lost.
   */
  | { readonly kind: 'contest'; readonly key: string; readonly row: Row }
  /**
   * The server lacks this record and this device's version of it lies at or below the retention watermark: it was
   * deleted there and its tombstone purged (a restore loses only what came after the backup, above the watermark).
   * It leaves the device, as a reconcile would prune it (I6), instead of being re-pushed.
   */
  | { readonly kind: 'prune'; readonly key: string }
  /**
   * The server holds this very mutation (another device re-pushed it): take its sync columns only; the device's own
   * content stays (it may hold what the sanitizer kept off the wire).
   */
  | { readonly kind: 'align'; readonly key: string; readonly row: Row }

/**
 * After a restore (R13): what the server lost of what this device holds. The full pull applied every server row
 * that was new to the device; a row it skipped (its sequence lay below the device's, because the server's sequence
 * went back) is compared by mutation and version. The device re-pushes a version the server no longer has, and never
 * a row that stays on the device (R4), one the server never had (it is in the outbox already) or one with changes
 * waiting. Two devices holding the same lost version re-push the same mutation: the first applies it, the second
 * finds it there (same mutation id) and has nothing to do, so nothing is doubled and no conflict is raised.
 */
/** The columns the server decides for a version (the pusher, its version and sequence). */
const SYNC_COLUMNS = ['sync_version', 'server_seq', 'origin_device_id'] as const

export const planRepush = ({ table, rows, server, busy, deviceId, purgedSeq }: RepushInput): RepushStep[] => {
  const steps: RepushStep[] = []
  for (const row of rows) {
    const key = keyOf(table, row)
    if (busy.has(key) || isLocalOnly(table, row) || versionOf(row) === 0) continue
    const remote = server.get(key)
    if (remote === undefined) {
      if (!isTombstone(row)) {
        const purged = purgedSeq !== undefined && Number(row['server_seq'] ?? 0) > 0 && Number(row['server_seq'] ?? 0) <= purgedSeq
        steps.push(purged ? { kind: 'prune', key } : { kind: 'repush', key, row, base: null })
      }
      continue
    }
    // The same mutation: the server holds this version (re-pushed by another device, with new sync columns).
    if (remote['mutation_id'] === row['mutation_id']) {
      const sync = Object.fromEntries(SYNC_COLUMNS.map((c) => [c, remote[c] ?? null]))
      if (SYNC_COLUMNS.some((c) => (row[c] ?? null) !== sync[c])) steps.push({ kind: 'align', key, row: { ...row, ...sync } })
      continue
    }
    // Another history: the device that pushed this version contests the server's with it; the others give way.
    if (otherHistory(row, remote)) {
      steps.push(contests(table, row, remote, deviceId) ? { kind: 'contest', key, row } : { kind: 'take', key, server: remote })
      continue
    }
    // The pull skipped the server row (its sequence lay below this device's): a lost version goes up again over the
    // older one the backup kept.
    if (versionOf(row) > versionOf(remote)) steps.push({ kind: 'repush', key, row, base: remote })
    else steps.push({ kind: 'take', key, server: remote })
  }
  return steps
}

export interface RebaseInput {
  /** The record's outbox entries (not quarantined or held). */
  readonly entries: ReadonlyArray<Pick<OutboxEntry, 'baseVersion' | 'mutationId'> & Partial<Pick<OutboxEntry, 'sent'>>>
  /** The record's merge base on this device, if it keeps one. */
  readonly base: Row | null
  /** What the restored server holds of it, if anything. */
  readonly server: Row | undefined
}

/**
 * After a restore (R13): a record with changes waiting whose base is a version the server lost. Sent as they are,
 * they would meet an older version and give way to it (or, with the record gone, be taken for an edit of a deleted
 * record): the edit would be lost. Returns the version to base them on instead, or null to leave them.
 * - The server holds nothing: based on nothing, they create the record again.
 * - The server holds an older version by number and by clock (the backup's): based on it, they go up over it.
 * - Anything else older by number may be another device's write after the restore: based on nothing, the server's
 *   row meets them as a concurrent edit and the table's strategy decides (a row at or past the base was settled
 *   by the full pull already).
 */
export const planRebase = ({ entries, base, server }: RebaseInput): { readonly baseVersion: number; readonly base: Row | null } | null => {
  if (entries.length === 0) return null
  if (server !== undefined && entries.some((e) => e.mutationId === server['mutation_id'])) return null
  const from = Math.min(...entries.map((e) => e.baseVersion))
  if (from === 0) return null
  if (server === undefined) return { baseVersion: 0, base: null }
  if (versionOf(server) >= from) return null
  const older = base !== null && compareHlc(String(base['hlc'] ?? ''), String(server['hlc'] ?? '')) > 0
  return older ? { baseVersion: versionOf(server), base: server } : { baseVersion: 0, base: null }
}

/**
 * After a restore (R13): changes waiting on a lost version this device holds as their merge base. The lost version
 * goes up first, as itself (its own mutation, based where {@link planRebase} would base the changes), and the changes
 * stay queued behind it, made on top of it as they were. A rebased change alone would reach the server as a version
 * that does not descend from the lost one, and the device that pushed the lost version would take it for another
 * history and raise a conflict nobody made. Returns the version to send, or null (rebase as planned, or leave them).
 */
// A sent change among them was not committed either: the server holds nothing at or past their base, and not their
// mutation (`planRebase` answers null otherwise). They go up again as one queued change, made on the local row.
export const planResend = (input: RebaseInput): { readonly row: Row; readonly baseVersion: number; readonly mutationId: string } | null => {
  const plan = planRebase(input)
  const { base, entries } = input
  if (plan === null || base === null || isTombstone(base)) return null
  if (typeof base['mutation_id'] !== 'string' || base['mutation_id'] === '') return null
  if (versionOf(base) !== Math.min(...entries.map((e) => e.baseVersion))) return null
  const row = { ...base, sync_version: plan.baseVersion, server_seq: Number(plan.base?.['server_seq'] ?? 0) }
  return { row, baseVersion: plan.baseVersion, mutationId: base['mutation_id'] }
}

export interface RedeleteInput {
  readonly table: SyncedTableName
  /** The tombstones this device keeps as merge bases: deletes it made (or saw acknowledged) and nothing changed since. */
  readonly tombstones: readonly Row[]
  /** The local rows by key, after the full pull was applied. */
  readonly locals: ReadonlyMap<string, Row>
  /** Every row the restored server returned, by key. */
  readonly server: ReadonlyMap<string, Row>
  /** Keys with local changes in the outbox or in quarantine. */
  readonly busy: ReadonlySet<string>
}

/**
 * After a restore (R13): deletes the server lost. A device keeps the tombstone of a delete it made as the record's
 * merge base. When the restored server holds the record live again in a version older than that tombstone (by
 * sequence and by version: the backup's, which the delete was made over), the delete is lost: it goes up again,
 * based on that version, and the row the full pull brought back leaves this device. A live version newer than the
 * tombstone is a re-creation, kept; a record with changes waiting goes up by the ordinary path.
 */
export const planRedelete = ({ table, tombstones, locals, server, busy }: RedeleteInput): Array<{ readonly key: string; readonly server: Row }> => {
  const steps: Array<{ key: string; server: Row }> = []
  for (const tombstone of tombstones) {
    if (!isTombstone(tombstone)) continue
    const key = keyOf(table, tombstone)
    const remote = server.get(key)
    if (busy.has(key) || remote === undefined || isTombstone(remote)) continue
    if (remote['mutation_id'] === tombstone['mutation_id']) continue
    const local = locals.get(key)
    // Only the row the pull brought back (or none): a row this device holds otherwise is not the lost delete's.
    if (local !== undefined && (isLocalOnly(table, local) || local['mutation_id'] !== remote['mutation_id'])) continue
    const older = Number(remote['server_seq'] ?? 0) < Number(tombstone['server_seq'] ?? 0) && versionOf(remote) < versionOf(tombstone)
    if (older) steps.push({ key, server: remote })
  }
  return steps
}
