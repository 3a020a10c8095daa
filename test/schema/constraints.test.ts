import { beforeEach, describe, expect, it } from 'vitest'
import type { Client } from '@libsql/client'
import { ARCHIVE_STRATEGIES, CONNECTION_TYPES, DEVICE_TYPES, SYNCED_TABLES, type TableName } from '../../src/schema'
import { insertCode, openSchemaDb, validRow } from './db'

let db: Client
beforeEach(async () => {
  db = await openSchemaDb()
})

const ok = (table: TableName, overrides: Parameters<typeof validRow>[1]): Promise<string> =>
  insertCode(db, table, validRow(table, overrides))

const CHECK = 'SQLITE_CONSTRAINT_CHECK'
const UNIQUE = 'SQLITE_CONSTRAINT_UNIQUE'

describe('CHECK constraints', () => {
  it('accepts a valid row in every table', async () => {
    for (const table of [
      'user_preferences',
      'connection_templates',
      'query_history',
      'saved_queries',
      'ai_memory_sessions',
      'ai_memory_messages',
      'sync_metadata',
      'device_registry',
      'sync_conflicts_archive',
      'user_statistics',
      'schema_migrations',
    ] as const) {
      expect([table, await ok(table, {})]).toEqual([table, 'OK'])
    }
  })

  it('fills the sync columns with their defaults', async () => {
    const row = validRow('saved_queries')
    delete row['sync_version']
    delete row['server_seq']
    delete row['hlc']
    expect(await insertCode(db, 'saved_queries', row)).toBe('OK')
    const { rows } = await db.execute({ sql: 'SELECT sync_version, server_seq, hlc FROM saved_queries WHERE id = ?', args: [row['id'] ?? null] })
    expect({ ...rows[0] }).toEqual({ sync_version: 0, server_seq: 0, hlc: '' })
  })

  it('connection_templates: type, host and port', async () => {
    for (const type of CONNECTION_TYPES) expect([type, await ok('connection_templates', { type })]).toEqual([type, 'OK'])
    expect(await ok('connection_templates', { type: 'postgresql' })).toBe(CHECK)
    // File databases need neither host nor port.
    expect(await ok('connection_templates', { type: 'sqlite', host: null, port: null, file_path: '/tmp/a.db' })).toBe('OK')
    expect(await ok('connection_templates', { type: 'duckdb', host: null, port: null })).toBe('OK')
    // Everything else needs a host.
    expect(await ok('connection_templates', { type: 'postgres', host: null })).toBe(CHECK)
    expect(await ok('connection_templates', { type: 'mysql', host: '  ' })).toBe(CHECK)
    expect(await ok('connection_templates', { port: null })).toBe('OK')
    expect(await ok('connection_templates', { port: 1 })).toBe('OK')
    expect(await ok('connection_templates', { port: 65535 })).toBe('OK')
    expect(await ok('connection_templates', { port: 0 })).toBe(CHECK)
    expect(await ok('connection_templates', { port: 65536 })).toBe(CHECK)
    expect(await ok('connection_templates', { parameters: '{not json' })).toBe(CHECK)
    expect(await ok('connection_templates', { tags: '["prod"]', ssh_tunnel: null, parameters: null })).toBe('OK')
  })

  it('query_history: status and privacy_mode', async () => {
    for (const status of ['success', 'error', 'cancelled']) expect(await ok('query_history', { status })).toBe('OK')
    expect(await ok('query_history', { status: 'failed' })).toBe(CHECK)
    expect(await ok('query_history', { privacy_mode: 'private' })).toBe('OK')
    expect(await ok('query_history', { privacy_mode: 'secret' })).toBe(CHECK)
    expect(await ok('query_history', { duration_ms: -1 })).toBe(CHECK)
  })

  it('saved_queries: is_favorite is 0 or 1, tags is JSON', async () => {
    expect(await ok('saved_queries', { is_favorite: 1 })).toBe('OK')
    expect(await ok('saved_queries', { is_favorite: 2 })).toBe(CHECK)
    expect(await ok('saved_queries', { tags: 'a,b' })).toBe(CHECK)
  })

  it('ai_memory_messages: role and content_encoding', async () => {
    for (const role of ['user', 'assistant', 'system', 'tool']) expect(await ok('ai_memory_messages', { role })).toBe('OK')
    expect(await ok('ai_memory_messages', { role: 'bot' })).toBe(CHECK)
    expect(await ok('ai_memory_messages', { content_encoding: 'gzip-base64' })).toBe('OK')
    expect(await ok('ai_memory_messages', { content_encoding: 'gzip' })).toBe(CHECK)
    expect(await ok('ai_memory_messages', { metadata: '{' })).toBe(CHECK)
  })

  it('device_registry: device_type and is_active', async () => {
    for (const device_type of DEVICE_TYPES) expect(await ok('device_registry', { device_type })).toBe('OK')
    expect(await ok('device_registry', { device_type: 'phone' })).toBe(CHECK)
    expect(await ok('device_registry', { is_active: 0 })).toBe('OK')
    expect(await ok('device_registry', { is_active: 2 })).toBe(CHECK)
  })

  it('sync_conflicts_archive: every strategy (keep-both included), resolution, resolved_by', async () => {
    for (const strategy of ARCHIVE_STRATEGIES) expect([strategy, await ok('sync_conflicts_archive', { strategy })]).toEqual([strategy, 'OK'])
    expect(await ok('sync_conflicts_archive', { strategy: 'keep-both' })).toBe('OK')
    expect(await ok('sync_conflicts_archive', { strategy: 'first-wins' })).toBe(CHECK)
    for (const resolution of ['local', 'remote', 'both', 'merged', null]) {
      expect(await ok('sync_conflicts_archive', { resolution })).toBe('OK')
    }
    expect(await ok('sync_conflicts_archive', { resolution: 'theirs' })).toBe(CHECK)
    expect(await ok('sync_conflicts_archive', { resolved_by: 'user' })).toBe('OK')
    expect(await ok('sync_conflicts_archive', { resolved_by: null })).toBe('OK')
    expect(await ok('sync_conflicts_archive', { resolved_by: 'server' })).toBe(CHECK)
    expect(await ok('sync_conflicts_archive', { local_snapshot: 'nope' })).toBe(CHECK)
  })

  it('rejects wrong types and NULLs in NOT NULL columns (STRICT)', async () => {
    expect(await ok('query_history', { executed_at: '2024-01-01T00:00:00Z' })).toMatch(/^SQLITE_CONSTRAINT|3091/)
    expect(await ok('query_history', { query_text: null })).toBe('SQLITE_CONSTRAINT_NOTNULL')
    expect(await ok('user_preferences', { value: 'not json' })).toBe(CHECK)
  })

  it('sync_metadata names synced tables only', async () => {
    for (const entity_type of SYNCED_TABLES) {
      expect([entity_type, await ok('sync_metadata', { entity_type })]).toEqual([entity_type, 'OK'])
    }
    expect(await ok('sync_metadata', { entity_type: 'schema_migrations' })).toBe(CHECK)
  })

  it('sync_sequence holds exactly one row', async () => {
    await expect(db.execute('INSERT INTO sync_sequence (id, seq) VALUES (2, 0)')).rejects.toMatchObject({
      code: expect.stringMatching(/^SQLITE_CONSTRAINT/),
    })
  })
})

describe('user_preferences uniqueness', () => {
  it('allows one live global value per (user_id, key)', async () => {
    expect(await ok('user_preferences', { user_id: 'u', key: 'theme', device_id: null })).toBe('OK')
    expect(await ok('user_preferences', { user_id: 'u', key: 'theme', device_id: null })).toBe(UNIQUE)
    expect(await ok('user_preferences', { user_id: 'other', key: 'theme', device_id: null })).toBe('OK')
  })

  it('lets a device override a global key, once per device', async () => {
    expect(await ok('user_preferences', { user_id: 'u', key: 'theme', device_id: null })).toBe('OK')
    expect(await ok('user_preferences', { user_id: 'u', key: 'theme', device_id: 'laptop' })).toBe('OK')
    expect(await ok('user_preferences', { user_id: 'u', key: 'theme', device_id: 'phone' })).toBe('OK')
    expect(await ok('user_preferences', { user_id: 'u', key: 'theme', device_id: 'laptop' })).toBe(UNIQUE)
  })

  it('does not count tombstones', async () => {
    expect(await ok('user_preferences', { user_id: 'u', key: 'theme', device_id: null, deleted_at: 5 })).toBe('OK')
    expect(await ok('user_preferences', { user_id: 'u', key: 'theme', device_id: null })).toBe('OK')
  })
})
