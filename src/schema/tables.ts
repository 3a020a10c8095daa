import { col, opt, serverCol, syncColumns, type ColumnSpec, type KindToType } from './columns'

/**
 * The one description of the 11 tables. `schema.sql` is checked against it by a test (PRAGMA table_info), the Dexie
 * mirror is built from it, and the engine reads keys, strategies and sync modes from it.
 */

export type ConflictStrategyName = 'last-write-wins' | 'keep-both' | 'merge' | 'manual'

/**
 * - `two-way`: pushed and pulled.
 * - `push-only`: appended by devices, never pulled back (the conflict archive).
 * - `remote-only`: lives on the server only (migrations, per-record sync metadata).
 * - `derived`: recomputed from other tables, never edited by hand (statistics).
 */
export type SyncMode = 'two-way' | 'push-only' | 'remote-only' | 'derived'

export interface TableSpec {
  readonly name: string
  /** Primary key column(s) of the synced identity. */
  readonly key: readonly string[]
  readonly sync: SyncMode
  readonly strategy: ConflictStrategyName | null
  readonly columns: readonly ColumnSpec[]
  /** Secondary Dexie indexes (Dexie syntax, for example `[user_id+updated_at]`). */
  readonly localIndexes: readonly string[]
  /** The column a keep-both copy suffixes with "(conflicted copy – device)". */
  readonly titleColumn?: string
  /** Rows that never leave the device. */
  readonly localOnly?: { readonly column: string; readonly when: 'equals'; readonly value: string } | {
    readonly column: string
    readonly when: 'not-null'
  }
}

const define = <const C extends readonly ColumnSpec[], const S extends Omit<TableSpec, 'columns'>>(
  spec: S & { readonly columns: C },
): S & { readonly columns: C } => spec

export const schemaMigrations = define({
  name: 'schema_migrations',
  key: ['version'],
  sync: 'remote-only',
  strategy: null,
  columns: [
    col('version', 'integer'),
    col('name', 'text'),
    col('checksum', 'text'),
    col('applied_at', 'integer'),
  ],
  localIndexes: [],
})

export const userPreferences = define({
  name: 'user_preferences',
  key: ['id'],
  sync: 'two-way',
  strategy: 'last-write-wins',
  columns: [
    col('id', 'text'),
    opt('device_id', 'text'),
    col('key', 'text'),
    col('value', 'json'),
    ...syncColumns,
  ],
  localIndexes: ['key', 'server_seq'],
  localOnly: { column: 'device_id', when: 'not-null' },
})

export const CONNECTION_TYPES = [
  'postgres',
  'mysql',
  'mariadb',
  'sqlite',
  'mssql',
  'oracle',
  'mongodb',
  'redis',
  'clickhouse',
  'duckdb',
  'turso',
] as const

export const connectionTemplates = define({
  name: 'connection_templates',
  key: ['connection_id'],
  sync: 'two-way',
  strategy: 'keep-both',
  columns: [
    col('connection_id', 'text'),
    col('name', 'text'),
    col('type', 'text'),
    opt('host', 'text'),
    opt('port', 'integer'),
    opt('database_name', 'text'),
    opt('file_path', 'text'),
    opt('username', 'text'),
    opt('ssl_mode', 'text'),
    opt('parameters', 'json'),
    opt('ssh_tunnel', 'json'),
    opt('environment', 'text'),
    opt('color', 'text'),
    opt('folder', 'text'),
    opt('tags', 'json'),
    ...syncColumns,
  ],
  localIndexes: ['name', 'server_seq'],
  titleColumn: 'name',
})

export const queryHistory = define({
  name: 'query_history',
  key: ['id'],
  sync: 'two-way',
  strategy: 'last-write-wins',
  columns: [
    serverCol('rid', 'integer'),
    col('id', 'text'),
    opt('connection_id', 'text'),
    col('query_text', 'text'),
    col('executed_at', 'integer'),
    opt('duration_ms', 'integer'),
    opt('rows_affected', 'integer'),
    col('status', 'text'),
    opt('error_message', 'text'),
    col('privacy_mode', 'text'),
    ...syncColumns,
  ],
  localIndexes: ['executed_at', 'connection_id', 'server_seq'],
  localOnly: { column: 'privacy_mode', when: 'equals', value: 'private' },
})

export const savedQueries = define({
  name: 'saved_queries',
  key: ['id'],
  sync: 'two-way',
  strategy: 'keep-both',
  columns: [
    serverCol('rid', 'integer'),
    col('id', 'text'),
    col('name', 'text'),
    opt('description', 'text'),
    col('query_text', 'text'),
    opt('connection_id', 'text'),
    opt('folder', 'text'),
    opt('tags', 'json'),
    col('is_favorite', 'integer'),
    ...syncColumns,
  ],
  localIndexes: ['name', 'folder', 'server_seq'],
  titleColumn: 'name',
})

export const aiMemorySessions = define({
  name: 'ai_memory_sessions',
  key: ['id'],
  sync: 'two-way',
  strategy: 'merge',
  columns: [
    col('id', 'text'),
    col('title', 'text'),
    opt('connection_id', 'text'),
    opt('model', 'text'),
    opt('summary', 'text'),
    col('message_count', 'integer'),
    col('token_count', 'integer'),
    opt('last_message_at', 'integer'),
    opt('metadata', 'json'),
    ...syncColumns,
  ],
  localIndexes: ['last_message_at', 'server_seq'],
  titleColumn: 'title',
})

export const aiMemoryMessages = define({
  name: 'ai_memory_messages',
  key: ['id'],
  sync: 'two-way',
  strategy: 'last-write-wins',
  columns: [
    col('id', 'text'),
    col('session_id', 'text'),
    col('role', 'text'),
    col('content', 'text'),
    /** `identity`, or `gzip-base64` when the server copy is compressed (the device always holds plain text). */
    col('content_encoding', 'text'),
    col('token_count', 'integer'),
    opt('metadata', 'json'),
    ...syncColumns,
  ],
  localIndexes: ['session_id', '[session_id+created_at]', 'server_seq'],
})

export const syncMetadata = define({
  name: 'sync_metadata',
  key: ['entity_type', 'entity_id', 'device_id'],
  sync: 'remote-only',
  strategy: null,
  columns: [
    col('entity_type', 'text'),
    col('entity_id', 'text'),
    col('device_id', 'text'),
    col('user_id', 'text'),
    col('last_mutation_id', 'text'),
    col('last_version', 'integer'),
    col('server_seq', 'integer'),
    col('updated_at', 'integer'),
  ],
  localIndexes: [],
})

export const DEVICE_TYPES = ['desktop', 'laptop', 'mobile', 'tablet', 'server', 'unknown'] as const

export const deviceRegistry = define({
  name: 'device_registry',
  key: ['device_id'],
  sync: 'two-way',
  strategy: 'last-write-wins',
  columns: [
    col('device_id', 'text'),
    col('device_name', 'text'),
    col('device_type', 'text'),
    opt('browser', 'text'),
    opt('os', 'text'),
    opt('app_version', 'text'),
    col('is_active', 'integer'),
    col('registered_at', 'integer'),
    opt('last_seen', 'integer'),
    opt('last_sync', 'integer'),
    ...syncColumns,
  ],
  localIndexes: ['server_seq'],
})

export const ARCHIVE_STRATEGIES = [
  'last-write-wins',
  'keep-both',
  'merge',
  'manual',
  'auto-merge',
  'custom',
  'server-wins',
  'recompute',
] as const

export const syncConflictsArchive = define({
  name: 'sync_conflicts_archive',
  key: ['id'],
  sync: 'push-only',
  strategy: null,
  columns: [
    col('id', 'text'),
    col('entity_type', 'text'),
    col('entity_id', 'text'),
    col('device_id', 'text'),
    col('strategy', 'text'),
    opt('resolution', 'text'),
    opt('base_snapshot', 'json'),
    opt('local_snapshot', 'json'),
    opt('remote_snapshot', 'json'),
    opt('resolved_snapshot', 'json'),
    opt('resolved_by', 'text'),
    col('detected_at', 'integer'),
    opt('resolved_at', 'integer'),
    ...syncColumns,
  ],
  localIndexes: ['[entity_type+entity_id]', 'detected_at', 'resolved_at'],
})

export const userStatistics = define({
  name: 'user_statistics',
  key: ['user_id'],
  sync: 'derived',
  strategy: null,
  columns: [
    col('user_id', 'text'),
    col('total_connections', 'integer'),
    col('total_saved_queries', 'integer'),
    col('total_query_history', 'integer'),
    col('total_ai_sessions', 'integer'),
    col('total_ai_messages', 'integer'),
    col('total_devices', 'integer'),
    col('storage_bytes', 'integer'),
    opt('last_activity_at', 'integer'),
    col('computed_at', 'integer'),
    col('updated_at', 'integer'),
  ],
  localIndexes: [],
})

export const tables = {
  schema_migrations: schemaMigrations,
  user_preferences: userPreferences,
  connection_templates: connectionTemplates,
  query_history: queryHistory,
  saved_queries: savedQueries,
  ai_memory_sessions: aiMemorySessions,
  ai_memory_messages: aiMemoryMessages,
  sync_metadata: syncMetadata,
  device_registry: deviceRegistry,
  sync_conflicts_archive: syncConflictsArchive,
  user_statistics: userStatistics,
} as const

export type Tables = typeof tables
export type TableName = keyof Tables

/** Tables whose rows devices write and the engine pushes. */
export const SYNCED_TABLES = (Object.keys(tables) as TableName[]).filter(
  (name) => tables[name].sync === 'two-way' || tables[name].sync === 'push-only',
) as readonly SyncedTableName[]

export type SyncedTableName = {
  [K in TableName]: Tables[K]['sync'] extends 'two-way' | 'push-only' ? K : never
}[TableName]

/** Tables the engine pulls from the server. */
export const PULLED_TABLES = (Object.keys(tables) as TableName[]).filter(
  (name) => tables[name].sync === 'two-way',
) as readonly SyncedTableName[]

type ColumnType<C> = C extends { readonly kind: infer K extends import('./columns').ColumnKind; readonly nullable: infer N }
  ? N extends true
    ? KindToType<K> | null
    : KindToType<K>
  : never

/** The device-side row of a table: every column that is not server-only, typed from the description. */
export type RowOf<T extends TableName> = {
  -readonly [C in Tables[T]['columns'][number] as C extends { readonly serverOnly: true } ? never : C['name']]: ColumnType<C>
}

export type UserPreference = RowOf<'user_preferences'>
export type ConnectionTemplate = RowOf<'connection_templates'>
export type QueryHistoryEntry = RowOf<'query_history'>
export type SavedQuery = RowOf<'saved_queries'>
export type AiMemorySession = RowOf<'ai_memory_sessions'>
export type AiMemoryMessage = RowOf<'ai_memory_messages'>
export type DeviceRecord = RowOf<'device_registry'>
export type ConflictArchiveRecord = RowOf<'sync_conflicts_archive'>
export type UserStatistics = RowOf<'user_statistics'>

/** The primary key of a row as one string (compound keys joined by U+001F). */
export const keyOf = (table: TableName, row: Readonly<Record<string, unknown>>): string =>
  tables[table].key.map((k) => String(row[k])).join('\u001f')

/** Columns of a table that exist on the device. */
export const localColumns = (table: TableName): readonly ColumnSpec[] =>
  (tables[table].columns as readonly ColumnSpec[]).filter((c) => c.serverOnly !== true)

/** Is this row kept on the device only (private history, device-specific preferences)? */
export const isLocalOnly = (table: TableName, row: Readonly<Record<string, unknown>>): boolean => {
  const rule = (tables[table] as TableSpec).localOnly
  if (rule === undefined) return false
  const value = row[rule.column]
  return rule.when === 'not-null' ? value !== null && value !== undefined : value === rule.value
}

export const isSyncedTableName = (name: string): name is SyncedTableName => (SYNCED_TABLES as readonly string[]).includes(name)
