import type { InStatement } from '@libsql/client/web'
import { PULLED_TABLES } from '../schema/tables'
import type { MaintenancePlan } from '../core/ports'
import { keyColumn, SERVER_NOW_MS } from './sql'

/**
 * The daily retention request (run by the leader tab, at most once a day; one write batch):
 *
 * - query history beyond the newest `historyLimit` entries or older than `historyMaxAgeMs` is tombstoned, not
 *   deleted, so every device drops it through the normal pull (each tombstone gets its own server sequence, so
 *   keyset paging stays exact);
 * - tombstones older than `tombstoneMaxAgeMs` by server time are purged with their `sync_metadata`, and the
 *   retention watermark `sync_sequence.purged_seq` moves past them (I6, R3: a device whose cursor lies below it does
 *   a full reconcile);
 * - conflict-archive rows older than `archiveMaxAgeMs` are deleted;
 * - `user_statistics` is written from counts the device already holds (one row written, nothing scanned).
 *
 * Every filter runs on an index (`idx_query_history_executed_at`, `idx_<table>_purge`, the archive's
 * `detected_at` index), so the rows read are the rows retired.
 */
/** The `origin_device_id` of rows the retention job writes: no device has this id (device ids are UUIDs). */
export const RETENTION_AUTHOR = 'retention'

export const maintenanceStatements = (plan: MaintenancePlan): InStatement[] => {
  const stmts: InStatement[] = []
  // Every age cutoff is the server's clock minus the retention (R15): a device whose clock runs a month ahead
  // retires nothing early, on any device.
  const retire = `(SELECT id FROM query_history WHERE deleted_at IS NULL AND executed_at < ${SERVER_NOW_MS} - :max_age
     UNION SELECT id FROM (SELECT id FROM query_history WHERE deleted_at IS NULL ORDER BY executed_at DESC LIMIT -1 OFFSET :limit))`
  // The retention job writes as its own author, never as the device that runs it: the exactly-once trigger then keeps
  // the retired version's author and mutation in sync_metadata, so a retry of that device's lost push is still
  // recognised (I2), whichever device ran the job.
  stmts.push({
    sql:
      `UPDATE query_history SET deleted_at = ${SERVER_NOW_MS}, updated_at = :now, sync_version = sync_version + 1, ` +
      `server_seq = (SELECT seq FROM sync_sequence WHERE id = 1) + r.rn, mutation_id = 'retention-' || query_history.id, origin_device_id = '${RETENTION_AUTHOR}' ` +
      `FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM ${retire}) AS r WHERE query_history.id = r.id`,
    args: { now: plan.now, max_age: plan.historyMaxAgeMs, limit: plan.historyLimit },
  })
  stmts.push({
    sql: 'UPDATE sync_sequence SET seq = max(seq, coalesce((SELECT max(server_seq) FROM query_history), 0)) WHERE id = 1',
    args: [],
  })
  // Tombstones are purged by server time (R3): `deleted_at` is the server's clock at the delete. The watermark
  // records the highest sequence purged, so a device that has not pulled that far reconciles (I6).
  const expired = `deleted_at IS NOT NULL AND deleted_at < ${SERVER_NOW_MS} - :max_age`
  for (const table of PULLED_TABLES) {
    const key = keyColumn(table)
    const args = { max_age: plan.tombstoneMaxAgeMs }
    stmts.push({
      sql: `UPDATE sync_sequence SET purged_seq = max(purged_seq, coalesce((SELECT max(server_seq) FROM ${table} WHERE ${expired}), 0)) WHERE id = 1`,
      args,
    })
    stmts.push({ sql: `DELETE FROM sync_metadata WHERE entity_type = '${table}' AND entity_id IN (SELECT ${key} FROM ${table} WHERE ${expired})`, args })
    stmts.push({ sql: `DELETE FROM ${table} WHERE ${expired}`, args })
  }
  // The push log (R13) below the watermark: a device that far behind reconciles anyway, so it is never asked about.
  stmts.push({ sql: 'DELETE FROM sync_log WHERE seq <= (SELECT purged_seq FROM sync_sequence WHERE id = 1)', args: [] })
  stmts.push({ sql: `DELETE FROM sync_conflicts_archive WHERE detected_at < ${SERVER_NOW_MS} - :max_age`, args: { max_age: plan.archiveMaxAgeMs } })
  const s = plan.statistics
  stmts.push({
    sql:
      'INSERT INTO user_statistics (user_id, total_connections, total_saved_queries, total_query_history, total_ai_sessions, ' +
      'total_ai_messages, total_devices, storage_bytes, last_activity_at, computed_at, updated_at) ' +
      'VALUES (:user, :connections, :saved, :history, :sessions, :messages, :devices, :bytes, :activity, :now, :now) ' +
      'ON CONFLICT (user_id) DO UPDATE SET total_connections = excluded.total_connections, total_saved_queries = excluded.total_saved_queries, ' +
      'total_query_history = excluded.total_query_history, total_ai_sessions = excluded.total_ai_sessions, total_ai_messages = excluded.total_ai_messages, ' +
      'total_devices = excluded.total_devices, storage_bytes = excluded.storage_bytes, last_activity_at = excluded.last_activity_at, ' +
      'computed_at = excluded.computed_at, updated_at = excluded.updated_at',
    args: {
      user: plan.userId,
      connections: s.connections,
      saved: s.savedQueries,
      history: s.queryHistory,
      sessions: s.aiSessions,
      messages: s.aiMessages,
      devices: s.devices,
      bytes: s.storageBytes,
      activity: s.lastActivityAt,
      now: plan.now,
    },
  })
  // Last: the server's clock, for the device's own local purge (R15).
  stmts.push({ sql: `SELECT ${SERVER_NOW_MS} AS now`, args: [] })
  return stmts
}
