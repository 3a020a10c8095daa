import { afterAll, describe, expect, it } from 'vitest'
import type { DBCore, Middleware } from 'dexie'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from './harness'

const { emulator, close } = startEmulator()
afterAll(close)

const serverRows = (name: string, table: string): Promise<Record<string, unknown>[]> =>
  emulator.query(name, `SELECT * FROM ${table} ORDER BY server_seq`)

describe('protocol invariants over the emulator', () => {
  it('three devices converge on creates, edits and deletes (I6)', async () => {
    const user = await createUserDatabase(emulator)
    const [a, b, c] = ['A', 'B', 'C'].map((n) => createDevice(user, n)) as [ReturnType<typeof createDevice>, ReturnType<typeof createDevice>, ReturnType<typeof createDevice>]
    await a.db.saved_queries.bulkPut([savedQuery('q1'), savedQuery('q2')] as never)
    await a.engine.syncNow()
    await b.engine.syncNow()
    await b.db.saved_queries.update('q1', { name: 'edited on B' })
    await b.db.saved_queries.delete('q2')
    await b.engine.syncNow()
    for (const d of [a, c]) await d.engine.syncNow()
    for (const d of [a, b, c]) {
      expect(await d.db.saved_queries.get('q1')).toMatchObject({ name: 'edited on B', sync_version: 2 })
      expect(await d.db.saved_queries.get('q2')).toBeUndefined()
    }
    const q2 = (await serverRows(user.name, 'saved_queries')).find((r) => r['id'] === 'q2')
    expect(q2?.['deleted_at']).not.toBeNull()
  })

  it('a response lost after commit is retried without a duplicate or a conflict (I2)', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    await a.db.saved_queries.put(savedQuery('q1') as never)
    emulator.faults.add({ kind: 'lost-after-commit', database: user.name, match: (body) => body.includes('INTO saved_queries') })
    await expect(a.engine.syncNow()).rejects.toMatchObject({ code: 'network' })
    expect(a.engine.getStatus().phase).toBe('offline')
    const pending = (await a.db._outbox.toArray()).filter((e) => e.table === 'saved_queries')
    expect(pending).toMatchObject([{ key: 'q1', sent: 1 }]) // still pending: the device cannot know it committed
    const summary = await a.engine.syncNow()
    expect(summary.conflicts).toBe(0)
    expect(await a.db._outbox.count()).toBe(0)
    const rows = await serverRows(user.name, 'saved_queries')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ id: 'q1', sync_version: 1 })
    expect(await emulator.query(user.name, 'SELECT count(*) AS n FROM sync_conflicts_archive')).toEqual([{ n: 0 }])
  })

  it('a lost response followed by another device editing is still an acknowledgement, not a conflict (I2)', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await a.db.saved_queries.put(savedQuery('q1') as never)
    emulator.faults.add({ kind: 'lost-after-commit', database: user.name, match: (body) => body.includes('INTO saved_queries') })
    await a.engine.syncNow().catch(() => {})
    await b.engine.syncNow()
    await b.db.saved_queries.update('q1', { name: 'from B' })
    await b.engine.syncNow()
    const summary = await a.engine.syncNow()
    expect(summary.conflicts).toBe(0)
    expect(await a.db.saved_queries.get('q1')).toMatchObject({ name: 'from B', sync_version: 2 })
  })

  it('500, 429 with Retry-After and network faults leave the change queued and then deliver it', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    await a.db.saved_queries.put(savedQuery('q1') as never)
    emulator.faults.add({ kind: 'status', status: 500, database: user.name })
    await expect(a.engine.syncNow()).rejects.toMatchObject({ code: 'server', transient: true })
    expect(a.engine.getStatus()).toMatchObject({ phase: 'error', lastError: { code: 'server' } })
    emulator.faults.add({ kind: 'status', status: 429, retryAfterSeconds: 7, database: user.name })
    await expect(a.engine.syncNow()).rejects.toMatchObject({ code: 'rate-limited', retryAfterMs: 7000 })
    emulator.faults.add({ kind: 'network', database: user.name })
    await expect(a.engine.syncNow()).rejects.toMatchObject({ code: 'network' })
    expect((await a.db._outbox.toArray()).filter((e) => e.table === 'saved_queries')).toHaveLength(1)
    await a.engine.syncNow()
    expect(await a.db._outbox.count()).toBe(0)
    expect(a.engine.getStatus()).toMatchObject({ phase: 'idle', lastError: null, pendingCount: 0 })
    expect(await serverRows(user.name, 'saved_queries')).toHaveLength(1)
  })

  it('a poison record is quarantined with a typed reason and the rest still syncs (I9)', async () => {
    const user = await createUserDatabase(emulator)
    // The device refuses what it can evaluate at the write (R7); a server rule it does not know still refuses the row.
    await emulator.query(user.name, "CREATE TRIGGER test_poison BEFORE INSERT ON connection_templates WHEN new.name = 'bad' BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: test_poison'); END")
    const a = createDevice(user, 'A', { sealing: false }) // the trigger reads the plaintext name
    await a.db.connection_templates.put({ connection_id: 'bad', name: 'bad', type: 'postgres', host: 'h', port: 1 } as never)
    await a.db.saved_queries.bulkPut([savedQuery('q1'), savedQuery('q2')] as never)
    const summary = await a.engine.syncNow()
    expect(summary.quarantined).toBe(1)
    const quarantined = await a.db.sync.quarantined()
    expect(quarantined).toMatchObject([{ table: 'connection_templates', key: 'bad', code: expect.stringMatching(/^SQLITE_CONSTRAINT/) }])
    expect(await serverRows(user.name, 'saved_queries')).toHaveLength(2)
    expect(a.engine.getStatus()).toMatchObject({ quarantinedCount: 1, pendingCount: 0 })
  })

  it('±1 h of clock skew loses nothing: ordering comes from the server sequence (I1)', async () => {
    const user = await createUserDatabase(emulator)
    const ahead = createDevice(user, 'ahead', { env: { now: () => Date.now() + 3_600_000 } })
    const behind = createDevice(user, 'behind', { env: { now: () => Date.now() - 3_600_000 } })
    await ahead.db.saved_queries.put(savedQuery('from-ahead') as never)
    await ahead.engine.syncNow()
    await behind.engine.syncNow()
    await behind.db.saved_queries.put(savedQuery('from-behind') as never)
    await behind.engine.syncNow()
    await ahead.engine.syncNow()
    for (const d of [ahead, behind]) {
      expect((await d.db.saved_queries.toArray()).map((r) => r.id).sort()).toEqual(['from-ahead', 'from-behind'])
    }
  })

  it('2,500 changes in one table all arrive, over keyset pages', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await a.db.query_history.bulkPut(
      Array.from({ length: 2500 }, (_, i) => ({ id: `h${i}`, connection_id: null, query_text: `select ${i}`, executed_at: i, duration_ms: 1, rows_affected: 0, status: 'success', error_message: null, privacy_mode: 'normal' })) as never,
    )
    await a.engine.syncNow()
    const summary = await b.engine.syncNow()
    expect(summary.pulled).toBe(2501) // and device A's registry row
    expect(await b.db.query_history.count()).toBe(2500)
  }, 60_000)

  it('request counts: an idle sync is 1 request, 1,000 changes across tables take at most 3', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    await a.engine.syncNow() // registers the device
    emulator.resetStats(user.name)
    const idle = await a.engine.syncNow()
    expect(idle.requests).toBe(1)
    expect(emulator.stats(user.name).requests).toBe(1)
    await a.db.transaction('rw', [a.db.saved_queries, a.db.query_history, a.db.connection_templates, a.db.ai_memory_sessions, a.db.ai_memory_messages], async () => {
      for (let i = 0; i < 200; i += 1) {
        await a.db.saved_queries.put(savedQuery(`q${i}`) as never)
        await a.db.query_history.put({ id: `h${i}`, connection_id: null, query_text: 'select 1', executed_at: i, duration_ms: 1, rows_affected: 0, status: 'success', error_message: null, privacy_mode: 'normal' } as never)
        await a.db.connection_templates.put({ connection_id: `c${i}`, name: `c${i}`, type: 'sqlite', host: null, port: null, file_path: '/tmp/x.db' } as never)
        await a.db.ai_memory_sessions.put({ id: `s${i}`, title: 't', message_count: 0, token_count: 0 } as never)
        await a.db.ai_memory_messages.put({ id: `m${i}`, session_id: `s${i}`, role: 'user', content: 'hello', content_encoding: 'identity', token_count: 1 } as never)
      }
    })
    const busy = await a.engine.syncNow()
    expect(busy.pushed).toBe(1000)
    expect(busy.requests).toBeLessThanOrEqual(3)
  }, 60_000)

  it('an idle sync reads almost nothing at the server, however much data there is (cursors persist, I1/I8)', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await a.db.saved_queries.bulkPut(Array.from({ length: 500 }, (_, i) => savedQuery(`q${i}`)) as never)
    await a.engine.syncNow()
    await b.engine.syncNow()
    await b.engine.syncNow()
    emulator.resetStats(user.name)
    const idle = await b.engine.syncNow()
    expect(idle).toMatchObject({ requests: 1, pulled: 0 })
    expect(emulator.stats(user.name).rowsRead).toBeLessThanOrEqual(12)
  })

  it('after a push, the cursor jumps past the device\'s own rows only when nothing else lies before them (I1, I5)', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await a.engine.syncNow()
    await b.engine.syncNow()
    await a.engine.syncNow() // B's device row
    // Own uploads are not downloaded again.
    await a.db.saved_queries.bulkPut(Array.from({ length: 1500 }, (_, i) => savedQuery(`a${i}`)) as never)
    emulator.resetStats(user.name)
    const big = await a.engine.syncNow()
    expect(big).toMatchObject({ pushed: 1500, pulled: 0, requests: 3 }) // two pushes, then the probe finds nothing new
    // Someone else's row in another table: the push moves no cursor past it, and the probe sees it.
    await b.db.device_registry.update(b.engine.deviceId()!, { device_name: 'B renamed' })
    await b.engine.syncNow()
    await a.db.saved_queries.put(savedQuery('a-after-b') as never)
    await a.engine.syncNow()
    expect(await a.db.device_registry.get(b.engine.deviceId()!)).toMatchObject({ device_name: 'B renamed' })
    // Someone else's row before ours: the cursor must not skip it.
    await b.db.saved_queries.put(savedQuery('from-b') as never)
    await b.engine.syncNow()
    await a.db.saved_queries.put(savedQuery('a-late') as never)
    await a.engine.syncNow()
    expect(await a.db.saved_queries.get('from-b')).toBeDefined()
    // A lost response, then someone else's row, then a retry that also carries a new record: B's row still arrives.
    await a.db.saved_queries.put(savedQuery('lost') as never)
    emulator.faults.add({ kind: 'lost-after-commit', database: user.name, match: (body) => body.includes('INTO saved_queries') })
    await a.engine.syncNow().catch(() => {})
    await b.db.saved_queries.put(savedQuery('between') as never)
    await b.engine.syncNow()
    await a.db.saved_queries.put(savedQuery('after') as never)
    await a.engine.syncNow()
    expect(await a.db.saved_queries.get('between')).toBeDefined()
    await b.engine.syncNow()
    expect(await b.db.saved_queries.count()).toBe(await a.db.saved_queries.count())
  })

  it('no echo: a device pulling its own uploads writes nothing to IndexedDB (I5)', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    await a.db.saved_queries.bulkPut([savedQuery('q1'), savedQuery('q2')] as never)
    await a.engine.syncNow()
    let writes = 0
    const counter: Middleware<DBCore> = {
      stack: 'dbcore',
      name: 'count-writes',
      create: (down) => ({ ...down, table: (n) => ({ ...down.table(n), mutate: (req) => ((writes += 1), down.table(n).mutate(req)) }) }),
    }
    a.db.use(counter)
    // Rewind the cursors so the pull brings back this device's own rows.
    await a.db.table('_state').put({ k: 'cursors', v: {} })
    writes = 0
    const summary = await a.engine.syncNow()
    expect(summary.conflicts).toBe(0)
    expect(summary.pulled).toBe(0)
    const stateWrites = 2 // the cursors and the sync state, once each
    expect(writes).toBeLessThanOrEqual(stateWrites)
  })
})
