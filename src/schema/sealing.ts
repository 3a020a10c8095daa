import { SYNC_COLUMN_NAMES } from './columns'
import { tables, type TableName } from './tables'

/**
 * What of each column the server may read, decided here and nowhere else.
 *
 * - `sealed`: sealed on the device before it leaves (a randomized envelope bound to table, record and column).
 * - `token`: sealed deterministically (equal plaintexts give equal envelopes), for a column a server unique index
 *   compares (`user_preferences.key`, ux_user_preferences_global_key).
 * - `plain`: what the protocol and the server's constraints need: keys and ids, foreign keys, sync columns,
 *   timestamps, enums and numbers. Every plain TEXT column says why in one line (test/schema/sealing.test.ts).
 *
 * INTEGER and REAL columns are plain by kind (numbers, timestamps, flags); only TEXT and JSON columns are listed.
 */
export type ColumnSealing = { readonly mode: 'sealed' } | { readonly mode: 'token' } | { readonly mode: 'plain'; readonly reason: string }

const sealed = { mode: 'sealed' } as const
const token = { mode: 'token' } as const
const plain = (reason: string): ColumnSealing => ({ mode: 'plain', reason })

const KEY = plain('record key: addresses the row in every statement')
const FOREIGN = plain('foreign key: an id another row is found by')
const ENUM = plain('enum: a CHECK lists its values')
const REMOTE = plain('remote-only protocol table: written by the server or the sync protocol, never user-authored')

const TEXT_COLUMNS: { readonly [T in TableName]: Readonly<Record<string, ColumnSealing>> } = {
  schema_migrations: { name: REMOTE, checksum: REMOTE },
  user_preferences: { id: KEY, device_id: FOREIGN, key: token, value: sealed },
  connection_templates: {
    connection_id: KEY,
    name: sealed,
    type: ENUM,
    host: sealed,
    database_name: sealed,
    file_path: sealed,
    username: sealed,
    ssl_mode: sealed,
    parameters: sealed,
    ssh_tunnel: sealed,
    environment: sealed,
    color: sealed,
    folder: sealed,
    tags: sealed,
  },
  query_history: { id: KEY, connection_id: FOREIGN, query_text: sealed, status: ENUM, error_message: sealed, privacy_mode: ENUM },
  saved_queries: { id: KEY, name: sealed, description: sealed, query_text: sealed, connection_id: FOREIGN, folder: sealed, tags: sealed },
  ai_memory_sessions: { id: KEY, title: sealed, connection_id: FOREIGN, model: sealed, summary: sealed, metadata: sealed },
  ai_memory_messages: { id: KEY, session_id: FOREIGN, role: ENUM, content: sealed, content_encoding: ENUM, metadata: sealed },
  sync_metadata: { entity_type: REMOTE, entity_id: REMOTE, device_id: REMOTE, user_id: REMOTE, last_mutation_id: REMOTE },
  device_registry: { device_id: KEY, device_name: sealed, device_type: ENUM, browser: sealed, os: sealed, app_version: sealed },
  sync_conflicts_archive: {
    id: KEY,
    entity_type: plain('enum: the name of a synced table'),
    entity_id: FOREIGN,
    device_id: FOREIGN,
    strategy: ENUM,
    resolution: ENUM,
    base_snapshot: sealed,
    local_snapshot: sealed,
    remote_snapshot: sealed,
    resolved_snapshot: sealed,
    resolved_by: ENUM,
  },
  user_statistics: { user_id: plain('record key: the user the counts belong to') },
}

const SYNC = plain('sync column: the protocol reads it (user, clock, mutation, author)')

/** How a column travels. A TEXT or JSON column with no entry is reported by the schema test, never guessed. */
export const columnSealing = (table: TableName, column: string): ColumnSealing | undefined => {
  const mark = TEXT_COLUMNS[table][column]
  if (mark !== undefined) return mark
  if (SYNC_COLUMN_NAMES.has(column)) return SYNC
  const spec = tables[table].columns.find((c) => c.name === column)
  return spec !== undefined && (spec.kind === 'integer' || spec.kind === 'real') ? plain('number') : undefined
}

export interface SealedColumn {
  readonly name: string
  readonly json: boolean
  readonly deterministic: boolean
}

const cache = new Map<TableName, readonly SealedColumn[]>()

/**
 * The columns of a table that travel in plaintext and can carry text an app chose: keys, foreign keys and the other
 * plain TEXT columns. Not: sealed columns, numbers (their kind), enums (the schema check refuses any other value at
 * the write) and the sync columns the write capture stamps itself (clock, mutation id, device, the bound user).
 * The screen of a sealing engine reads these only.
 */
export const plainTextColumns = (table: TableName): readonly string[] => {
  let list = plainCache.get(table)
  if (list === undefined) {
    list = tables[table].columns.flatMap((c) => {
      if (c.kind === 'integer' || c.kind === 'real') return []
      const mark = TEXT_COLUMNS[table][c.name]
      if (mark === undefined) return SYNC_COLUMN_NAMES.has(c.name) ? [] : [c.name]
      return mark.mode === 'plain' && mark !== ENUM ? [c.name] : []
    })
    plainCache.set(table, list)
  }
  return list
}
const plainCache = new Map<TableName, readonly string[]>()

/** The columns of a table that are sealed before they leave the device, in schema order. */
export const sealedColumns = (table: TableName): readonly SealedColumn[] => {
  let list = cache.get(table)
  if (list === undefined) {
    list = tables[table].columns.flatMap((c) => {
      const mode = TEXT_COLUMNS[table][c.name]?.mode
      return mode === 'sealed' || mode === 'token' ? [{ name: c.name, json: c.kind === 'json', deterministic: mode === 'token' }] : []
    })
    cache.set(table, list)
  }
  return list
}
