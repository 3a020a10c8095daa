import type { Client } from '@libsql/client'
import type { UserStatistics } from '../schema/tables'

/**
 * Recomputes one user's `user_statistics` row. Named arguments: `:user_id`, and `:now` (ms since epoch) stamped into
 * `computed_at` and `updated_at`. Returns the new row.
 *
 * - Counts are of live rows (tombstones excluded). `total_devices` counts registered devices, active or not.
 * - `storage_bytes` is the UTF-8 size of the user-authored content of live rows (preference values, connection
 *   names and JSON, query text, descriptions, AI titles, summaries, messages and their metadata), as stored.
 * - `last_activity_at` is the latest `updated_at` of any row, tombstones included (a delete is activity).
 * - The upsert sets every column, so no stale value survives a recompute (DESIGN.md defect 5).
 *
 * Cost: each table is read once (one aggregate pass per table). Turso bills every row scanned, which is why the
 * engine's leader runs this at most a few times a day instead of keeping counters with triggers.
 */
export const RECOMPUTE_USER_STATISTICS_SQL = `WITH
  prefs AS (
    SELECT coalesce(sum(octet_length(key) + octet_length(value)) FILTER (WHERE deleted_at IS NULL), 0) AS bytes,
           max(updated_at) AS last
    FROM user_preferences WHERE user_id = :user_id
  ),
  connections AS (
    SELECT count(*) FILTER (WHERE deleted_at IS NULL) AS n,
           coalesce(sum(octet_length(name) + ifnull(octet_length(parameters), 0) + ifnull(octet_length(ssh_tunnel), 0)
             + ifnull(octet_length(tags), 0)) FILTER (WHERE deleted_at IS NULL), 0) AS bytes,
           max(updated_at) AS last
    FROM connection_templates WHERE user_id = :user_id
  ),
  saved AS (
    SELECT count(*) FILTER (WHERE deleted_at IS NULL) AS n,
           coalesce(sum(octet_length(name) + ifnull(octet_length(description), 0) + octet_length(query_text)
             + ifnull(octet_length(tags), 0)) FILTER (WHERE deleted_at IS NULL), 0) AS bytes,
           max(updated_at) AS last
    FROM saved_queries WHERE user_id = :user_id
  ),
  history AS (
    SELECT count(*) FILTER (WHERE deleted_at IS NULL) AS n,
           coalesce(sum(octet_length(query_text) + ifnull(octet_length(error_message), 0))
             FILTER (WHERE deleted_at IS NULL), 0) AS bytes,
           max(updated_at) AS last
    FROM query_history WHERE user_id = :user_id
  ),
  sessions AS (
    SELECT count(*) FILTER (WHERE deleted_at IS NULL) AS n,
           coalesce(sum(octet_length(title) + ifnull(octet_length(summary), 0) + ifnull(octet_length(metadata), 0))
             FILTER (WHERE deleted_at IS NULL), 0) AS bytes,
           max(updated_at) AS last
    FROM ai_memory_sessions WHERE user_id = :user_id
  ),
  messages AS (
    SELECT count(*) FILTER (WHERE deleted_at IS NULL) AS n,
           coalesce(sum(octet_length(content) + ifnull(octet_length(metadata), 0)) FILTER (WHERE deleted_at IS NULL), 0)
             AS bytes,
           max(updated_at) AS last
    FROM ai_memory_messages WHERE user_id = :user_id
  ),
  devices AS (
    SELECT count(*) FILTER (WHERE deleted_at IS NULL) AS n, max(updated_at) AS last
    FROM device_registry WHERE user_id = :user_id
  )
INSERT INTO user_statistics (
  user_id, total_connections, total_saved_queries, total_query_history, total_ai_sessions, total_ai_messages,
  total_devices, storage_bytes, last_activity_at, computed_at, updated_at
)
SELECT
  :user_id, connections.n, saved.n, history.n, sessions.n, messages.n, devices.n,
  prefs.bytes + connections.bytes + saved.bytes + history.bytes + sessions.bytes + messages.bytes,
  (SELECT max(last) FROM (
    SELECT prefs.last AS last UNION ALL SELECT connections.last UNION ALL SELECT saved.last
    UNION ALL SELECT history.last UNION ALL SELECT sessions.last UNION ALL SELECT messages.last
    UNION ALL SELECT devices.last
  )),
  :now, :now
FROM prefs, connections, saved, history, sessions, messages, devices
WHERE true
ON CONFLICT (user_id) DO UPDATE SET
  total_connections = excluded.total_connections,
  total_saved_queries = excluded.total_saved_queries,
  total_query_history = excluded.total_query_history,
  total_ai_sessions = excluded.total_ai_sessions,
  total_ai_messages = excluded.total_ai_messages,
  total_devices = excluded.total_devices,
  storage_bytes = excluded.storage_bytes,
  last_activity_at = excluded.last_activity_at,
  computed_at = excluded.computed_at,
  updated_at = excluded.updated_at
RETURNING *`

/** Runs {@link RECOMPUTE_USER_STATISTICS_SQL} for one user and returns the new row. */
export async function recomputeUserStatistics(
  client: Pick<Client, 'execute'>,
  userId: string,
  now: number = Date.now(),
): Promise<UserStatistics> {
  const { rows } = await client.execute({ sql: RECOMPUTE_USER_STATISTICS_SQL, args: { user_id: userId, now } })
  const row = rows[0]
  if (row === undefined) throw new Error('recomputing user_statistics returned no row')
  const int = (name: string): number => Number(row[name])
  return {
    user_id: String(row['user_id']),
    total_connections: int('total_connections'),
    total_saved_queries: int('total_saved_queries'),
    total_query_history: int('total_query_history'),
    total_ai_sessions: int('total_ai_sessions'),
    total_ai_messages: int('total_ai_messages'),
    total_devices: int('total_devices'),
    storage_bytes: int('storage_bytes'),
    last_activity_at: row['last_activity_at'] === null ? null : int('last_activity_at'),
    computed_at: int('computed_at'),
    updated_at: int('updated_at'),
  }
}
