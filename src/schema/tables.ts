import { preferenceId } from './preferenceId'
import { joinKey } from './record'
import { col, flag, jsonValid, oneOf, opt, range, serverCol, syncColumnsOf, type ColumnSpec, type KindToType } from './columns'

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

/** A CHECK over several columns, evaluated on the device. `column` is the one a refusal names. */
export interface RowCheck {
  readonly constraint: string
  readonly column: string
  readonly test: (row: Readonly<Record<string, unknown>>) => boolean
}

export interface TableSpec {
  readonly name: string
  /** Primary key column(s) of the synced identity. */
  readonly key: readonly string[]
  readonly sync: SyncMode
  readonly strategy: ConflictStrategyName | null
  readonly columns: readonly ColumnSpec[]
  /** Secondary Dexie indexes (Dexie syntax, for example `[user_id+updated_at]`). */
  readonly localIndexes: readonly string[]
  /**
   * A key derived from the record's natural key. A write without the key gets it; a write whose key differs is refused
   * (`natural-key`), so the record cannot collide with a copy of itself on the server's unique index.
   */
  readonly derivedKey?: (row: Readonly<Record<string, unknown>>) => string | undefined
  /** CHECKs over several columns (one-column CHECKs live on the column). */
  readonly checks?: readonly RowCheck[]
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
    col('version', 'integer', { check: range('schema_migrations_version', 1) }),
    col('name', 'text'),
    col('checksum', 'text', { check: { kind: 'glob-prefix', prefix: 'sha256:', constraint: 'schema_migrations_checksum' } }),
    col('applied_at', 'integer'),
  ],
  localIndexes: [],
})

/**
 * A preference's identity is `(key, device_id)`; its id is `preferenceId(key, device_id)`, derived at the write when
 * omitted and checked when given, so the server's unique (user_id, key) index can never see two ids for one key.
 * The audit of every UNIQUE index in schema.sql is test/schema/uniqueIndexes.test.ts.
 */
export const userPreferences = define({
  name: 'user_preferences',
  key: ['id'],
  sync: 'two-way',
  strategy: 'last-write-wins',
  columns: [
    col('id', 'text'),
    opt('device_id', 'text'),
    col('key', 'text'),
    col('value', 'json', { check: jsonValid('user_preferences_value_json') }),
    ...syncColumnsOf('user_preferences'),
  ],
  localIndexes: ['key', 'server_seq'],
  derivedKey: (row) =>
    typeof row['key'] === 'string' ? preferenceId(row['key'], typeof row['device_id'] === 'string' ? row['device_id'] : null) : undefined,
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
    col('type', 'text', { check: oneOf('connection_templates_type', CONNECTION_TYPES) }),
    opt('host', 'text'),
    opt('port', 'integer', { check: range('connection_templates_port', 1, 65535) }),
    opt('database_name', 'text'),
    opt('file_path', 'text'),
    opt('username', 'text'),
    opt('ssl_mode', 'text'),
    opt('parameters', 'json', { check: jsonValid('connection_templates_parameters_json') }),
    opt('ssh_tunnel', 'json', { check: jsonValid('connection_templates_ssh_tunnel_json') }),
    opt('environment', 'text'),
    opt('color', 'text'),
    opt('folder', 'text'),
    opt('tags', 'json', { check: jsonValid('connection_templates_tags_json') }),
    ...syncColumnsOf('connection_templates'),
  ],
  localIndexes: ['name', 'server_seq'],
  checks: [
    {
      constraint: 'connection_templates_host',
      column: 'host',
      // SQLite's trim() removes spaces only.
      test: (row) =>
        row['type'] === 'sqlite' || row['type'] === 'duckdb' || (typeof row['host'] === 'string' && row['host'].replace(/^ +| +$/g, '').length > 0),
    },
  ],
  titleColumn: 'name',
})

export const QUERY_STATUSES = ['success', 'error', 'cancelled'] as const
export const PRIVACY_MODES = ['normal', 'private'] as const

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
    opt('duration_ms', 'integer', { check: range('query_history_duration', 0) }),
    opt('rows_affected', 'integer'),
    col('status', 'text', { check: oneOf('query_history_status', QUERY_STATUSES) }),
    opt('error_message', 'text'),
    col('privacy_mode', 'text', { default: 'normal', check: oneOf('query_history_privacy_mode', PRIVACY_MODES) }),
    ...syncColumnsOf('query_history'),
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
    opt('tags', 'json', { check: jsonValid('saved_queries_tags_json') }),
    col('is_favorite', 'integer', { default: 0, check: flag('saved_queries_is_favorite') }),
    ...syncColumnsOf('saved_queries'),
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
    col('message_count', 'integer', { default: 0, check: range('ai_memory_sessions_counts', 0) }),
    col('token_count', 'integer', { default: 0, check: range('ai_memory_sessions_counts', 0) }),
    opt('last_message_at', 'integer'),
    opt('metadata', 'json', { check: jsonValid('ai_memory_sessions_metadata_json') }),
    ...syncColumnsOf('ai_memory_sessions'),
  ],
  localIndexes: ['last_message_at', 'server_seq'],
  titleColumn: 'title',
})

export const MESSAGE_ROLES = ['user', 'assistant', 'system', 'tool'] as const
export const CONTENT_ENCODINGS = ['identity', 'gzip-base64'] as const

export const aiMemoryMessages = define({
  name: 'ai_memory_messages',
  key: ['id'],
  sync: 'two-way',
  strategy: 'last-write-wins',
  columns: [
    col('id', 'text'),
    col('session_id', 'text'),
    col('role', 'text', { check: oneOf('ai_memory_messages_role', MESSAGE_ROLES) }),
    col('content', 'text'),
    /** `identity`, or `gzip-base64` when the server copy is compressed (the device always holds plain text). */
    col('content_encoding', 'text', { default: 'identity', check: oneOf('ai_memory_messages_content_encoding', CONTENT_ENCODINGS) }),
    col('token_count', 'integer', { default: 0, check: range('ai_memory_messages_token_count', 0) }),
    opt('metadata', 'json', { check: jsonValid('ai_memory_messages_metadata_json') }),
    ...syncColumnsOf('ai_memory_messages'),
  ],
  localIndexes: ['session_id', '[session_id+created_at]', 'server_seq'],
})

/** The synced tables, as sync_metadata's CHECK lists them. */
const METADATA_ENTITY_TYPES = [
  'user_preferences',
  'connection_templates',
  'query_history',
  'saved_queries',
  'ai_memory_sessions',
  'ai_memory_messages',
  'device_registry',
  'sync_conflicts_archive',
] as const

export const syncMetadata = define({
  name: 'sync_metadata',
  key: ['entity_type', 'entity_id', 'device_id'],
  sync: 'remote-only',
  strategy: null,
  columns: [
    col('entity_type', 'text', { check: oneOf('sync_metadata_entity_type', METADATA_ENTITY_TYPES) }),
    col('entity_id', 'text'),
    col('device_id', 'text'),
    col('user_id', 'text'),
    col('last_mutation_id', 'text'),
    col('last_version', 'integer', { check: range('sync_metadata_version', 0) }),
    col('server_seq', 'integer', { check: range('sync_metadata_version', 0) }),
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
    col('device_type', 'text', { check: oneOf('device_registry_device_type', DEVICE_TYPES) }),
    opt('browser', 'text'),
    opt('os', 'text'),
    opt('app_version', 'text'),
    col('is_active', 'integer', { default: 1, check: flag('device_registry_is_active') }),
    col('registered_at', 'integer'),
    opt('last_seen', 'integer'),
    opt('last_sync', 'integer'),
    ...syncColumnsOf('device_registry'),
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
    col('strategy', 'text', { check: oneOf('sync_conflicts_archive_strategy', ARCHIVE_STRATEGIES) }),
    opt('resolution', 'text', { check: oneOf('sync_conflicts_archive_resolution', ['local', 'remote', 'both', 'merged']) }),
    opt('base_snapshot', 'json', { check: jsonValid('sync_conflicts_archive_base_json') }),
    opt('local_snapshot', 'json', { check: jsonValid('sync_conflicts_archive_local_json') }),
    opt('remote_snapshot', 'json', { check: jsonValid('sync_conflicts_archive_remote_json') }),
    opt('resolved_snapshot', 'json', { check: jsonValid('sync_conflicts_archive_resolved_json') }),
    opt('resolved_by', 'text', { check: oneOf('sync_conflicts_archive_resolved_by', ['auto', 'user']) }),
    col('detected_at', 'integer'),
    opt('resolved_at', 'integer'),
    ...syncColumnsOf('sync_conflicts_archive'),
  ],
  localIndexes: ['[entity_type+entity_id]', 'detected_at', 'resolved_at'],
})

const COUNT = { default: 0, check: range('user_statistics_counts', 0) } as const

export const userStatistics = define({
  name: 'user_statistics',
  key: ['user_id'],
  sync: 'derived',
  strategy: null,
  columns: [
    col('user_id', 'text'),
    col('total_connections', 'integer', COUNT),
    col('total_saved_queries', 'integer', COUNT),
    col('total_query_history', 'integer', COUNT),
    col('total_ai_sessions', 'integer', COUNT),
    col('total_ai_messages', 'integer', COUNT),
    col('total_devices', 'integer', COUNT),
    col('storage_bytes', 'integer', COUNT),
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
  joinKey(tables[table].key.map((k) => row[k]))

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
