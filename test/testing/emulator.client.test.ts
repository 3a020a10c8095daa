import { createClient, LibsqlError, type Client } from '@libsql/client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { postJson, startMode, type EmulatorMode } from './modes.js'

const SCHEMA = `CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  qty INTEGER NOT NULL DEFAULT 0 CHECK (qty >= 0),
  price REAL,
  data BLOB
)`

describe.each(['msw', 'http'] as const)('Turso emulator with @libsql/client over %s', (modeName) => {
  let mode: EmulatorMode
  let dbCount = 0
  const clients: Client[] = []

  /** A fresh database with the items table, and a client for it. */
  const freshDatabase = async (): Promise<{ name: string; token: string; client: Client }> => {
    const name = `${modeName}-db-${++dbCount}`
    const { authToken } = mode.emulator.createDatabase(name)
    const client = createClient({ url: mode.url(name), authToken })
    clients.push(client)
    await client.execute(SCHEMA)
    return { name, token: authToken, client }
  }

  beforeAll(async () => {
    mode = await startMode(modeName)
  })
  afterEach(() => {
    mode.emulator.faults.clear()
    for (const client of clients.splice(0)) client.close()
  })
  afterAll(async () => {
    await mode.stop()
  })

  it('executes statements and encodes every value type', async () => {
    const { client } = await freshDatabase()
    const insert = await client.execute({
      sql: 'INSERT INTO items (name, qty, price, data) VALUES (?, ?, ?, ?)',
      args: ['apple', 3n, 1.5, new Uint8Array([1, 2, 3])],
    })
    expect(insert.rowsAffected).toBe(1)
    expect(insert.lastInsertRowid).toBe(1n)
    const named = await client.execute({ sql: 'INSERT INTO items (name, qty) VALUES (:name, $qty)', args: { name: 'pear', qty: 9007199254740993n } })
    expect(named.lastInsertRowid).toBe(2n)
    const result = await client.execute({ sql: 'SELECT id, name, qty, price, data, NULL AS empty FROM items WHERE id = 1', args: [] })
    expect(result.columns).toEqual(['id', 'name', 'qty', 'price', 'data', 'empty'])
    expect(result.columnTypes).toEqual(['INTEGER', 'TEXT', 'INTEGER', 'REAL', 'BLOB', ''])
    expect(result.rows[0]?.name).toBe('apple')
    expect(result.rows[0]?.price).toBe(1.5)
    expect(new Uint8Array(result.rows[0]?.data as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]))
    expect(result.rows[0]?.empty).toBeNull()
    // The client's default intMode 'number' refuses integers beyond 2^53, so the value really arrived as an integer.
    await expect(client.execute("SELECT qty FROM items WHERE name = 'pear'")).rejects.toThrow(RangeError)
    const bigint = createClient({ url: mode.url(`${modeName}-db-${dbCount}`), authToken: mode.emulator.createDatabase(`${modeName}-db-${dbCount}`).authToken, intMode: 'bigint' })
    clients.push(bigint)
    expect((await bigint.execute("SELECT qty FROM items WHERE name = 'pear'")).rows[0]?.qty).toBe(9007199254740993n)
  })

  it('runs write batches atomically and read batches', async () => {
    const { name, client } = await freshDatabase()
    await client.batch(
      [
        { sql: 'INSERT INTO items (name, qty) VALUES (?, ?)', args: ['a', 1] },
        { sql: 'INSERT INTO items (name, qty) VALUES (?, ?)', args: ['b', 2] },
      ],
      'write',
    )
    await expect(
      client.batch(
        [
          { sql: 'INSERT INTO items (name, qty) VALUES (?, ?)', args: ['c', 3] },
          { sql: 'INSERT INTO items (name, qty) VALUES (?, ?)', args: ['a', 4] },
        ],
        'write',
      ),
    ).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' })
    const [count, names] = await client.batch(['SELECT count(*) AS n FROM items', 'SELECT name FROM items ORDER BY name'], 'read')
    expect(count?.rows[0]?.n).toBe(2)
    expect(names?.rows.map((r) => r.name)).toEqual(['a', 'b'])
    expect(await mode.emulator.query(name, 'SELECT name, qty FROM items ORDER BY name')).toEqual([
      { name: 'a', qty: 1 },
      { name: 'b', qty: 2 },
    ])
  })

  it('commits an interactive transaction while other streams read the last committed snapshot without waiting', async () => {
    const { name, token, client } = await freshDatabase()
    const tx = await client.transaction('write')
    await tx.execute({ sql: 'INSERT INTO items (name) VALUES (?)', args: ['in-tx'] })
    expect((await tx.execute('SELECT count(*) AS n FROM items')).rows[0]?.n).toBe(1)
    const other = createClient({ url: mode.url(name), authToken: token })
    clients.push(other)
    expect((await other.execute('SELECT count(*) AS n FROM items')).rows[0]?.n).toBe(0)
    await tx.commit()
    expect((await other.execute('SELECT count(*) AS n FROM items')).rows[0]?.n).toBe(1)
  })

  it('rolls back an interactive transaction', async () => {
    const { name, client } = await freshDatabase()
    await client.execute("INSERT INTO items (name) VALUES ('kept')")
    const tx = await client.transaction('write')
    await tx.execute('DELETE FROM items')
    expect((await tx.execute('SELECT count(*) AS n FROM items')).rows[0]?.n).toBe(0)
    await tx.rollback()
    expect(await mode.emulator.query(name, 'SELECT name FROM items')).toEqual([{ name: 'kept' }])
  })

  // sqld sends SQLite's primary result code, and its own codes for what its parser and binder refuse.
  it('reports the error codes sqld sends as LibsqlError.code', async () => {
    const { client } = await freshDatabase()
    await client.execute("INSERT INTO items (id, name) VALUES (1, 'x')")
    const codeOf = async (sql: string): Promise<string> => {
      const error = await client.execute(sql).then(() => undefined, (e: unknown) => e)
      expect(error).toBeInstanceOf(LibsqlError)
      return (error as LibsqlError).code
    }
    expect(await codeOf("INSERT INTO items (name) VALUES ('x')")).toBe('SQLITE_CONSTRAINT')
    expect(await codeOf("INSERT INTO items (id, name) VALUES (1, 'y')")).toBe('SQLITE_CONSTRAINT')
    expect(await codeOf("INSERT INTO items (name, qty) VALUES ('z', -1)")).toBe('SQLITE_CONSTRAINT')
    expect(await codeOf('INSERT INTO items (name) VALUES (NULL)')).toBe('SQLITE_CONSTRAINT')
    expect(await codeOf('SELECT * FROM missing')).toBe('SQL_INPUT_ERROR')
    expect(await codeOf('SELEC 1')).toBe('SQL_PARSE_ERROR')
  })

  it('serves each database its own data and rejects missing, unknown and revoked tokens with 401', async () => {
    const one = await freshDatabase()
    const two = await freshDatabase()
    await one.client.execute("INSERT INTO items (name) VALUES ('only-in-one')")
    expect((await two.client.execute('SELECT count(*) AS n FROM items')).rows[0]?.n).toBe(0)
    const extra = mode.emulator.createToken(one.name)
    const viaExtra = createClient({ url: mode.url(one.name), authToken: extra })
    clients.push(viaExtra)
    expect((await viaExtra.execute('SELECT name FROM items')).rows[0]?.name).toBe('only-in-one')
    expect(mode.emulator.revokeToken(extra)).toBe(true)
    await expect(viaExtra.execute('SELECT 1')).rejects.toBeInstanceOf(LibsqlError)
    const body = { baton: null, requests: [{ type: 'execute', stmt: { sql: 'SELECT 1' } }, { type: 'close' }] }
    const pipeline = `${mode.origin(one.name)}/v2/pipeline`
    expect((await postJson(pipeline, undefined, body)).status).toBe(401)
    const unknown = await postJson(pipeline, 'not-a-token', body)
    expect(unknown.status).toBe(401)
    expect(unknown.json).toEqual({ error: expect.stringMatching(/^Unauthorized: /) })
    expect((await postJson(pipeline, extra, body)).status).toBe(401)
    expect(mode.emulator.createDatabase(one.name).authToken).toBe(one.token)
  })

  it('injects status faults with Retry-After, then recovers', async () => {
    const { name, token, client } = await freshDatabase()
    mode.emulator.faults.add({ kind: 'status', status: 429, retryAfterSeconds: 7, database: name })
    const body = { baton: null, requests: [{ type: 'execute', stmt: { sql: 'SELECT 1' } }, { type: 'close' }] }
    const limited = await postJson(`${mode.origin(name)}/v2/pipeline`, token, body)
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBe('7')
    expect(limited.json).toMatchObject({ code: 'TOO_MANY_REQUESTS' })
    mode.emulator.faults.add({ kind: 'status', status: 503, times: 2, database: name })
    await expect(client.execute('SELECT 1')).rejects.toMatchObject({ code: 'SERVER_ERROR' })
    await expect(client.execute('SELECT 1')).rejects.toMatchObject({ code: 'SERVER_ERROR' })
    expect((await client.execute('SELECT 1 AS one')).rows[0]?.one).toBe(1)
  })

  it('injects network errors without executing, and lost responses after commit', async () => {
    const { name, client } = await freshDatabase()
    mode.emulator.faults.add({ kind: 'network', database: name })
    await expect(client.execute("INSERT INTO items (name) VALUES ('dropped')")).rejects.toThrow()
    expect(await mode.emulator.query(name, 'SELECT count(*) AS n FROM items')).toEqual([{ n: 0 }])
    mode.emulator.faults.add({ kind: 'lost-after-commit', database: name, match: (b) => b.includes('INSERT') })
    await expect(client.execute("INSERT INTO items (name) VALUES ('committed')")).rejects.toThrow()
    expect(await mode.emulator.query(name, 'SELECT name FROM items')).toEqual([{ name: 'committed' }])
    expect(mode.emulator.faults.pending).toBe(0)
  })

  it('counts requests, statements, rows read (scanned) and rows written', async () => {
    const { name, client } = await freshDatabase()
    await client.execute('CREATE TABLE audit (item TEXT)')
    await client.execute("CREATE TRIGGER items_audit AFTER INSERT ON items BEGIN INSERT INTO audit VALUES (new.name); END")
    await client.batch(Array.from({ length: 10 }, (_, i) => ({ sql: 'INSERT INTO items (name) VALUES (?)', args: [`n${i}`] })), 'write')
    mode.emulator.resetStats(name)
    await client.execute('SELECT * FROM items WHERE id = 3')
    expect(mode.emulator.stats(name)).toEqual({ requests: 1, statements: 1, rowsRead: 1, rowsWritten: 0 })
    await client.execute("SELECT count(*) FROM items WHERE price IS NULL")
    expect(mode.emulator.stats(name).rowsRead).toBe(11)
    await client.execute('UPDATE items SET qty = qty + 1')
    await client.execute("INSERT INTO items (name) VALUES ('with-trigger')")
    // 10 updated rows, then the insert: its row, the trigger's audit row and the entry of the UNIQUE(name) index.
    expect(mode.emulator.stats(name)).toEqual({ requests: 4, statements: 4, rowsRead: 21, rowsWritten: 13 })
    mode.emulator.resetStats()
    expect(mode.emulator.stats(name)).toEqual({ requests: 0, statements: 0, rowsRead: 0, rowsWritten: 0 })
  })

  it('logs raw request bodies', async () => {
    const { name, client } = await freshDatabase()
    mode.emulator.clearRequestLog()
    await client.execute({ sql: 'INSERT INTO items (name) VALUES (?)', args: ['visible-in-log'] })
    const entries = mode.emulator.requestLog.filter((e) => e.database === name)
    expect(entries).toHaveLength(1)
    expect(entries[0]?.path).toBe('/v2/pipeline')
    expect(entries[0]?.body).toContain('visible-in-log')
  })
})
