import { describe, expect, it } from 'vitest'
import { PULLED_TABLES, localColumns } from '../../src/schema'
import { openSchemaDb } from './db'

const plan = async (sql: string): Promise<string[]> => {
  const db = await openSchemaDb()
  const { rows } = await db.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args: [0, 100].slice(0, (sql.match(/\?/g) ?? []).length) })
  return rows.map((row) => String(row['detail']))
}

describe('query plans', () => {
  it('covers exactly the two-way tables with pull indexes', () => {
    expect([...PULLED_TABLES].sort()).toEqual(
      ['ai_memory_messages', 'ai_memory_sessions', 'connection_templates', 'device_registry', 'query_history', 'saved_queries', 'user_preferences'],
    )
  })

  it.each(PULLED_TABLES)('pulls %s by keyset over idx_<table>_pull, with no scan and no sort', async (table) => {
    const columns = localColumns(table).map((c) => c.name).join(', ')
    const details = await plan(`SELECT ${columns} FROM ${table} WHERE server_seq > ? ORDER BY server_seq LIMIT ?`)
    expect(details).toContain(`SEARCH ${table} USING INDEX idx_${table}_pull (server_seq>?)`)
    expect(details.filter((d) => /\bSCAN\b|TEMP B-TREE/.test(d))).toEqual([])
  })

  it.each([...PULLED_TABLES, 'sync_conflicts_archive'])('purges %s tombstones through idx_<table>_purge', async (table) => {
    const details = await plan(`DELETE FROM ${table} WHERE deleted_at < ?`)
    expect(details.join('\n')).toMatch(new RegExp(`SEARCH ${table} USING (COVERING )?INDEX idx_${table}_purge \\(deleted_at<\\?\\)`))
  })

  it.each([
    [`SELECT * FROM ai_memory_messages WHERE session_id = ? ORDER BY created_at`, 'idx_ai_memory_messages_session'],
    [`SELECT * FROM query_history WHERE executed_at >= ? ORDER BY executed_at DESC`, 'idx_query_history_executed_at'],
    [`DELETE FROM sync_conflicts_archive WHERE detected_at < ?`, 'idx_sync_conflicts_archive_detected_at'],
    [`SELECT * FROM pending_conflicts`, 'idx_sync_conflicts_archive_pending'],
    [`SELECT * FROM favorite_saved_queries`, 'idx_saved_queries_favorites'],
    [`SELECT * FROM active_connections`, 'idx_connection_templates_name'],
    [`SELECT * FROM recent_query_history`, 'idx_query_history_executed_at'],
  ])('%s uses %s without a sort', async (sql, index) => {
    // A SCAN of a partial index reads only the rows the query returns; a SCAN of the table would read them all.
    const details = await plan(sql)
    expect(details.join('\n')).toContain(index)
    expect(details.filter((d) => /^SCAN \w+$|TEMP B-TREE/.test(d))).toEqual([])
  })
})
