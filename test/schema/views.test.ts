import { describe, expect, it } from 'vitest'
import { insert, openSchemaDb, validRow } from './db'

const DAY = 86_400_000

describe('views', () => {
  it('run, and hide tombstones', async () => {
    const db = await openSchemaDb()
    const now = Date.now()
    const live = { deleted_at: null }
    const dead = { deleted_at: now }

    await insert(db, 'connection_templates', validRow('connection_templates', { connection_id: 'c1', name: 'b', ...live }))
    await insert(db, 'connection_templates', validRow('connection_templates', { connection_id: 'c2', name: 'a', ...live }))
    await insert(db, 'connection_templates', validRow('connection_templates', { connection_id: 'c3', ...dead }))
    await insert(db, 'query_history', validRow('query_history', { id: 'h1', executed_at: now, ...live }))
    await insert(db, 'query_history', validRow('query_history', { id: 'h2', executed_at: now - 40 * DAY, ...live }))
    await insert(db, 'query_history', validRow('query_history', { id: 'h3', executed_at: now, ...dead }))
    await insert(db, 'saved_queries', validRow('saved_queries', { id: 's1', is_favorite: 1, ...live }))
    await insert(db, 'saved_queries', validRow('saved_queries', { id: 's2', is_favorite: 0, ...live }))
    await insert(db, 'saved_queries', validRow('saved_queries', { id: 's3', is_favorite: 1, ...dead }))
    await insert(db, 'ai_memory_sessions', validRow('ai_memory_sessions', { id: 'a1', last_message_at: null, updated_at: 5, ...live }))
    await insert(db, 'ai_memory_sessions', validRow('ai_memory_sessions', { id: 'a2', last_message_at: 9, ...live }))
    await insert(db, 'ai_memory_sessions', validRow('ai_memory_sessions', { id: 'a3', ...dead }))
    await insert(db, 'device_registry', validRow('device_registry', { device_id: 'd1', is_active: 1, ...live }))
    await insert(db, 'device_registry', validRow('device_registry', { device_id: 'd2', is_active: 0, ...live }))
    await insert(db, 'device_registry', validRow('device_registry', { device_id: 'd3', is_active: 1, ...dead }))
    await insert(db, 'sync_conflicts_archive', validRow('sync_conflicts_archive', { id: 'x1', resolved_at: null, detected_at: now, ...live }))
    await insert(db, 'sync_conflicts_archive', validRow('sync_conflicts_archive', { id: 'x2', resolved_at: now, detected_at: now - 40 * DAY, ...live }))
    await insert(db, 'sync_conflicts_archive', validRow('sync_conflicts_archive', { id: 'x3', resolved_at: null, ...dead }))

    const ids = async (view: string, key = 'id'): Promise<unknown[]> =>
      (await db.execute(`SELECT ${key} FROM ${view}`)).rows.map((row) => row[key])

    expect(await ids('active_connections', 'connection_id')).toEqual(['c2', 'c1'])
    expect(await ids('recent_query_history')).toEqual(['h1'])
    expect(await ids('favorite_saved_queries')).toEqual(['s1'])
    expect(await ids('active_devices', 'device_id')).toEqual(['d1'])
    expect(await ids('pending_conflicts')).toEqual(['x1'])
    expect(await ids('recent_conflicts')).toEqual(['x1'])

    const summaries = await db.execute('SELECT id, last_activity_at FROM ai_session_summaries')
    expect(summaries.rows.map((row) => ({ ...row }))).toEqual([
      { id: 'a2', last_activity_at: 9 },
      { id: 'a1', last_activity_at: 5 },
    ])
  })
})
