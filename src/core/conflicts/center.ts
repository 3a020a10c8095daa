import type { Env } from '../env'
import type { RecordStore, Row } from '../ports'
import { createStore, type ReadableStore } from '../store'
import type { SyncSummary } from '../status'
import { SyncError } from '../errors'
import { tables, type SyncedTableName } from '../../schema/tables'
import { SYNC_COLUMN_NAMES } from '../../schema/columns'
import { planManualResolution } from '../protocol/manual'
import { conflictedCopyTitle, copyKey, isTombstone, markCopy, sameData, shareable, titleColumnOf, versionOf } from '../protocol/record'

export type ConflictChoice = 'local' | 'remote' | 'both' | { readonly merged: Row }

export interface ConflictRecord {
  readonly id: string
  readonly table: SyncedTableName
  readonly entityId: string
  readonly strategy: string
  readonly resolution: string | null
  readonly local: Row | null
  readonly remote: Row | null
  readonly base: Row | null
  readonly resolved: Row | null
  readonly resolvedBy: string | null
  readonly detectedAt: number
  readonly resolvedAt: number | null
}

export interface ConflictsSnapshot {
  /** Waiting for the user (manual strategy), oldest first. */
  readonly pending: readonly ConflictRecord[]
  /** Resolved in the last 30 days, newest first. */
  readonly recent: readonly ConflictRecord[]
}

export interface ConflictCenter extends ReadableStore<ConflictsSnapshot> {
  refresh(): Promise<void>
  resolve(id: string, choice: ConflictChoice): Promise<void>
}

const RETENTION_MS = 30 * 24 * 3_600_000

const toRecord = (row: Row): ConflictRecord => ({
  id: String(row['id']),
  table: row['entity_type'] as SyncedTableName,
  entityId: String(row['entity_id']),
  strategy: String(row['strategy']),
  resolution: (row['resolution'] as string | null) ?? null,
  local: (row['local_snapshot'] as Row | null) ?? null,
  remote: (row['remote_snapshot'] as Row | null) ?? null,
  base: (row['base_snapshot'] as Row | null) ?? null,
  resolved: (row['resolved_snapshot'] as Row | null) ?? null,
  resolvedBy: (row['resolved_by'] as string | null) ?? null,
  detectedAt: Number(row['detected_at']),
  resolvedAt: (row['resolved_at'] as number | null) ?? null,
})

const userData = (row: Row | null): Row =>
  Object.fromEntries(Object.entries(row ?? {}).filter(([k]) => !SYNC_COLUMN_NAMES.has(k)))

/** The conflicts API (`engine.conflicts`): pending manual conflicts, recent auto-resolutions, and `resolve`. */
export const createConflictCenter = (
  local: RecordStore,
  sync: () => Promise<SyncSummary>,
  env: Env,
  deviceName = 'this device',
): ConflictCenter => {
  const store = createStore<ConflictsSnapshot>({ pending: [], recent: [] })
  const refresh = async (): Promise<void> => {
    const horizon = env.now() - RETENTION_MS
    const records = (await local.list('sync_conflicts_archive')).map(toRecord)
    store.set({
      pending: records.filter((r) => r.resolvedAt === null).sort((a, b) => a.detectedAt - b.detectedAt),
      recent: records.filter((r) => r.resolvedAt !== null && r.resolvedAt >= horizon).sort((a, b) => b.detectedAt - a.detectedAt),
    })
  }
  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    refresh,
    async resolve(id, choice) {
      const row = await local.read('sync_conflicts_archive', id)
      if (row === null) throw new SyncError('local', `Unknown conflict ${id}`, { transient: false })
      const record = toRecord(row)
      const keyColumn = tables[record.table].key[0] as string
      const titleColumn = titleColumnOf(record.table)
      await local.resolveHeld({
        table: record.table,
        key: record.entityId,
        resolve: (current, server) => {
          const fields = planManualResolution({ seen: { local: record.local, remote: record.remote }, choice, current, server })
          if (choice !== 'both' || record.local === null) return { fields }
          const copy: Row = { ...userData(current ?? record.local), [keyColumn]: copyKey(record.entityId, id) }
          if (titleColumn !== undefined) copy[titleColumn] = conflictedCopyTitle(copy[titleColumn], deviceName)
          return { fields, copy: markCopy(copy, record.entityId) }
        },
        archive: (resolved, server, current) => ({
          ...row,
          // The server moved on while the conflict was held: the decision overrode that later version, so the
          // archive keeps it (I12: nothing the user did not see is lost silently).
          // (A server side deleted meanwhile keeps the content the user was shown: the tombstone has none.)
          ...(server !== null && !isTombstone(server) && versionOf(server) !== versionOf(record.remote) ? { remote_snapshot: shareable(record.table, server) } : {}),
          // Likewise the user's own edits made while it was held: the local side the decision settled is the record
          // as it was then, not as it was at detection.
          ...(current !== null && record.local !== null && !sameData(current, record.local) ? { local_snapshot: shareable(record.table, current) } : {}),
          resolution: typeof choice === 'string' ? choice : 'merged',
          resolved_snapshot: resolved,
          resolved_by: 'user',
          resolved_at: env.now(),
        }),
      })
      await refresh()
      await sync().catch(() => {})
    },
  }
}
