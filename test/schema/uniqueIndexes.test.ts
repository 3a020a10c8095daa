// Natural keys (R7): every UNIQUE index of schema.sql other than a record's own key is a place where two devices
// can each create "the same" record under different ids, and one of them is then refused by the server forever.
// Each one is listed here with how it is handled; a new UNIQUE index fails this test until it is considered.
import { describe, expect, it } from 'vitest'
import { createLocalDatabase, preferenceId, SchemaError } from '@howlerops/sync/dexie'
import { tables, type TableName } from '@howlerops/sync'
import { openSchemaDb } from './db'

const HANDLED: Record<string, string> = {
  // The id of a preference derives from (key, device_id) (preferenceId): two devices setting the same key write the
  // same record, a last-write-wins conflict instead of a collision. A write under another id is a SchemaError.
  'user_preferences(user_id, key) WHERE device_id IS NULL AND deleted_at IS NULL': 'derived id',
  // Device-specific preferences never leave their device, and their id derives from (key, device_id) as well.
  'user_preferences(user_id, device_id, key) WHERE device_id IS NOT NULL AND deleted_at IS NULL': 'derived id',
  // The synced key itself (the table is keyed by the FTS rowid `rid`); pushes upsert ON CONFLICT (id).
  'query_history(id)': 'record key',
  'saved_queries(id)': 'record key',
}

describe('UNIQUE indexes of schema.sql (R7, natural keys)', () => {
  it('each one is the record key or is handled by a derived key', async () => {
    const db = await openSchemaDb()
    const found: string[] = []
    for (const table of Object.keys(tables) as TableName[]) {
      const { rows } = await db.execute(`SELECT name, origin, partial FROM pragma_index_list('${table}') WHERE "unique" = 1`)
      for (const index of rows) {
        if (index['origin'] === 'pk') continue // the primary key is the record key
        const columns = await db.execute(`SELECT name FROM pragma_index_info('${String(index['name'])}') ORDER BY seqno`)
        const names = columns.rows.map((c) => String(c['name'])).join(', ')
        const sql = await db.execute(`SELECT sql FROM sqlite_schema WHERE name = ?`, [String(index['name'])])
        const where = Number(index['partial']) === 1 ? ` WHERE ${String(sql.rows[0]?.['sql']).split(/\bWHERE\b/)[1]?.trim()}` : ''
        found.push(`${table}(${names})${where}`)
      }
    }
    expect(found.sort()).toEqual(Object.keys(HANDLED).sort())
    for (const table of Object.keys(tables) as TableName[]) {
      // Primary keys other than a single synced key belong to server-only tables.
      if (tables[table].key.length > 1) expect([table, tables[table].sync]).toEqual([table, 'remote-only'])
    }
  })

  it('a device-specific preference may keep any id: it never reaches the server’s unique index', async () => {
    const db = createLocalDatabase(`unique-${Math.random()}`)
    await db.user_preferences.put({ id: 'my-own-id', device_id: 'd1', key: 'theme', value: 1 } as never)
    expect(await db.user_preferences.get('my-own-id')).toMatchObject({ device_id: 'd1', key: 'theme' })
    await expect(db.user_preferences.put({ id: 'another-id', device_id: null, key: 'theme', value: 1 } as never)).rejects.toBeInstanceOf(SchemaError)
  })
})
