import { describe, expect, it } from 'vitest'
import { createClient } from '@libsql/client'
import { applySchema, RECOMPUTE_USER_STATISTICS_SQL, recomputeUserStatistics } from '../../src/server'
import { insert, validRow } from '../schema/db'

describe('user_statistics', () => {
  it('recomputes every column of one user, live rows only', async () => {
    const db = createClient({ url: ':memory:' })
    await applySchema(db)
    const u = { user_id: 'u', deleted_at: null }

    await insert(db, 'connection_templates', validRow('connection_templates', { ...u, name: 'ab', parameters: null, ssh_tunnel: null, tags: null, updated_at: 10 }))
    await insert(db, 'connection_templates', validRow('connection_templates', { user_id: 'u', deleted_at: 1, updated_at: 99 }))
    await insert(db, 'saved_queries', validRow('saved_queries', { ...u, name: 'n', description: null, query_text: 'SELECT 1', tags: null, updated_at: 20 }))
    await insert(db, 'query_history', validRow('query_history', { ...u, query_text: 'SELECT é', error_message: null, updated_at: 30 }))
    await insert(db, 'query_history', validRow('query_history', { ...u, query_text: 'x', error_message: null }))
    await insert(db, 'ai_memory_sessions', validRow('ai_memory_sessions', { ...u, title: 't', summary: null, metadata: null }))
    await insert(db, 'ai_memory_messages', validRow('ai_memory_messages', { ...u, content: 'hello', metadata: null }))
    await insert(db, 'device_registry', validRow('device_registry', { ...u }))
    await insert(db, 'device_registry', validRow('device_registry', { ...u, is_active: 0 }))
    await insert(db, 'user_preferences', validRow('user_preferences', { ...u, key: 'k', value: '1' }))
    // Another user's rows are not counted.
    await insert(db, 'saved_queries', validRow('saved_queries', { user_id: 'other', deleted_at: null }))

    const stats = await recomputeUserStatistics(db, 'u', 1_000)
    expect(stats).toEqual({
      user_id: 'u',
      total_connections: 1,
      total_saved_queries: 1,
      total_query_history: 2,
      total_ai_sessions: 1,
      total_ai_messages: 1,
      total_devices: 2,
      // 'k'+'1' + 'ab' + 'n'+'SELECT 1' + 'SELECT é'(9 bytes)+'x' + 't' + 'hello'
      storage_bytes: 2 + 2 + 9 + 9 + 1 + 1 + 5,
      last_activity_at: 99,
      computed_at: 1_000,
      updated_at: 1_000,
    })

    await db.execute(`UPDATE query_history SET deleted_at = 5 WHERE user_id = 'u'`)
    const again = await recomputeUserStatistics(db, 'u', 2_000)
    expect(again).toMatchObject({ total_query_history: 0, storage_bytes: 2 + 2 + 9 + 1 + 5, computed_at: 2_000 })
    const { rows } = await db.execute('SELECT count(*) AS n FROM user_statistics')
    expect(rows[0]?.['n']).toBe(1)
  })

  it('writes zeros for a user with no data', async () => {
    const db = createClient({ url: ':memory:' })
    await applySchema(db)
    const { rows } = await db.execute({ sql: RECOMPUTE_USER_STATISTICS_SQL, args: { user_id: 'nobody', now: 7 } })
    expect({ ...rows[0] }).toMatchObject({ total_connections: 0, storage_bytes: 0, last_activity_at: null, computed_at: 7 })
  })
})
