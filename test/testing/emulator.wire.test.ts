import { afterEach, describe, expect, it, vi } from 'vitest'
import { createTursoEmulator, type TursoEmulator, type TursoEmulatorOptions } from '../../src/testing/index.js'
import { postJson, startMode } from './modes.js'

const execute = (sql: string, extra: Record<string, unknown> = {}): unknown => ({ type: 'execute', stmt: { sql, ...extra } })

describe.each(['msw', 'http'] as const)('Hrana endpoints over %s', (modeName) => {
  it('answers the version probes and the v3 pipeline with rows_read and rows_written', async () => {
    const mode = await startMode(modeName)
    try {
      const { authToken } = mode.emulator.createDatabase('probe')
      const origin = mode.origin('probe')
      expect((await globalThis.fetch(`${origin}/v2`)).status).toBe(200)
      expect((await globalThis.fetch(`${origin}/v3`)).status).toBe(200)
      expect((await globalThis.fetch(`${origin}/v3-protobuf`)).status).toBe(404)
      const { status, json } = await postJson(`${origin}/v3/pipeline`, authToken, {
        baton: null,
        requests: [execute('CREATE TABLE t (x INTEGER)'), execute('INSERT INTO t VALUES (1), (2)'), execute('SELECT x FROM t'), { type: 'close' }],
      })
      expect(status).toBe(200)
      expect(json.baton).toBeNull()
      expect(json.results[1].response.result).toMatchObject({ affected_row_count: 2, last_insert_rowid: '2', rows_written: 2 })
      expect(json.results[2].response.result).toEqual({
        cols: [{ name: 'x', decltype: 'INTEGER' }],
        rows: [[{ type: 'integer', value: '1' }], [{ type: 'integer', value: '2' }]],
        affected_row_count: 0,
        last_insert_rowid: null,
        rows_read: 2,
        rows_written: 0,
      })
    } finally {
      await mode.stop()
    }
  })
})

describe('Hrana requests (emulator.fetch)', () => {
  let emulator: TursoEmulator
  let token: string
  const pipeline = async (body: unknown, version = 3): Promise<{ status: number; json: any }> => {
    const response = await emulator.fetch(
      new Request(`https://wire.turso.test/v${version}/pipeline`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    )
    const text = await response.text()
    return { status: response.status, json: response.headers.get('content-type') === 'application/json' ? JSON.parse(text) : text }
  }
  const start = (options: TursoEmulatorOptions = {}): void => {
    emulator = createTursoEmulator(options)
    token = emulator.createDatabase('wire').authToken
  }
  afterEach(async () => {
    await emulator.close()
  })

  it('keeps stored SQL on a stream across requests and supports describe, sequence and get_autocommit', async () => {
    start()
    const first = await pipeline({
      baton: null,
      requests: [
        { type: 'sequence', sql: 'CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES (\'a\');' },
        { type: 'store_sql', sql_id: 1, sql: 'SELECT name FROM t WHERE id = :id' },
        { type: 'describe', sql_id: 1 },
        { type: 'describe', sql: 'INSERT INTO t (name) VALUES (?)' },
        { type: 'get_autocommit' },
        execute('BEGIN'),
        { type: 'get_autocommit' },
      ],
    })
    expect(first.json.results.map((r: any) => r.type)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'])
    expect(first.json.results[2].response.result).toEqual({
      params: [{ name: ':id' }],
      cols: [{ name: 'name', decltype: 'TEXT' }],
      is_explain: false,
      is_readonly: true,
    })
    expect(first.json.results[3].response.result).toMatchObject({ params: [{ name: null }], cols: [], is_readonly: false })
    expect(first.json.results[4].response.is_autocommit).toBe(true)
    expect(first.json.results[6].response.is_autocommit).toBe(false)
    const baton = first.json.baton as string
    expect(typeof baton).toBe('string')

    const second = await pipeline({
      baton,
      requests: [
        { type: 'execute', stmt: { sql_id: 1, named_args: [{ name: 'id', value: { type: 'integer', value: '1' } }] } },
        { type: 'close_sql', sql_id: 1 },
        execute('COMMIT'),
      ],
    })
    expect(second.json.results[0].response.result.rows).toEqual([[{ type: 'text', value: 'a' }]])
    expect(second.json.results[2].type).toBe('ok')
    // A baton is good for one request; an unknown sql_id breaks the protocol: plain-text 400, the stream is dropped.
    const reused = await pipeline({ baton, requests: [execute('SELECT 1')] })
    expect(reused).toEqual({ status: 400, json: 'Received an invalid baton' })
    const missing = await pipeline({ baton: second.json.baton, requests: [{ type: 'execute', stmt: { sql_id: 1 } }] })
    expect(missing).toEqual({ status: 400, json: 'SQL text 1 not found' })
  })

  it('evaluates batch conditions', async () => {
    start()
    const { json } = await pipeline(
      {
        baton: null,
        requests: [
          {
            type: 'batch',
            batch: {
              steps: [
                { stmt: { sql: 'SELECT 1' } },
                { stmt: { sql: 'SELECT * FROM nope' } },
                { condition: { type: 'error', step: 1 }, stmt: { sql: "SELECT 'after error'" } },
                { condition: { type: 'and', conds: [{ type: 'ok', step: 0 }, { type: 'ok', step: 1 }] }, stmt: { sql: 'SELECT 3' } },
                { condition: { type: 'or', conds: [{ type: 'ok', step: 3 }, { type: 'not', cond: { type: 'ok', step: 1 } }] }, stmt: { sql: 'SELECT 4' } },
                { condition: { type: 'is_autocommit' }, stmt: { sql: 'SELECT 5' } },
                { condition: { type: 'ok', step: 3 }, stmt: { sql: 'SELECT 6' } },
              ],
            },
          },
          { type: 'close' },
        ],
      },
      3,
    )
    const result = json.results[0].response.result
    expect(result.step_results.map((r: unknown) => r !== null)).toEqual([true, false, true, false, true, true, false])
    expect(result.step_errors.map((e: unknown) => e !== null)).toEqual([false, true, false, false, false, false, false])
    expect(result.step_errors[1]).toMatchObject({ code: 'SQL_INPUT_ERROR' })
  })

  it('rejects malformed requests with 400 and a plain-text message, as sqld does', async () => {
    start()
    const cases: unknown[] = [
      'not json',
      { baton: null },
      { baton: null, requests: [{ type: 'teleport' }] },
      { baton: null, requests: [{ type: 'execute', stmt: { sql: 'SELECT 1', sql_id: 1 } }] },
      { baton: null, requests: [execute('SELECT ?', { args: [{ type: 'integer', value: 'x' }] })] },
      { baton: 42, requests: [] },
    ]
    for (const body of cases) {
      const { status, json } = await pipeline(body)
      expect(status).toBe(400)
      expect(json).toEqual(expect.stringMatching(/\w/))
    }
    expect(await pipeline({ baton: 'made-up', requests: [] })).toEqual({ status: 400, json: 'Received an invalid baton' })
  })

  it('streams a batch through /v3/cursor', async () => {
    start()
    const response = await emulator.fetch(
      new Request('https://wire.turso.test/v3/cursor', {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ baton: null, batch: { steps: [{ stmt: { sql: 'SELECT 1 AS a UNION ALL SELECT 2' } }, { stmt: { sql: 'SELECT * FROM nope' } }] } }),
      }),
    )
    const lines = (await response.text()).trim().split('\n').map((line) => JSON.parse(line))
    expect(lines[0]).toMatchObject({ base_url: null })
    expect(lines.slice(1).map((l) => l.type)).toEqual(['step_begin', 'row', 'row', 'step_end', 'step_error'])
    expect(lines[2]).toEqual({ type: 'row', row: [{ type: 'integer', value: '1' }] })
  })

  it('lets readers past an open write transaction, queues writers, and takes the lock over after 5 s', async () => {
    let now = 0
    const timers: { at: number; fire: () => void }[] = []
    const fireDue = (): void => {
      for (const t of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(t), 1)
        t.fire()
      }
    }
    start({
      now: () => now,
      timers: { setTimeout: (fire, ms) => timers.push({ at: now + ms, fire }), clearTimeout: () => {} },
    })
    await pipeline({ baton: null, requests: [execute('CREATE TABLE t (x)'), { type: 'close' }] })
    const tx = await pipeline({ baton: null, requests: [execute('BEGIN'), execute('INSERT INTO t VALUES (1)')] })
    const read = await pipeline({ baton: null, requests: [execute('SELECT count(*) FROM t'), { type: 'close' }] })
    expect(read.json.results[0].response.result.rows).toEqual([[{ type: 'integer', value: '0' }]])
    let settled = false
    const writer = pipeline({ baton: null, requests: [execute('INSERT INTO t VALUES (2)'), { type: 'close' }] }).then((r) => {
      settled = true
      return r
    })
    await new Promise((resolve) => setImmediate(resolve))
    now = 4_999
    fireDue()
    await new Promise((resolve) => setImmediate(resolve))
    expect(settled).toBe(false)
    now = 5_000
    fireDue()
    expect((await writer).json.results[0].type).toBe('ok')
    const late = await pipeline({ baton: tx.json.baton, requests: [execute('COMMIT'), { type: 'close' }] })
    expect(late.json.results[0]).toEqual({ type: 'error', error: { message: 'Transaction timed out', code: 'TRANSACTION_TIMEOUT' } })
    expect(await emulator.query('wire', 'SELECT x FROM t')).toEqual([{ x: 2 }])
  })

  it('expires an idle transaction lazily when the next request arrives', async () => {
    let now = 0
    start({ now: () => now, timers: { setTimeout: () => undefined, clearTimeout: () => {} } })
    await pipeline({ baton: null, requests: [execute('CREATE TABLE t (x)'), execute('BEGIN'), execute('INSERT INTO t VALUES (1)')] })
    now = 10_000
    const { json } = await pipeline({ baton: null, requests: [execute('SELECT count(*) FROM t'), { type: 'close' }] })
    expect(json.results[0].response.result.rows).toEqual([[{ type: 'integer', value: '0' }]])
  })

  it('adds latency through the injected sleep', async () => {
    const sleep = vi.fn(async (_ms: number) => {})
    start({ sleep })
    emulator.faults.add({ kind: 'latency', ms: 250, times: 2 })
    await pipeline({ baton: null, requests: [{ type: 'close' }] })
    await pipeline({ baton: null, requests: [{ type: 'close' }] })
    await pipeline({ baton: null, requests: [{ type: 'close' }] })
    expect(sleep.mock.calls).toEqual([[250], [250]])
  })
})
