import { createClient, LibsqlError, type Client } from '@libsql/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startMode, type EmulatorMode } from '../modes.js'
import { exec, int, rawPipeline, txt } from './hrana.js'

// Points 1–3 of issue 17: what sqld's parser, binder and error mapping do, seen through @libsql/client and raw HTTP.
describe.each(['msw', 'http'] as const)('statements as sqld runs them, over %s', (modeName) => {
  let mode: EmulatorMode
  let client: Client
  const db = `stmts-${modeName}`
  const codeOf = async (run: Promise<unknown>): Promise<string> => {
    const error = await run.then(() => undefined, (e: unknown) => e)
    expect(error).toBeInstanceOf(LibsqlError)
    return (error as LibsqlError).code
  }
  beforeAll(async () => {
    mode = await startMode(modeName)
    client = createClient({ url: mode.url(db), authToken: mode.emulator.createDatabase(db).authToken })
    await client.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)')
  })
  afterAll(async () => {
    client.close()
    await mode.stop()
  })

  it('refuses an execute with several statements (SQL_MANY_STATEMENTS) and runs none of them', async () => {
    expect(await codeOf(client.execute("INSERT INTO t (name) VALUES ('one'); INSERT INTO t (name) VALUES ('two')"))).toBe('SQL_MANY_STATEMENTS')
    expect(await mode.emulator.query(db, 'SELECT count(*) AS n FROM t')).toEqual([{ n: 0 }])
    // A trigger body's semicolons belong to one statement; a trailing semicolon or comment is not a statement.
    await client.execute('CREATE TRIGGER t_audit AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END;')
    await client.execute('DROP TRIGGER t_audit; -- done')
    const raw = await rawPipeline(mode, db, [exec('SELECT 1; SELECT 2'), { type: 'close' }])
    expect(raw.json.results[0]).toEqual({ type: 'error', error: { message: 'SQL string contains more than one statement', code: 'SQL_MANY_STATEMENTS' } })
  })

  it('refuses missing and extra arguments (ARGS_INVALID) and mixed positional and named ones', async () => {
    expect(await codeOf(client.execute({ sql: 'SELECT ?, ?', args: [1] }))).toBe('ARGS_INVALID')
    expect(await codeOf(client.execute({ sql: 'SELECT ?', args: [1, 2] }))).toBe('ARGS_INVALID')
    expect(await codeOf(client.execute({ sql: 'SELECT :a', args: { a: 1, b: 2 } }))).toBe('ARGS_INVALID')
    expect(await codeOf(client.execute({ sql: 'SELECT :a, :b', args: { a: 1 } }))).toBe('ARGS_INVALID')
    const mixed = await rawPipeline(mode, db, [exec('SELECT ?, :a', { args: [int(1)], named_args: [{ name: 'a', value: int(2) }] }), { type: 'close' }])
    expect(mixed.json.results[0].error.code).toBe('ARGS_BOTH_POSITIONAL_AND_NAMED')
  })

  it('binds `SELECT :b, :a, ?1` by name, ?1 sharing the slot of :b, and names with any prefix', async () => {
    const { rows } = await client.execute({ sql: 'SELECT :b AS b, :a AS a, ?1 AS again', args: { a: 'A', b: 'B' } })
    expect(rows[0]).toMatchObject({ b: 'B', a: 'A', again: 'B' })
    const prefixed = await rawPipeline(mode, db, [exec('SELECT $x, @y', { named_args: [{ name: '$x', value: txt('x') }, { name: 'y', value: txt('y') }] })])
    expect(prefixed.json.results[0].response.result.rows).toEqual([[txt('x'), txt('y')]])
    const numbered = await client.execute({ sql: 'SELECT ?2 AS second, ?1 AS first', args: ['one', 'two'] })
    expect(numbered.rows[0]).toMatchObject({ second: 'two', first: 'one' })
  })

  it('sends primary SQLITE_ codes and its own codes for parse, input and empty-statement errors', async () => {
    await client.execute("INSERT INTO t (id, name) VALUES (1, 'x')")
    expect(await codeOf(client.execute("INSERT INTO t (id, name) VALUES (1, 'y')"))).toBe('SQLITE_CONSTRAINT')
    expect(await codeOf(client.execute("INSERT INTO t (name) VALUES ('x')"))).toBe('SQLITE_CONSTRAINT')
    expect(await codeOf(client.execute('INSERT INTO t (name) VALUES (NULL)'))).toBe('SQLITE_CONSTRAINT')
    expect(await codeOf(client.execute('SELEC 1'))).toBe('SQL_PARSE_ERROR')
    expect(await codeOf(client.execute('SELECT nope FROM t'))).toBe('SQL_INPUT_ERROR')
    expect(await codeOf(client.execute('SELECT * FROM missing'))).toBe('SQL_INPUT_ERROR')
    expect(await codeOf(client.execute(''))).toBe('SQL_NO_STATEMENT')
    expect(await codeOf(client.execute('-- nothing'))).toBe('SQL_NO_STATEMENT')
    const raw = await rawPipeline(mode, db, [exec("INSERT INTO t (id, name) VALUES (1, 'z')"), exec('SELECT nope FROM t'), { type: 'close' }])
    expect(raw.json.results[0].error).toEqual({ code: 'SQLITE_CONSTRAINT', message: 'SQLite error: UNIQUE constraint failed: t.id' })
    expect(raw.json.results[1].error.message).toMatch(/^SQL input error: no such column: nope \(at offset \d+\)$/)
  })

  it('fails a whole batch when a step does not parse, but runs on past a step that fails while running', async () => {
    const parse = await rawPipeline(mode, db, [
      { type: 'batch', batch: { steps: [{ stmt: { sql: "INSERT INTO t (name) VALUES ('never')" } }, { stmt: { sql: 'SELEC 1' } }] } },
      { type: 'close' },
    ])
    expect(parse.json.results[0]).toMatchObject({ type: 'error', error: { code: 'SQL_PARSE_ERROR' } })
    expect(await mode.emulator.query(db, "SELECT count(*) AS n FROM t WHERE name = 'never'")).toEqual([{ n: 0 }])
    const run = await rawPipeline(mode, db, [
      { type: 'batch', batch: { steps: [{ stmt: { sql: 'SELECT * FROM missing' } }, { stmt: { sql: 'SELECT 1' } }] } },
      { type: 'close' },
    ])
    expect(run.json.results[0].response.result.step_errors[0].code).toBe('SQL_INPUT_ERROR')
    expect(run.json.results[0].response.result.step_results[1].rows).toEqual([[int(1)]])
  })
})
