import { createClient, type Client } from '@libsql/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMode, type EmulatorMode } from '../modes.js'
import { exec, int, rawPipeline, txt } from './hrana.js'

// Issue 27, point 3: the value edges of the wire, as sqld answers them. The emulator must answer with an error and
// keep serving, never crash the process or store something else than what was sent.
describe.each(['msw', 'http'] as const)('values at the edges of the wire, over %s', (modeName) => {
  let mode: EmulatorMode
  let client: Client
  const db = `values-${modeName}`
  beforeAll(async () => {
    mode = await startMode(modeName)
    client = createClient({ url: mode.url(db), authToken: mode.emulator.createDatabase(db).authToken })
    await client.execute('CREATE TABLE t (x TEXT) STRICT')
  })
  afterAll(async () => {
    client.close()
    await mode.stop()
  })

  const pipelineUrl = (): string => `${mode.origin(db).replace(/\/$/, '')}/v3/pipeline`

  it('a lone surrogate in a text argument, in SQL or in a name is a Hrana protocol error (400), and nothing is stored', async () => {
    for (const request of [
      exec('INSERT INTO t VALUES (?)', { args: [txt('a\ud800b')] }),
      exec('INSERT INTO t VALUES (?)', { args: [txt('\udc00')] }),
      exec("INSERT INTO t VALUES ('\ud83d')"),
      exec('INSERT INTO t VALUES (:a)', { named_args: [{ name: 'a\ud800', value: txt('x') }] }),
    ]) {
      const raw = await rawPipeline(mode, db, [request, { type: 'close' }])
      expect(raw.status).toBe(400)
      expect(String(raw.json)).toContain('lone surrogate')
    }
    expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0]?.['n']).toBe(0)
    // A well-formed astral character is fine.
    await client.execute({ sql: 'INSERT INTO t VALUES (?)', args: ['👋🏽'] })
    expect((await client.execute('SELECT x FROM t')).rows[0]?.['x']).toBe('👋🏽')
    await client.execute('DELETE FROM t')
  })

  it('a body that is not valid UTF-8 is a Hrana protocol error (400), and the emulator keeps serving', async () => {
    const prefix = new TextEncoder().encode('{"baton":null,"requests":[{"type":"execute","stmt":{"sql":"INSERT INTO t VALUES (\'')
    const suffix = new TextEncoder().encode('\')"}},{"type":"close"}]}')
    const body = new Uint8Array([...prefix, 0xff, 0xfe, 0xc3, ...suffix])
    const response = await globalThis.fetch(pipelineUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${mode.emulator.createDatabase(db).authToken}` },
      body,
    })
    expect(response.status).toBe(400)
    expect(await response.text()).toContain('not valid UTF-8')
    expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0]?.['n']).toBe(0)
  })

  it('a NUL inside TEXT is kept, in an argument, in a stored row and in a computed value, as sqld keeps it', async () => {
    const value = 'a\u0000b\u0000'
    await client.execute({ sql: 'INSERT INTO t VALUES (?)', args: [value] })
    expect((await client.execute('SELECT x, length(CAST(x AS BLOB)) AS n FROM t')).rows[0]).toMatchObject({ x: value, n: 4 })
    const raw = await rawPipeline(mode, db, [exec('SELECT x, ? AS y, \'c\' || char(0) || \'d\' AS z FROM t', { args: [txt('\u0000')] }), { type: 'close' }])
    expect(raw.json.results[0].response.result.rows).toEqual([[txt(value), txt('\u0000'), txt('c\u0000d')]])
    expect(await mode.emulator.query(db, 'SELECT x FROM t')).toEqual([{ x: value }])
    // RETURNING keeps it too: an expression list with aliases, and `*`.
    const returned = await rawPipeline(mode, db, [
      exec("UPDATE t SET x = x || char(0) RETURNING x AS v, length(CAST(x AS BLOB)), 'c' || char(0)", {}),
      exec('DELETE FROM t RETURNING *'),
      { type: 'close' },
    ])
    expect(returned.json.results[0].response.result.rows).toEqual([[txt(`${value}\u0000`), int(5), txt('c\u0000')]])
    expect(returned.json.results[0].response.result.cols.map((c: { name: string }) => c.name)).toEqual(['v', 'length(CAST(x AS BLOB))', "'c' || char(0)"])
    expect(returned.json.results[1].response.result.rows).toEqual([[txt(`${value}\u0000`)]])
  })

  it('text that is not valid UTF-8 in a result is a statement error, and the emulator keeps serving', async () => {
    // CAST of bytes and char() of a surrogate make such text inside SQLite; reading it must not abort the process.
    await client.execute("INSERT INTO t VALUES (CAST(x'41ff42' AS TEXT))")
    for (const sql of ['SELECT x FROM t', "SELECT CAST(x'c3' AS TEXT) AS v", 'SELECT char(55296) AS v', "WITH w AS (SELECT x FROM t) SELECT 1, x FROM w;"]) {
      const raw = await rawPipeline(mode, db, [exec(sql), { type: 'close' }])
      expect(raw.json.results[0], sql).toMatchObject({ type: 'error', error: { code: 'SQLITE_MISMATCH', message: expect.stringContaining('not valid UTF-8') } })
    }
    // Also when it comes back from RETURNING (the row is written: the statement ran before its rows were read).
    const returning = await rawPipeline(mode, db, [exec("INSERT INTO t VALUES (CAST(x'ff' AS TEXT)) RETURNING x, rowid"), { type: 'close' }])
    expect(returning.json.results[0]).toMatchObject({ type: 'error', error: { code: 'SQLITE_MISMATCH' } })
    await client.execute("DELETE FROM t WHERE x = CAST(x'ff' AS TEXT)")
    // A blob literal that is not UTF-8 is just bytes, also in EXPLAIN (whose listing shows blob literals as text).
    const blob = await rawPipeline(mode, db, [exec("SELECT x'ff00fe' AS b"), exec("EXPLAIN SELECT x'ff' AS b"), { type: 'close' }])
    expect(blob.json.results[0].response.result.rows).toEqual([[{ type: 'blob', base64: '/wD+' }]])
    expect(blob.json.results[1]).toMatchObject({ type: 'ok' })
    // The same row read as bytes, and every other statement, still work.
    expect((await client.execute('SELECT hex(x) AS h FROM t')).rows[0]?.['h']).toBe('41FF42')
    await client.execute('DELETE FROM t')
    expect((await client.execute('SELECT count(*) AS n FROM t')).rows[0]?.['n']).toBe(0)
  })

  it('named arguments match with and without their prefix (:a, @a, $a, a), as sqld binds them', async () => {
    for (const [sql, name] of [
      ['SELECT :a AS v', ':a'],
      ['SELECT :a AS v', 'a'],
      ['SELECT @a AS v', '@a'],
      ['SELECT @a AS v', 'a'],
      ['SELECT $a AS v', '$a'],
      ['SELECT $a AS v', 'a'],
    ] as const) {
      const raw = await rawPipeline(mode, db, [exec(sql, { named_args: [{ name, value: txt('yes') }] }), { type: 'close' }])
      expect(raw.json.results[0], `${sql} with ${name}`).toMatchObject({ type: 'ok', response: { result: { rows: [[{ type: 'text', value: 'yes' }]] } } })
    }
    // Through @libsql/client, which sends names without their prefix.
    expect((await client.execute({ sql: 'SELECT :a || @b || $c AS v', args: { a: 'x', b: 'y', c: 'z' } })).rows[0]?.['v']).toBe('xyz')
    // A prefix that is not the parameter's own does not match (sqld looks up the name as written, then without it).
    const wrong = await rawPipeline(mode, db, [exec('SELECT :a AS v', { named_args: [{ name: '$a', value: txt('no') }] }), { type: 'close' }])
    expect(wrong.json.results[0]).toMatchObject({ type: 'error', error: { code: 'ARGS_INVALID' } })
  })
})
