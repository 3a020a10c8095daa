import type { Row } from '../ports'
import { isSyncedTableName, type SyncedTableName } from '../../schema/tables'
import { shareable } from './record'

const snapshot = (table: string, row: Row | null): Row | null =>
  isSyncedTableName(table) ? shareable(table as SyncedTableName, row) : row

/** Who records an archive row, and the clocks to stamp it with. */
export interface ArchiveAuthor {
  readonly userId: string
  readonly deviceId: string
  readonly now: number
  readonly tick: () => string
  readonly newId: () => string
}

export interface ArchiveFields {
  readonly id: string
  readonly table: string
  readonly entityId: string
  readonly strategy: string
  /** Null while a manual conflict waits for the user. */
  readonly resolution: 'local' | 'remote' | 'both' | 'merged' | null
  readonly base: Row | null
  readonly local: Row | null
  readonly remote: Row | null
  readonly resolved: Row | null
}

/**
 * A `sync_conflicts_archive` row, with the sync columns of a fresh local record (it is queued for upload). A snapshot
 * of a row that never leaves the device keeps only its key (R4).
 */
export const archiveRow = (f: ArchiveFields, by: ArchiveAuthor): Row => ({
  id: f.id,
  entity_type: f.table,
  entity_id: f.entityId,
  device_id: by.deviceId,
  strategy: f.strategy,
  resolution: f.resolution,
  base_snapshot: snapshot(f.table, f.base),
  local_snapshot: snapshot(f.table, f.local),
  remote_snapshot: snapshot(f.table, f.remote),
  resolved_snapshot: snapshot(f.table, f.resolved),
  resolved_by: f.resolution === null ? null : 'auto',
  detected_at: by.now,
  resolved_at: f.resolution === null ? null : by.now,
  user_id: by.userId,
  created_at: by.now,
  updated_at: by.now,
  deleted_at: null,
  sync_version: 0,
  server_seq: 0,
  hlc: by.tick(),
  mutation_id: by.newId(),
  origin_device_id: by.deviceId,
})
