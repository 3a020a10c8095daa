import type { SyncedTableName } from '../../schema/tables'
import type { Row } from '../ports'
import { isLocalOnly, keyColumnsOf, versionOf } from './record'

/**
 * An outbox entry. One *unsent* entry per record at most (edits coalesce into it); once sent, an entry is marked sent
 * in place and frozen with the row it carried, so an edit made while it is in flight (or after its response was lost)
 * queues behind it instead of overwriting it, and a retry sends exactly what the first attempt sent (I2, I4, R5).
 */
export interface OutboxEntry {
  /** `u␟table␟key`: the record's slot (unsent, or sent); `b␟table␟key`: queued behind the sent entry in the slot. */
  pk: string
  table: SyncedTableName
  key: string
  op: 'upsert' | 'delete'
  mutationId: string
  /** Server version the change is based on. Deletes use it; upserts read it from the row at push time. */
  baseVersion: number
  /** Enqueue order: the HLC of the first edit. */
  order: string
  /** 0 unsent, 1 sent at least once (possibly committed). An index-friendly number, never a boolean. */
  sent: 0 | 1
  /** For deletes: the key columns (plus the tombstone's clock), so the server statement can address the row. */
  keyColumns: Row
  /** Sent upserts: the row as it was sent, so a retry is the same mutation even if the record changed or went. */
  row?: Row
  /** 1 while a manual conflict holds the record back from upload until the user decides (R6). */
  held?: 1
}

/** A change the sync layer queues itself (`planRequeue`). */
export interface Requeue {
  readonly table: SyncedTableName
  readonly key: string
  readonly row: Row | null
  readonly baseVersion: number
  readonly keyColumns: Row
  /** Queue it held back from upload (a manual conflict waiting for the user, R6). */
  readonly held?: boolean
}

/** One captured write of one record, as the enqueue planner sees it. */
export interface CapturedWrite {
  readonly table: SyncedTableName
  readonly key: string
  readonly op: 'upsert' | 'delete'
  /** The row as stored after the write (upserts) or the row that was deleted (deletes). */
  readonly row: Row
  /** The stored row before this write, if any. */
  readonly before: Row | undefined
  /** The record's unsent entry, if it has one. */
  readonly unsent: OutboxEntry | undefined
  /** Whether the record has a sent (possibly committed) entry in flight. */
  readonly sent: boolean
  /** Whether the record's last change was refused (quarantined): its stored row is that change, not a server version. */
  readonly refused?: boolean
}

export interface EntryStamp {
  readonly unsentPk: string
  readonly mutationId: string
  readonly tick: () => string
  readonly now: number
}

export type EnqueuePlan =
  | { readonly kind: 'none' }
  /** Remove the unsent entry: nothing is left to tell the server. */
  | { readonly kind: 'drop'; readonly pk: string }
  | {
      readonly kind: 'put'
      readonly entry: OutboxEntry
      /** The 3-way merge base to save (copy-on-write at the first edit after a sync). */
      readonly base: Row | undefined
    }

/**
 * What enters the outbox for one captured write, and what coalesces (I4, R4, R5).
 *
 * - A local-only row never enters the outbox. If the server has the record (it was synced before it turned private
 *   or device-specific), it is withdrawn with a delete; an unsent upsert queued before the transition is replaced.
 * - Created and deleted before the server ever saw it: nothing is sent (unless a local-only row stood over another
 *   device's record of the same key: the delete goes, as a conflict).
 * - A change behind a sent entry keeps that entry's base; the acknowledgement rebases it on what the server
 *   committed (R5).
 */
export const planEnqueue = (write: CapturedWrite, stamp: EntryStamp): EnqueuePlan => {
  const { table, before, unsent, sent } = write
  let op = write.op
  let row = write.row
  const synced = versionOf(before) > 0 || sent
  if (op === 'upsert' && isLocalOnly(table, row)) {
    // Withdraw what the server holds; never its content.
    if (!synced || (before !== undefined && isLocalOnly(table, before) && unsent === undefined)) {
      return unsent === undefined ? { kind: 'none' } : { kind: 'drop', pk: unsent.pk }
    }
    op = 'delete'
    row = keyColumnsOf(table, row)
  }
  // A refused record keeps the base of its refused change (R14): the stored row is not what the server holds.
  const base = unsent === undefined && !sent && write.refused !== true && before !== undefined && versionOf(before) > 0 && !isLocalOnly(table, before) ? before : undefined
  const baseVersion = unsent?.baseVersion ?? versionOf(before ?? row)
  // A local-only row that never synced, over a record the server holds as another device's (settle gave it the
  // server's sequence, not its version): its delete meets that record as a conflict, never silently skips it.
  const shadows = op === 'delete' && isLocalOnly(table, row) && Number(row['server_seq'] ?? 0) > 0
  if (op === 'delete' && baseVersion === 0 && !sent && !shadows) {
    return unsent === undefined ? { kind: 'none' } : { kind: 'drop', pk: unsent.pk }
  }
  const entry: OutboxEntry = {
    pk: stamp.unsentPk,
    table,
    key: write.key,
    op,
    mutationId: (op === 'upsert' ? (row['mutation_id'] as string | undefined) : undefined) ?? stamp.mutationId,
    baseVersion,
    order: unsent?.order ?? stamp.tick(),
    sent: 0,
    // A tombstone carries its own clock: last-write-wins compares a delete against an edit (I7).
    keyColumns: op === 'delete' ? { ...keyColumnsOf(table, row), hlc: stamp.tick(), deleted_at: stamp.now } : keyColumnsOf(table, row),
    // An edit of a record held by a manual conflict stays held until the user decides (R6).
    ...(unsent?.held === 1 ? { held: 1 as const } : {}),
  }
  return { kind: 'put', entry, base }
}

/**
 * A change the sync layer queues on the user's behalf (a conflict's re-queue, a keep-both copy, a derived fix, a
 * decision on a held conflict), as the record's one unsent entry, replacing the one it had (`existing`). The
 * enqueue rule for local-only rows applies here too (R4): one is never queued with its content; it becomes a
 * withdrawal when the server has the record (`baseVersion` > 0), and nothing otherwise (`drop`: its unsent entry
 * goes).
 */
export const planRequeue = (
  change: Requeue,
  existing: OutboxEntry | undefined,
  stamp: Omit<EntryStamp, 'mutationId'> & { readonly newId: () => string },
): { readonly kind: 'drop'; readonly pk: string } | { readonly kind: 'put'; readonly entry: OutboxEntry } => {
  const { table, key, baseVersion, keyColumns } = change
  const localOnly = change.row !== null && isLocalOnly(table, change.row)
  if (localOnly && baseVersion === 0) return { kind: 'drop', pk: stamp.unsentPk }
  const row = localOnly ? null : change.row
  return {
    kind: 'put',
    entry: {
      pk: stamp.unsentPk,
      table,
      key,
      op: row === null ? 'delete' : 'upsert',
      mutationId: row === null ? stamp.newId() : String(row['mutation_id'] ?? stamp.newId()),
      baseVersion,
      order: existing?.order ?? stamp.tick(),
      sent: 0,
      keyColumns: row === null ? { ...keyColumnsOf(table, keyColumns), hlc: stamp.tick(), deleted_at: stamp.now } : keyColumns,
      ...(change.held === true ? { held: 1 as const } : {}),
    },
  }
}
