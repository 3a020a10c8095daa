import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createClient, type Client } from '@libsql/client'
import {
  applySchema,
  migrationChecksum,
  migrations,
  SchemaChecksumMismatchError,
  SchemaMigrationError,
  type Migration,
} from '../../src/server'
import schemaSql from '../../schema.sql?raw'

const dir = mkdtempSync(join(tmpdir(), 'howlerops-schema-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0

const clients = {
  memory: (): Client => createClient({ url: ':memory:' }),
  file: (): Client => createClient({ url: `file:${join(dir, `db-${++files}.sqlite`)}` }),
}

const recorded = async (db: Client): Promise<Array<{ version: number; name: string; checksum: string }>> =>
  (await db.execute('SELECT version, name, checksum FROM schema_migrations ORDER BY version')).rows.map((row) => ({
    version: Number(row['version']),
    name: String(row['name']),
    checksum: String(row['checksum']),
  }))

const tableExists = async (db: Client, name: string): Promise<boolean> =>
  (await db.execute({ sql: `SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?`, args: [name] })).rows.length === 1

const later: Migration[] = [
  { version: 2, name: 'tags', sql: 'CREATE TABLE tags (id TEXT NOT NULL PRIMARY KEY) STRICT;\n' },
  // Depends on migration 2, so it only succeeds when applied after it.
  { version: 3, name: 'tag colour', sql: 'ALTER TABLE tags ADD COLUMN colour TEXT;' },
]

describe.each(Object.entries(clients))('applySchema (%s)', (_kind, open) => {
  it('applies schema.sql once and is a no-op the second time', async () => {
    const db = open()
    expect(await applySchema(db)).toEqual({ applied: [1], current: 1 })
    expect(await tableExists(db, 'ai_memory_messages')).toBe(true)
    expect(await recorded(db)).toEqual([{ version: 1, name: 'initial', checksum: await migrationChecksum(schemaSql) }])

    expect(await applySchema(db)).toEqual({ applied: [], current: 1 })
    expect(await recorded(db)).toHaveLength(1)
  })

  it('recognises a database that had schema.sql applied by hand', async () => {
    const db = open()
    await db.executeMultiple(schemaSql)
    expect(await applySchema(db)).toEqual({ applied: [], current: 1 })
  })

  it('applies later migrations in order, each once', async () => {
    const db = open()
    await applySchema(db)
    expect(await applySchema(db, { migrations: [...migrations, ...later] })).toEqual({ applied: [2, 3], current: 3 })
    expect((await recorded(db)).map((m) => m.version)).toEqual([1, 2, 3])
    expect(await applySchema(db, { migrations: [...migrations, ...later] })).toEqual({ applied: [], current: 3 })
    await db.execute(`INSERT INTO tags (id, colour) VALUES ('a', 'red')`)
  })

  it('refuses a tampered checksum with a typed error, applying nothing', async () => {
    const db = open()
    await applySchema(db)
    await db.execute(`UPDATE schema_migrations SET checksum = 'sha256:beef' WHERE version = 1`)
    const error = await applySchema(db, { migrations: [...migrations, ...later] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SchemaChecksumMismatchError)
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({
      name: 'SchemaChecksumMismatchError',
      version: 1,
      expected: await migrationChecksum(schemaSql),
      actual: 'sha256:beef',
    })
    expect(await tableExists(db, 'tags')).toBe(false)
  })

  it('refuses an edited migration', async () => {
    const db = open()
    await applySchema(db, { migrations: [...migrations, ...later] })
    const edited = [...migrations, later[0] as Migration, { ...(later[1] as Migration), sql: 'ALTER TABLE tags ADD COLUMN color TEXT;' }]
    await expect(applySchema(db, { migrations: edited })).rejects.toMatchObject({ name: 'SchemaChecksumMismatchError', version: 3 })
  })

  it('rolls a failing migration back entirely and stays usable', async () => {
    const db = open()
    await applySchema(db)
    const broken: Migration = { version: 2, name: 'broken', sql: 'CREATE TABLE tags (id TEXT) STRICT;\nINSERT INTO missing VALUES (1);' }
    const error = await applySchema(db, { migrations: [...migrations, broken] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SchemaMigrationError)
    expect(error).toMatchObject({ name: 'SchemaMigrationError', version: 2 })
    expect((error as Error).cause).toBeDefined()
    expect(await tableExists(db, 'tags')).toBe(false)
    expect(await recorded(db)).toHaveLength(1)
    // No transaction was left open: the fixed migration applies.
    expect(await applySchema(db, { migrations: [...migrations, ...later] })).toEqual({ applied: [2, 3], current: 3 })
  })

  it('never commits a migration that records itself under another checksum', async () => {
    const db = open()
    await applySchema(db)
    const stale: Migration = {
      version: 2,
      name: 'stale',
      sql: `CREATE TABLE tags (id TEXT) STRICT;
-- @migration-record
INSERT OR IGNORE INTO schema_migrations (version, name, checksum, applied_at) VALUES (2, 'stale', 'sha256:00', 0);
`,
    }
    await expect(applySchema(db, { migrations: [...migrations, stale] })).rejects.toBeInstanceOf(SchemaMigrationError)
    expect(await tableExists(db, 'tags')).toBe(false)
    expect(await recorded(db)).toHaveLength(1)
  })
})

describe('applySchema guards', () => {
  it('creates schema_migrations exactly as schema.sql does', async () => {
    const viaApply = clients.memory()
    await applySchema(viaApply, { migrations: [] })
    const viaFile = clients.memory()
    await viaFile.executeMultiple(schemaSql)
    const ddl = async (db: Client): Promise<unknown> =>
      (await db.execute(`SELECT sql FROM sqlite_schema WHERE name = 'schema_migrations'`)).rows[0]?.['sql']
    expect(await ddl(viaApply)).toBe(await ddl(viaFile))
  })

  it('rejects a migration list that is not strictly ascending', async () => {
    const db = clients.memory()
    await expect(applySchema(db, { migrations: [...later].reverse() })).rejects.toBeInstanceOf(RangeError)
    await expect(applySchema(db, { migrations: [{ version: 0, name: 'zero', sql: '' }] })).rejects.toBeInstanceOf(RangeError)
  })

  it('refuses to apply a pending migration below the current version', async () => {
    const db = clients.memory()
    const two: Migration = { version: 2, name: 'two', sql: 'CREATE TABLE two (id TEXT) STRICT;' }
    const three: Migration = { version: 3, name: 'three', sql: 'CREATE TABLE three (id TEXT) STRICT;' }
    await applySchema(db, { migrations: [...migrations, three] })
    await expect(applySchema(db, { migrations: [...migrations, two, three] })).rejects.toMatchObject({
      name: 'SchemaMigrationError',
      version: 2,
    })
    expect(await tableExists(db, 'two')).toBe(false)
  })

  it('leaves versions from a newer release alone', async () => {
    const db = clients.memory()
    await applySchema(db, { migrations: [...migrations, ...later] })
    expect(await applySchema(db)).toEqual({ applied: [], current: 3 })
  })
})
