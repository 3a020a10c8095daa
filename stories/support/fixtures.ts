import type { ConflictRecord, Row } from '@howlerops/sync'
import type { QuarantinedChange } from '@howlerops/sync/react'

/** The fixed clock of every static story, so relative times and screenshots never drift. */
export const NOW = Date.UTC(2025, 0, 15, 12, 0, 0)
export const ago = (minutes: number): number => NOW - minutes * 60_000

const query = { name: 'Active users', description: 'Users seen this month', query_text: 'SELECT * FROM users WHERE last_seen > now() - interval 30 day', folder: 'reports', tags: 'users', is_favorite: 0, sync_version: 2 }

export const conflict = (id: string, mine: Row, theirs: Row, table: ConflictRecord['table'] = 'saved_queries'): ConflictRecord => ({
  id,
  table,
  entityId: `q-${id}`,
  strategy: 'manual',
  resolution: null,
  local: { id: `q-${id}`, ...query, ...mine },
  remote: { id: `q-${id}`, ...query, origin_device_id: 'd-phone', ...theirs, sync_version: 3 },
  base: { id: `q-${id}`, ...query },
  resolved: null,
  resolvedBy: null,
  detectedAt: ago(5),
  resolvedAt: null,
})

export const conflicts: readonly ConflictRecord[] = [
  conflict('c1', { name: 'Active users (laptop)', is_favorite: 1 }, { name: 'Active users — monthly' }),
  conflict('c2', { query_text: 'SELECT id, email FROM users' }, { query_text: 'SELECT id, email, plan FROM users' }),
  conflict('c3', { folder: 'archive' }, { folder: 'reports/2025' }),
]

export const devices: readonly Row[] = [
  { device_id: 'd-laptop', device_name: 'Work laptop', device_type: 'laptop', browser: 'Chrome', os: 'macOS', is_active: 1, last_seen: ago(0.3) },
  { device_id: 'd-phone', device_name: 'Phone', device_type: 'mobile', browser: 'Safari', os: 'iOS', is_active: 1, last_seen: ago(180) },
  { device_id: 'd-home', device_name: 'Home desktop', device_type: 'desktop', browser: 'Firefox', os: 'Linux', is_active: 1, last_seen: ago(60 * 24 * 4) },
  { device_id: 'd-old', device_name: 'Old tablet', device_type: 'tablet', browser: 'Safari', os: 'iOS', is_active: 0, last_seen: ago(60 * 24 * 90) },
]

/** A connection renamed on one device and pointed at another host on the other. */
export const connectionConflict: ConflictRecord = {
  id: 'c-conn',
  table: 'connection_templates',
  entityId: '0f8b6c1e-3d2a-4e5f-9a7b-1c2d3e4f5a6b',
  strategy: 'manual',
  resolution: null,
  local: { connection_id: '0f8b6c1e-3d2a-4e5f-9a7b-1c2d3e4f5a6b', name: 'Production (read replica)', type: 'postgres', host: 'db-replica.internal', port: 5432, database_name: 'app', username: 'readonly', sync_version: 4 },
  remote: { connection_id: '0f8b6c1e-3d2a-4e5f-9a7b-1c2d3e4f5a6b', name: 'Production', type: 'postgres', host: 'db-2.internal', port: 5432, database_name: 'app', username: 'readonly', sync_version: 5 },
  base: { connection_id: '0f8b6c1e-3d2a-4e5f-9a7b-1c2d3e4f5a6b', name: 'Production', type: 'postgres', host: 'db-1.internal', port: 5432, database_name: 'app', username: 'readonly', sync_version: 4 },
  resolved: null,
  resolvedBy: null,
  detectedAt: ago(5),
  resolvedAt: null,
}

/** Records the server refused, as `engine.quarantine` lists them. */
export const refused: readonly QuarantinedChange[] = [
  { table: 'saved_queries', key: 'q-7', mutationId: 'm-7', code: 'SQLITE_CONSTRAINT_CHECK', message: 'CHECK constraint failed: is_favorite IN (0, 1)', field: 'is_favorite', at: ago(3) },
  { table: 'query_history', key: 'h-9', mutationId: 'm-9', code: 'SQLITE_CONSTRAINT_NOTNULL', message: 'NOT NULL constraint failed: query_history.executed_at', field: 'executed_at', at: ago(3) },
]
