import { createClient } from '@libsql/client'
import { afterEach, describe, expect, it } from 'vitest'
import { createTursoEmulator, type TursoEmulator } from '@howlerops/sync/testing'

// Point 5: one connection per Hrana stream on one WAL database, as in sqld.
describe('streams have their own connections', () => {
  let emulator: TursoEmulator
  let now = 0
  const timers: { at: number; fire: () => void }[] = []
  const advance = async (to: number): Promise<void> => {
    now = to
    for (const t of timers.filter((t) => t.at <= now)) {
      timers.splice(timers.indexOf(t), 1)
      t.fire()
    }
    await new Promise((resolve) => setImmediate(resolve))
  }
  const start = (): { url: string; authToken: string; fetch: (r: Request) => Promise<Response> } => {
    now = 0
    timers.length = 0
    emulator = createTursoEmulator({ now: () => now, timers: { setTimeout: (fire, ms) => timers.push({ at: now + ms, fire }), clearTimeout: () => {} } })
    const db = emulator.createDatabase('streams')
    return { url: db.url.replace('libsql:', 'https:'), authToken: db.authToken, fetch: (r: Request) => emulator.fetch(r) }
  }
  afterEach(async () => {
    await emulator.close()
  })

  it('gives a reader in a transaction its snapshot while another stream commits', async () => {
    const config = start()
    const a = createClient(config as never)
    const b = createClient(config as never)
    await a.execute('CREATE TABLE t (x)')
    await a.execute('INSERT INTO t VALUES (1)')
    const reader = await a.transaction('read')
    expect((await reader.execute('SELECT count(*) AS n FROM t')).rows[0]?.n).toBe(1)
    await b.execute('INSERT INTO t VALUES (2)')
    expect((await reader.execute('SELECT count(*) AS n FROM t')).rows[0]?.n).toBe(1)
    await reader.commit()
    expect((await a.execute('SELECT count(*) AS n FROM t')).rows[0]?.n).toBe(2)
  })

  it('serializes writers: a second write waits for the first transaction, readers do not', async () => {
    const config = start()
    const a = createClient(config as never)
    const b = createClient(config as never)
    await a.execute('CREATE TABLE t (x)')
    const writer = await a.transaction('write')
    await writer.execute('INSERT INTO t VALUES (1)')
    let written = false
    const second = b.execute('INSERT INTO t VALUES (2)').then(() => (written = true))
    for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve))
    expect(written).toBe(false)
    expect((await b.execute('SELECT count(*) AS n FROM t')).rows[0]?.n).toBe(0)
    await writer.commit()
    await second
    expect(await emulator.query('streams', 'SELECT x FROM t ORDER BY x')).toEqual([{ x: 1 }, { x: 2 }])
  })

  it('takes the write lock over after 5 s and fails the old transaction with TRANSACTION_TIMEOUT', async () => {
    const config = start()
    const a = createClient(config as never)
    const b = createClient(config as never)
    await a.execute('CREATE TABLE t (x)')
    const slow = await a.transaction('write')
    await slow.execute('INSERT INTO t VALUES (1)')
    let written = false
    const waiting = b.execute('INSERT INTO t VALUES (2)').then(() => (written = true))
    await advance(4_999)
    expect(written).toBe(false)
    await advance(5_000)
    await waiting
    await expect(slow.commit()).rejects.toMatchObject({ code: 'TRANSACTION_TIMEOUT' })
    expect(await emulator.query('streams', 'SELECT x FROM t')).toEqual([{ x: 2 }])
  })

  it('keeps PRAGMAs and TEMP tables to their stream', async () => {
    const config = start()
    const a = createClient(config as never)
    const b = createClient(config as never)
    const tx = await a.transaction('write')
    await tx.execute('CREATE TEMP TABLE scratch (x)')
    const before = (await b.execute('PRAGMA cache_size')).rows[0]?.cache_size
    await tx.execute('PRAGMA cache_size = 1234')
    expect((await tx.execute('PRAGMA cache_size')).rows[0]?.cache_size).toBe(1234)
    expect((await b.execute("SELECT count(*) AS n FROM sqlite_temp_schema WHERE name = 'scratch'")).rows[0]?.n).toBe(0)
    expect((await b.execute('PRAGMA cache_size')).rows[0]?.cache_size).toBe(before)
    expect((await tx.execute("SELECT count(*) AS n FROM sqlite_temp_schema WHERE name = 'scratch'")).rows[0]?.n).toBe(1)
    await tx.commit()
  })
})
