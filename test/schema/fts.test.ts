import { beforeEach, describe, expect, it } from 'vitest'
import type { Client } from '@libsql/client'
import { insert, openSchemaDb, validRow } from './db'

let db: Client
beforeEach(async () => {
  db = await openSchemaDb()
})

const search = async (fts: string, table: string, match: string): Promise<string[]> => {
  const { rows } = await db.execute({
    sql: `SELECT t.id FROM ${fts} JOIN ${table} t ON t.rid = ${fts}.rowid WHERE ${fts} MATCH ? ORDER BY t.id`,
    args: [match],
  })
  return rows.map((row) => String(row['id']))
}

/**
 * FTS5 'integrity-check'. With rank = 1 it also compares the index with the external content table, which is the
 * check that matters here; the plain form checks only the index's internal consistency.
 */
const integrityCheck = async (fts: string): Promise<void> => {
  await db.execute(`INSERT INTO ${fts} (${fts}) VALUES ('integrity-check')`)
  await db.execute(`INSERT INTO ${fts} (${fts}, rank) VALUES ('integrity-check', 1)`)
}

describe('saved_queries_fts', () => {
  it('follows inserts, updates and deletes', async () => {
    await insert(db, 'saved_queries', validRow('saved_queries', { id: 'a', name: 'Monthly revenue', description: null, query_text: 'SELECT sum(total) FROM orders' }))
    await insert(db, 'saved_queries', validRow('saved_queries', { id: 'b', name: 'Active users', description: 'who logged in', query_text: 'SELECT * FROM users' }))
    expect(await search('saved_queries_fts', 'saved_queries', 'revenue')).toEqual(['a'])
    expect(await search('saved_queries_fts', 'saved_queries', 'logged')).toEqual(['b'])
    expect(await search('saved_queries_fts', 'saved_queries', 'select')).toEqual(['a', 'b'])
    await integrityCheck('saved_queries_fts')

    await db.execute(`UPDATE saved_queries SET name = 'Weekly churn', description = 'lost users' WHERE id = 'a'`)
    expect(await search('saved_queries_fts', 'saved_queries', 'revenue')).toEqual([])
    expect(await search('saved_queries_fts', 'saved_queries', 'churn')).toEqual(['a'])
    expect(await search('saved_queries_fts', 'saved_queries', 'users')).toEqual(['a', 'b'])
    await integrityCheck('saved_queries_fts')

    // Sync-column updates do not touch the index (the trigger's WHEN), and leave it right.
    await db.execute(`UPDATE saved_queries SET is_favorite = 1, sync_version = sync_version + 1, server_seq = 9`)
    await integrityCheck('saved_queries_fts')

    await db.execute(`DELETE FROM saved_queries WHERE id = 'b'`)
    expect(await search('saved_queries_fts', 'saved_queries', 'logged')).toEqual([])
    expect(await search('saved_queries_fts', 'saved_queries', 'users')).toEqual(['a'])
    await integrityCheck('saved_queries_fts')
  })

  it('stays right through the engine upsert (ON CONFLICT(id) DO UPDATE keeps rid)', async () => {
    const row = validRow('saved_queries', { id: 'q', name: 'First name', query_text: 'SELECT 1' })
    await insert(db, 'saved_queries', row)
    const { rows: before } = await db.execute(`SELECT rid FROM saved_queries WHERE id = 'q'`)
    const names = Object.keys(row)
    await db.execute({
      sql: `INSERT INTO saved_queries (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
            ON CONFLICT (id) DO UPDATE SET ${names.map((n) => `${n} = excluded.${n}`).join(', ')}`,
      args: Object.values({ ...row, name: 'Second name' }),
    })
    const { rows: after } = await db.execute(`SELECT rid FROM saved_queries WHERE id = 'q'`)
    expect(after[0]?.['rid']).toBe(before[0]?.['rid'])
    expect(await search('saved_queries_fts', 'saved_queries', 'first')).toEqual([])
    expect(await search('saved_queries_fts', 'saved_queries', 'second')).toEqual(['q'])
    await integrityCheck('saved_queries_fts')
  })

  it('integrity-check has teeth: it fails when the index misses a change', async () => {
    await insert(db, 'saved_queries', validRow('saved_queries', { id: 'a', name: 'alpha' }))
    await db.execute('DROP TRIGGER saved_queries_fts_update')
    await db.execute(`UPDATE saved_queries SET name = 'beta' WHERE id = 'a'`)
    await expect(integrityCheck('saved_queries_fts')).rejects.toThrow()
  })
})

describe('query_history_fts', () => {
  it('follows inserts, updates and deletes', async () => {
    await insert(db, 'query_history', validRow('query_history', { id: 'h1', query_text: 'SELECT * FROM invoices' }))
    await insert(db, 'query_history', validRow('query_history', { id: 'h2', query_text: 'DELETE FROM sessions' }))
    expect(await search('query_history_fts', 'query_history', 'invoices')).toEqual(['h1'])
    await integrityCheck('query_history_fts')

    await db.execute(`UPDATE query_history SET query_text = 'SELECT * FROM payments' WHERE id = 'h1'`)
    expect(await search('query_history_fts', 'query_history', 'invoices')).toEqual([])
    expect(await search('query_history_fts', 'query_history', 'payments')).toEqual(['h1'])
    await db.execute(`UPDATE query_history SET deleted_at = 1, status = 'error'`)
    await integrityCheck('query_history_fts')

    await db.execute(`DELETE FROM query_history WHERE id = 'h2'`)
    expect(await search('query_history_fts', 'query_history', 'sessions')).toEqual([])
    await integrityCheck('query_history_fts')
    await db.execute('VACUUM')
    expect(await search('query_history_fts', 'query_history', 'payments')).toEqual(['h1'])
    await integrityCheck('query_history_fts')
  })
})
