// What stays plaintext is decided in one place (R11): every TEXT column of schema.sql is sealed, a deterministic
// token, or plain with a one-line reason of an allowed kind (keys and ids, foreign keys, sync columns, enums).
import { describe, expect, it } from 'vitest'
import { columnSealing, sealedColumns, tables, type TableName } from '@howlerops/sync'
import { openSchemaDb } from './db'

const ALLOWED_PLAIN = /^(record key|foreign key|sync column|enum|remote-only protocol table|number)\b/

describe('sealing marks', () => {
  it('every TEXT column in schema.sql is sealed, a token, or plain with a one-line reason of an allowed kind', async () => {
    const db = await openSchemaDb()
    const unmarked: string[] = []
    for (const table of Object.keys(tables) as TableName[]) {
      const { rows } = await db.execute(`SELECT name, type FROM pragma_table_info('${table}') ORDER BY cid`)
      for (const row of rows) {
        const column = String(row['name'])
        if (String(row['type']).toUpperCase() !== 'TEXT') continue
        const mark = columnSealing(table, column)
        if (mark === undefined) unmarked.push(`${table}.${column}: no mark`)
        else if (mark.mode === 'plain' && (!ALLOWED_PLAIN.test(mark.reason) || mark.reason.includes('\n'))) unmarked.push(`${table}.${column}: ${mark.reason}`)
      }
    }
    db.close()
    expect(unmarked).toEqual([])
  })

  it('user-authored columns are sealed, and the one column a unique index compares is a deterministic token', () => {
    const names = (table: TableName): string[] => sealedColumns(table).map((c) => c.name)
    expect(names('query_history')).toEqual(['query_text', 'error_message'])
    expect(names('ai_memory_messages')).toEqual(['content', 'metadata'])
    expect(names('sync_conflicts_archive')).toEqual(['base_snapshot', 'local_snapshot', 'remote_snapshot', 'resolved_snapshot'])
    expect(sealedColumns('user_preferences').filter((c) => c.deterministic).map((c) => c.name)).toEqual(['key'])
    expect(names('schema_migrations')).toEqual([])
  })
})
