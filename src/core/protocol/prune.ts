import type { SyncedTableName } from '../../schema/tables'
import type { Row } from '../ports'
import { isLocalOnly, keyColumnsOf, keyOf, versionOf } from './record'

export interface PruneInput {
  readonly table: SyncedTableName
  /** Every local row of the table. */
  readonly rows: readonly Row[]
  /** Keys of every row the full reconcile pulled. */
  readonly seen: ReadonlySet<string>
  /** Keys with local changes in the outbox (sent, unsent or held). */
  readonly pending: ReadonlySet<string>
  /** Keys in quarantine. */
  readonly quarantined: ReadonlySet<string>
}

/**
 * What a full reconcile may prune (I6, R4): a row the server no longer has *and* that the server once had. Rows that
 * never leave the device (private history, device-specific preferences), rows the server has never acknowledged
 * (unsent, quarantined) and rows with local changes are the device's own and are never touched.
 */
export const planPrune = ({ table, rows, seen, pending, quarantined }: PruneInput): string[] => {
  const gone: string[] = []
  for (const row of rows) {
    const key = keyOf(table, row)
    if (seen.has(key) || pending.has(key) || quarantined.has(key)) continue
    if (isLocalOnly(table, row) || versionOf(row) === 0) continue
    gone.push(key)
  }
  return gone
}

/**
 * The merge bases a full reconcile retires: a record with local changes waiting (a held manual conflict, an edit)
 * that the server no longer has (its tombstone purged) keeps its changes, but the server row it was last seen at
 * is gone. Its base becomes a tombstone based on nothing, so that a decision on it reads the remote side as deleted
 * and a kept local version is sent as a creation (R6, I6).
 */
export const planRetiredBases = ({ table, rows, seen, pending }: Omit<PruneInput, 'quarantined'>, now: number): Array<{ readonly key: string; readonly row: Row }> =>
  rows
    .filter((row) => pending.has(keyOf(table, row)) && !seen.has(keyOf(table, row)) && !isLocalOnly(table, row))
    .map((row) => ({ key: keyOf(table, row), row: { ...keyColumnsOf(table, row), deleted_at: now, sync_version: 0, server_seq: 0 } }))
