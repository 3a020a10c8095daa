import { afterAll, describe, expect, it, vi } from 'vitest'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from './harness'
import { createFakeClock } from './fakeClock'

/** Issue 15, "the queue never sticks" (I9, R8, R9). */
const { emulator, close } = startEmulator()
afterAll(close)

/** The server refuses saved queries named 'poison' with a statement-level error (a trigger, as any app may have). */
const poisonTrigger = async (name: string): Promise<void> => {
  await emulator.query(
    name,
    "CREATE TRIGGER refuse_poison BEFORE INSERT ON saved_queries WHEN NEW.name = 'poison' BEGIN SELECT RAISE(ABORT, 'poison names are refused'); END",
  )
  await emulator.query(
    name,
    "CREATE TRIGGER refuse_poison_update BEFORE UPDATE ON saved_queries WHEN NEW.name = 'poison' BEGIN SELECT RAISE(ABORT, 'poison names are refused'); END",
  )
}

/** A fetch that rewrites every error code the server sends into one the engine has never heard of. */
const unknownCodes: typeof globalThis.fetch = async (input, init) => {
  const response = await globalThis.fetch(input, init)
  const text = await response.text()
  return new Response(text.replace(/"code":"SQLITE_[A-Z_]*"/g, '"code":"UNKNOWN_SQLITE_ERROR_3091"'), { status: response.status, headers: response.headers })
}

describe('one refused record never blocks the rest, whatever the code (I9, R8)', () => {
  it('quarantines the record with the server’s reason, syncs everything else in the same cycle, and lists it', async () => {
    const user = await createUserDatabase(emulator)
    await poisonTrigger(user.name)
    // Unsealed here and below: the server's poison trigger reads the plaintext name.
    const a = createDevice(user, 'A', { sealing: false, remote: { url: user.url, authToken: user.authToken, fetch: unknownCodes } })
    await a.db.saved_queries.bulkPut([savedQuery('ok-1'), savedQuery('bad', { name: 'poison' }), savedQuery('ok-2')] as never)
    const summary = await a.engine.syncNow()
    expect(summary.quarantined).toBe(1)
    expect((await emulator.query(user.name, 'SELECT id FROM saved_queries ORDER BY id')).map((r) => r['id'])).toEqual(['ok-1', 'ok-2'])
    expect(a.engine.getStatus()).toMatchObject({ quarantinedCount: 1, pendingCount: 0 })
    const [refused] = await a.engine.quarantine.list()
    expect(refused).toMatchObject({ table: 'saved_queries', key: 'bad' })
    expect(refused?.message).toContain('poison names are refused')
    expect(a.engine.quarantine.getSnapshot()).toHaveLength(1)
  })

  it('leaves the quarantine when a later edit syncs', async () => {
    const user = await createUserDatabase(emulator)
    await poisonTrigger(user.name)
    const a = createDevice(user, 'A', { sealing: false })
    await a.db.saved_queries.put(savedQuery('bad', { name: 'poison' }) as never)
    await a.engine.syncNow()
    expect(a.engine.getStatus().quarantinedCount).toBe(1)
    await a.db.saved_queries.update('bad', { name: 'fine now' })
    await a.engine.syncNow()
    await a.engine.whenIdle()
    expect(a.engine.getStatus().quarantinedCount).toBe(0)
    expect(await a.engine.quarantine.list()).toEqual([])
    expect(await emulator.query(user.name, "SELECT name FROM saved_queries WHERE id = 'bad'")).toEqual([{ name: 'fine now' }])
  })

  it('retry() queues the record again; discard() drops the local change', async () => {
    const user = await createUserDatabase(emulator)
    await poisonTrigger(user.name)
    const a = createDevice(user, 'A', { sealing: false })
    await a.db.saved_queries.bulkPut([savedQuery('later', { name: 'poison' }), savedQuery('never', { name: 'poison' })] as never)
    await a.engine.syncNow()
    expect(a.engine.getStatus().quarantinedCount).toBe(2)
    // The server's rule changes; the user retries one record and discards the other.
    await emulator.query(user.name, 'DROP TRIGGER refuse_poison')
    await a.engine.quarantine.retry({ table: 'saved_queries', key: 'later' })
    await a.engine.whenIdle()
    await a.engine.quarantine.discard({ table: 'saved_queries', key: 'never' })
    await a.engine.whenIdle()
    expect((await emulator.query(user.name, 'SELECT id FROM saved_queries')).map((r) => r['id'])).toEqual(['later'])
    expect(await a.db.saved_queries.get('never')).toBeUndefined() // the server never had it: it goes
    expect(a.engine.getStatus().quarantinedCount).toBe(0)
  })
})

describe('backoff as documented (R8)', () => {
  it('honours Retry-After beyond the poll interval: neither the poll nor local edits come sooner', async () => {
    const user = await createUserDatabase(emulator)
    const clock = createFakeClock()
    const a = createDevice(user, 'A', { env: { now: clock.now, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, random: () => 0 } })
    a.engine.start()
    await vi.waitFor(() => expect(a.engine.getStatus().lastSyncedAt).not.toBeNull(), { timeout: 15_000 })
    await a.engine.whenIdle()
    emulator.faults.add({ kind: 'status', status: 429, retryAfterSeconds: 120, database: user.name })
    await a.engine.syncNow().catch(() => {})
    expect(a.engine.getStatus().nextRetryAt).toBe(clock.now() + 120_000)
    emulator.resetStats(user.name)
    await a.db.saved_queries.put(savedQuery('during-backoff') as never)
    await vi.waitFor(() => expect(a.engine.getStatus().pendingCount).toBe(1))
    clock.advance(119_999) // four poll intervals and many debounces
    await a.engine.whenIdle()
    expect(emulator.stats(user.name).requests).toBe(0)
    clock.advance(1)
    await vi.waitFor(() => expect(emulator.stats(user.name).requests).toBeGreaterThan(0))
    await a.engine.whenIdle()
    expect(a.engine.getStatus()).toMatchObject({ phase: 'idle', pendingCount: 0 })
    await a.engine.stop()
  })

  it('the engine’s own outbox writes do not arm the debounce', async () => {
    const user = await createUserDatabase(emulator)
    const clock = createFakeClock()
    const a = createDevice(user, 'A', { env: { now: clock.now, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, random: () => 0 } })
    a.engine.start()
    await vi.waitFor(() => expect(a.engine.getStatus().lastSyncedAt).not.toBeNull(), { timeout: 15_000 })
    await a.engine.whenIdle()
    await a.db.saved_queries.put(savedQuery('q') as never)
    await a.engine.syncNow()
    await a.engine.whenIdle()
    emulator.resetStats(user.name)
    clock.advance(4_000) // the debounce (1 s) has long passed; the poll (5 s) has not
    await a.engine.whenIdle()
    expect(emulator.stats(user.name).requests).toBe(0)
    await a.engine.stop()
  })
})

describe('requests bounded by bytes (R9)', () => {
  it('forty AI messages of 0.5 MB sync in several bounded requests, both ways', async () => {
    const user = await createUserDatabase(emulator)
    const bodies: number[] = []
    // Unsealed: the sizes measured are of plaintext (sealed content is compressed inside its envelope).
    const a = createDevice(user, 'A', {
      sealing: false,
      remote: {
        url: user.url,
        authToken: user.authToken,
        compressionThreshold: Number.MAX_SAFE_INTEGER,
        fetch: async (input, init) => {
          const request = new Request(input as RequestInfo, init)
          bodies.push((await request.clone().arrayBuffer()).byteLength)
          return globalThis.fetch(request)
        },
      },
    })
    const responses: number[] = []
    const b = createDevice(user, 'B', {
      sealing: false,
      remote: {
        url: user.url,
        authToken: user.authToken,
        fetch: async (input, init) => {
          const response = await globalThis.fetch(input, init)
          responses.push((await response.clone().arrayBuffer()).byteLength)
          return response
        },
      },
    })
    const text = (i: number): string => `${i} `.padEnd(512 * 1024, 'abcdefghij klmnopqrst uvwxyz ')
    await a.db.ai_memory_messages.bulkPut(
      Array.from({ length: 40 }, (_, i) => ({ id: `m${i}`, session_id: 's', role: 'assistant', content: text(i), content_encoding: 'identity', token_count: 1, metadata: null })) as never,
    )
    await a.engine.syncNow()
    const pushes = bodies.filter((n) => n > 100_000)
    expect(pushes.length).toBeGreaterThanOrEqual(5)
    for (const n of pushes) expect(n).toBeLessThan(6 * 1024 * 1024)
    expect(await emulator.query(user.name, 'SELECT count(*) AS n FROM ai_memory_messages')).toEqual([{ n: 40 }])
    await b.engine.syncNow()
    expect(await b.db.ai_memory_messages.count()).toBe(40)
    expect(responses.filter((n) => n > 1_000_000).length).toBeGreaterThanOrEqual(3)
    for (const n of responses) expect(n).toBeLessThan(10 * 1024 * 1024)
    // 20 MB each way through the emulator: about 10 s alone, more than the default 30 s on a loaded 2-core runner.
  }, 120_000)

  it('a single record larger than a request is quarantined as too large; the rest syncs', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A', { pushBudgetBytes: 256 * 1024 })
    await a.db.saved_queries.bulkPut([savedQuery('small'), savedQuery('huge', { query_text: `select '${'x'.repeat(400 * 1024)}'` })] as never)
    const summary = await a.engine.syncNow()
    expect(summary.quarantined).toBe(1)
    const [refused] = await a.engine.quarantine.list()
    expect(refused).toMatchObject({ key: 'huge', code: 'too-large' })
    expect((await emulator.query(user.name, 'SELECT id FROM saved_queries')).map((r) => r['id'])).toEqual(['small'])
  })
})
