// applySchema over the real @libsql/client HTTP transport (Hrana over HTTP), served by the Turso emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type Client } from '@libsql/client'
import { applySchema, migrations, SchemaMigrationError, type Migration } from '../../src/server'
import { createTursoEmulator } from '../../src/testing'

const emulator = createTursoEmulator()
let url = ''
beforeAll(async () => {
  url = (await emulator.listen(0)).url
})
afterAll(() => emulator.close())

const openHttp = (name: string): Client => createClient({ url, authToken: emulator.createDatabase(name).authToken })

// Skipped until the emulator is fixed: after any `execute` on an emulator database, a later `executeMultiple` of
// `BEGIN; ...; COMMIT;` fails with SQLITE_BUSY "cannot commit transaction - SQL statements in progress" (a statement
// left un-reset on the emulator's connection, src/testing/database). Real sqld runs the same script. Remove `.skip`
// once `execute('SELECT 1')` followed by `executeMultiple('BEGIN; CREATE TABLE a (x); COMMIT;')` works there.
describe('applySchema over HTTP', () => {
  it('applies once in one request per migration, then is a no-op', async () => {
    const db = openHttp('http-once')
    emulator.resetStats('http-once')
    expect(await applySchema(db)).toEqual({ applied: [1], current: 1 })
    expect(await applySchema(db)).toEqual({ applied: [], current: 1 })
    const rows = await emulator.query('http-once', 'SELECT version FROM schema_migrations')
    expect(rows).toEqual([{ version: 1 }])
    const tables = await emulator.query('http-once', `SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name = 'saved_queries'`)
    expect(tables).toEqual([{ n: 1 }])
  })

  it('rolls a failing migration back', async () => {
    const db = openHttp('http-rollback')
    await applySchema(db)
    const broken: Migration = { version: 2, name: 'broken', sql: 'CREATE TABLE tags (id TEXT) STRICT;\nINSERT INTO missing VALUES (1);' }
    await expect(applySchema(db, { migrations: [...migrations, broken] })).rejects.toBeInstanceOf(SchemaMigrationError)
    expect(await emulator.query('http-rollback', `SELECT name FROM sqlite_schema WHERE name = 'tags'`)).toEqual([])
    const fixed: Migration = { ...broken, sql: 'CREATE TABLE tags (id TEXT) STRICT;' }
    expect(await applySchema(db, { migrations: [...migrations, fixed] })).toEqual({ applied: [2], current: 2 })
  })
})
