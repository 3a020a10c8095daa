import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tables, type TableName } from '../../src/schema'
import { migrationChecksum } from '../../src/server'
import { openSchemaDb, schemaSql } from './db'

const tableNames = Object.keys(tables) as TableName[]
const declaredType = { text: 'TEXT', integer: 'INTEGER', real: 'REAL', json: 'TEXT', blob: 'BLOB' } as const
/** These two tables key the row by an integer rowid (the FTS rowid) and keep the synced key `id` UNIQUE. */
const ridTables = new Set<TableName>(['query_history', 'saved_queries'])

describe('schema.sql', () => {
  it('loads on libSQL, and a second application changes nothing', async () => {
    const db = await openSchemaDb()
    const before = await db.execute('SELECT type, name, sql FROM sqlite_schema ORDER BY name')
    await db.executeMultiple(schemaSql)
    const after = await db.execute('SELECT type, name, sql FROM sqlite_schema ORDER BY name')
    expect(after.rows).toEqual(before.rows)

    const migrations = await db.execute('SELECT version, name, checksum FROM schema_migrations')
    expect(migrations.rows.map((row) => ({ ...row }))).toEqual([
      { version: 1, name: 'initial', checksum: await migrationChecksum(schemaSql) },
    ])
    const sequence = await db.execute('SELECT id, seq FROM sync_sequence')
    expect(sequence.rows.map((row) => ({ ...row }))).toEqual([{ id: 1, seq: 0 }])
  })

  it.each(tableNames)('%s has exactly the columns of the description, in order', async (name) => {
    const db = await openSchemaDb()
    const { rows } = await db.execute(`SELECT name, type, "notnull", pk FROM pragma_table_info('${name}') ORDER BY cid`)
    const key = tables[name].key as readonly string[]
    const expected = tables[name].columns.map((column) => ({
      name: column.name,
      type: declaredType[column.kind],
      notnull: column.nullable ? 0 : 1,
      pk: ridTables.has(name) ? (column.name === 'rid' ? 1 : 0) : key.indexOf(column.name) + 1,
    }))
    expect(rows.map((row) => ({ ...row }))).toEqual(expected)
  })

  it('keys query_history and saved_queries by rid, with id NOT NULL UNIQUE', async () => {
    const db = await openSchemaDb()
    for (const name of ridTables) {
      const { rows } = await db.execute(
        `SELECT il.name AS idx FROM pragma_index_list('${name}') il
         JOIN pragma_index_info(il.name) ii WHERE il."unique" = 1 AND il.partial = 0 AND ii.name = 'id'`,
      )
      expect(rows).toHaveLength(1)
      expect(tables[name].key).toEqual(['id'])
    }
  })

  it('makes all 11 tables (and the sequence table) STRICT', async () => {
    const db = await openSchemaDb()
    const { rows } = await db.execute(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table'`)
    const strict = new Map(rows.map((row) => [String(row['name']), Number(row['strict'])]))
    for (const name of [...tableNames, 'sync_sequence']) expect([name, strict.get(name)]).toEqual([name, 1])
  })

  it('records the checksum of its own text, up to the migration-record marker', async () => {
    const file = readFileSync(fileURLToPath(new URL('../../schema.sql', import.meta.url)), 'utf8')
    expect(file).toBe(schemaSql)
    const literal = /'(sha256:[0-9a-f]{64})'/.exec(file.slice(file.indexOf('\n-- @migration-record\n')))?.[1]
    expect(literal).toBe(await migrationChecksum(file))
    // The script that rewrites the literal agrees.
    const script = fileURLToPath(new URL('../../scripts/schema-checksum.mjs', import.meta.url))
    expect(execFileSync(process.execPath, [script, '--check'], { encoding: 'utf8' })).toContain(literal)
  })

  it('checksums text above the marker only, and ignores line endings', async () => {
    const above = schemaSql.slice(0, schemaSql.indexOf('-- @migration-record\n'))
    expect(await migrationChecksum(schemaSql)).toBe(await migrationChecksum(above))
    expect(await migrationChecksum(schemaSql.replace(/\n/g, '\r\n'))).toBe(await migrationChecksum(schemaSql))
    expect(await migrationChecksum(schemaSql.replace('STRICT', 'STRICT '))).not.toBe(await migrationChecksum(schemaSql))
  })
})
