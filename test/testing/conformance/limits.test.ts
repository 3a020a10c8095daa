import { createClient, type Client } from '@libsql/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMode, type EmulatorMode } from '../modes.js'
import { exec, int, rawPipeline } from './hrana.js'

// Point 7: sqld's limits and the answers it takes from the engine.
describe.each(['msw', 'http'] as const)('limits and engine answers as in sqld, over %s', (modeName) => {
  let mode: EmulatorMode
  let client: Client
  const db = `limits-${modeName}`
  beforeAll(async () => {
    mode = await startMode(modeName, { maxResponseBytes: 100_000 })
    client = createClient({ url: mode.url(db), authToken: mode.emulator.createDatabase(db).authToken })
    await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)')
  })
  afterAll(async () => {
    client.close()
    await mode.stop()
  })

  it('fails an execute or a whole batch whose rows pass the response cap with RESPONSE_TOO_LARGE', async () => {
    await expect(client.execute('SELECT zeroblob(100001)')).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE' })
    expect((await client.execute('SELECT length(zeroblob(99000)) AS n')).rows[0]?.n).toBe(99_000)
    const batch = await rawPipeline(mode, db, [
      { type: 'batch', batch: { steps: [{ stmt: { sql: 'SELECT zeroblob(60000)' } }, { stmt: { sql: 'SELECT zeroblob(60000)' } }] } },
      { type: 'close' },
    ])
    expect(batch.json.results[0]).toEqual({ type: 'error', error: { message: 'Response is too large', code: 'RESPONSE_TOO_LARGE' } })
  })

  it('limits store_sql to 50 texts of at most 5 kB per stream, and an existing sql_id breaks the protocol', async () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ type: 'store_sql', sql_id: i, sql: 'SELECT 1' }))
    const stored = await rawPipeline(mode, db, [...many, { type: 'store_sql', sql_id: 99, sql: `SELECT '${'x'.repeat(5_000)}'` }, { type: 'close' }])
    expect(stored.json.results[49].type).toBe('ok')
    expect(stored.json.results[50].error.code).toBe('SQL_STORE_TOO_MANY')
    const large = await rawPipeline(mode, db, [{ type: 'store_sql', sql_id: 1, sql: `SELECT '${'x'.repeat(5_000)}'` }, { type: 'close' }])
    expect(large.json.results[0].error.code).toBe('SQL_STORE_TOO_LARGE')
    const twice = await rawPipeline(mode, db, [{ type: 'store_sql', sql_id: 1, sql: 'SELECT 1' }, { type: 'store_sql', sql_id: 1, sql: 'SELECT 2' }])
    expect(twice).toMatchObject({ status: 400, json: 'SQL text 1 already exists' })
    expect(twice.headers.get('content-type')).toBe('text/plain')
  })

  it('refuses Hrana 3 requests on /v2 and integers sent as JSON numbers', async () => {
    expect((await rawPipeline(mode, db, [{ type: 'get_autocommit' }], { version: 2 })).status).toBe(400)
    expect((await rawPipeline(mode, db, [{ type: 'get_autocommit' }, { type: 'close' }], { version: 3 })).json.results[0].response).toEqual({
      type: 'get_autocommit',
      is_autocommit: true,
    })
    const cond = [{ type: 'batch', batch: { steps: [{ condition: { type: 'is_autocommit' }, stmt: { sql: 'SELECT 1' } }] } }]
    expect((await rawPipeline(mode, db, cond, { version: 2 })).status).toBe(400)
    expect((await postCursor(mode, db, 2)).status).toBe(404)
    const number = await rawPipeline(mode, db, [exec('SELECT ?', { args: [{ type: 'integer', value: 5 }] })])
    expect(number.status).toBe(400)
    expect((await rawPipeline(mode, db, [exec('SELECT ?', { args: [int(5)] }), { type: 'close' }])).status).toBe(200)
  })

  it('reports last_insert_rowid only for statements that inserted', async () => {
    const insert = await client.execute("INSERT INTO t (body) VALUES ('a')")
    expect(insert.lastInsertRowid).toBe(1n)
    expect((await client.execute('SELECT * FROM t')).lastInsertRowid).toBeUndefined()
    expect((await client.execute("UPDATE t SET body = 'b'")).lastInsertRowid).toBeUndefined()
    const raw = await rawPipeline(mode, db, [exec("INSERT INTO t (body) VALUES ('c')"), exec('SELECT 1'), exec('DELETE FROM t WHERE id = 99'), { type: 'close' }])
    expect(raw.json.results.slice(0, 3).map((r: any) => r.response.result.last_insert_rowid)).toEqual(['2', null, null])
  })

  it("answers describe.is_readonly from the engine's program, not from keywords", async () => {
    const describe = async (sql: string): Promise<boolean> =>
      (await rawPipeline(mode, db, [{ type: 'describe', sql }, { type: 'close' }])).json.results[0].response.result.is_readonly
    expect(await describe('SELECT * FROM t')).toBe(true)
    expect(await describe("SELECT 'INSERT INTO t VALUES (1)' AS text")).toBe(true)
    expect(await describe('WITH c AS (SELECT 1) SELECT * FROM c')).toBe(true)
    expect(await describe("INSERT INTO t (body) VALUES ('x') RETURNING id")).toBe(false)
    expect(await describe('UPDATE t SET body = NULL')).toBe(false)
    expect(await describe('CREATE TEMP TABLE scratch (x)')).toBe(false)
    expect(await describe('BEGIN IMMEDIATE')).toBe(true)
  })
})

const postCursor = (mode: EmulatorMode, db: string, version: number): Promise<Response> =>
  globalThis.fetch(`${mode.origin(db).replace(/\/$/, '')}/v${version}/cursor`, {
    method: 'POST',
    headers: { authorization: `Bearer ${mode.emulator.createDatabase(db).authToken}` },
    body: JSON.stringify({ baton: null, batch: { steps: [] } }),
  })
