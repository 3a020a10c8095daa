import { afterAll, describe, expect, it, vi } from 'vitest'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from './harness'

// Server time (R3): tombstones are stamped and purged by the emulator's clock, which these tests move by hand.
let serverNow = 1_800_000_000_000
const { emulator, close } = startEmulator({ now: () => serverNow })
afterAll(close)

const DAY = 86_400_000
const history = (id: string, executedAt: number): Record<string, unknown> => ({ id, query_text: 'select 1', executed_at: executedAt, status: 'success', privacy_mode: 'normal' })

describe('retention (issue 11)', () => {
  it('retires history beyond 1,000 entries or 90 days as tombstones that every device applies, once a day', async () => {
    const user = await createUserDatabase(emulator)
    let now = 1_800_000_000_000
    const env = { env: { now: () => now }, heartbeatIntervalMs: 7 * DAY }
    const a = createDevice(user, 'A', env)
    const b = createDevice(user, 'B', env)
    const rows = [
      ...Array.from({ length: 1000 }, (_, i) => history(`recent-${i}`, now - i * 1000)),
      ...Array.from({ length: 5 }, (_, i) => history(`older-${i}`, now - 10 * DAY - i)), // beyond the newest 1,000
      ...Array.from({ length: 3 }, (_, i) => history(`ancient-${i}`, now - 100 * DAY - i)), // beyond 90 days
    ]
    await a.db.query_history.bulkPut(rows as never)
    await a.engine.syncNow() // first sync: schedules the first maintenance a day later
    await b.engine.syncNow()
    expect(await b.db.query_history.count()).toBe(1008)
    now += DAY
    emulator.resetStats(user.name)
    await a.engine.syncNow()
    const tombstoned = await emulator.query(user.name, 'SELECT id FROM query_history WHERE deleted_at IS NOT NULL ORDER BY id')
    expect(tombstoned.map((r) => r['id'])).toEqual([...['ancient-0', 'ancient-1', 'ancient-2'], ...['older-0', 'older-1', 'older-2', 'older-3', 'older-4']])
    // The cycle (a probe that finds B's device row, then the pull) and one maintenance request.
    expect(emulator.stats(user.name).requests).toBe(3)
    await b.engine.syncNow()
    expect(await b.db.query_history.count()).toBe(1000)
    // Not again the same day.
    emulator.resetStats(user.name)
    await a.engine.syncNow()
    expect(emulator.stats(user.name).requests).toBe(2) // no maintenance: the probe, and the pull of its tombstones
    emulator.resetStats(user.name)
    await a.engine.syncNow()
    expect(emulator.stats(user.name).requests).toBe(1) // idle: the probe alone
    const [stats] = await emulator.query(user.name, 'SELECT total_query_history, total_devices FROM user_statistics')
    expect(stats).toEqual({ total_query_history: 1000, total_devices: 2 })
  })

  it('purges tombstones after 30 days; a device away longer reconciles and resurrects nothing (I6)', async () => {
    const user = await createUserDatabase(emulator)
    let now = 1_800_000_000_000
    const env = { env: { now: () => now } }
    const a = createDevice(user, 'A', env)
    const away = createDevice(user, 'away', env)
    await a.db.saved_queries.bulkPut([savedQuery('kept'), savedQuery('deleted'), savedQuery('edited-while-away')] as never)
    await a.engine.syncNow()
    await away.engine.syncNow()
    // The away device edits a record offline; meanwhile A deletes two records.
    await away.db.saved_queries.update('edited-while-away', { name: 'offline edit' })
    await a.db.saved_queries.bulkDelete(['deleted', 'edited-while-away'])
    await a.engine.syncNow()
    // 31 days later (by the server's clock), A's daily maintenance purges the tombstones.
    serverNow = now
    now += 31 * DAY
    serverNow += 31 * DAY
    await a.engine.syncNow()
    now += DAY
    serverNow += DAY
    await a.engine.syncNow()
    expect(await emulator.query(user.name, "SELECT id FROM saved_queries WHERE deleted_at IS NOT NULL")).toEqual([])
    // The away device returns: nothing deleted comes back, on the device or the server.
    await away.engine.syncNow()
    await away.engine.whenIdle()
    expect((await away.db.saved_queries.toArray()).map((r) => r.id)).toEqual(['kept'])
    expect((await emulator.query(user.name, 'SELECT id FROM saved_queries')).map((r) => r['id'])).toEqual(['kept'])
    // The offline edit is not lost silently: it is in the archive.
    const archived = await emulator.query(user.name, "SELECT entity_id, strategy FROM sync_conflicts_archive WHERE entity_id = 'edited-while-away'")
    expect(archived).toEqual([{ entity_id: 'edited-while-away', strategy: 'server-wins' }])
  })
})

describe('metrics and alerts (issue 11)', () => {
  it('reports latency percentiles, rates, queue depth, rows and bytes, and a cost estimate', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    await a.db.saved_queries.bulkPut(Array.from({ length: 20 }, (_, i) => savedQuery(`q${i}`)) as never)
    await a.engine.syncNow()
    await a.engine.syncNow()
    await a.db.saved_queries.put(savedQuery('pending') as never)
    emulator.faults.add({ kind: 'network', database: user.name })
    await a.engine.syncNow().catch(() => {})
    const m = a.engine.metrics()
    expect(m).toMatchObject({ cycles: 2, errors: 1, errorRate: 1 / 3, queueDepth: 1 })
    expect(m.rowsWritten).toBeGreaterThanOrEqual(20)
    expect(m.rowsRead).toBeGreaterThan(0)
    expect(m.bytesUp).toBeGreaterThan(0)
    expect(m.latencyMs.p99).toBeGreaterThanOrEqual(m.latencyMs.p50)
    expect(m.estimatedMonthlyCostUsd).toBeGreaterThan(0)
  })

  it('fires onAlert once when the error rate crosses its threshold', async () => {
    const user = await createUserDatabase(emulator)
    const onAlert = vi.fn()
    const a = createDevice(user, 'A', { onAlert, alerts: { errorRate: 0.2 } })
    for (let i = 0; i < 8; i += 1) await a.engine.syncNow()
    expect(onAlert).not.toHaveBeenCalled()
    emulator.faults.add({ kind: 'status', status: 500, database: user.name, times: 4 })
    for (let i = 0; i < 4; i += 1) await a.engine.syncNow().catch(() => {})
    expect(onAlert).toHaveBeenCalledTimes(1)
    expect(onAlert.mock.calls[0]?.[0]).toMatchObject({ kind: 'error-rate', threshold: 0.2 })
  })
})

describe('AI message compression (issue 11)', () => {
  it('stores long content gzip-compressed on the server; devices only ever see plain text', async () => {
    const user = await createUserDatabase(emulator)
    // Unsealed: sealed content is compressed inside its envelope instead (test/sealing/sealed.test.ts).
    const a = createDevice(user, 'A', { sealing: false })
    const b = createDevice(user, 'B', { sealing: false })
    const answer = Array.from({ length: 60 }, (_, i) => `Step ${i}: run EXPLAIN ANALYZE on the orders query and check whether the index on customer_id is used.`).join('\n')
    await a.db.ai_memory_sessions.put({ id: 's', title: 'perf', message_count: 2, token_count: 0 } as never)
    await a.db.ai_memory_messages.bulkPut([
      { id: 'short', session_id: 's', role: 'user', content: 'why is it slow?', content_encoding: 'identity', token_count: 4 },
      { id: 'long', session_id: 's', role: 'assistant', content: answer, content_encoding: 'identity', token_count: 900 },
    ] as never)
    await a.engine.syncNow()
    const server = await emulator.query(user.name, 'SELECT id, content, content_encoding FROM ai_memory_messages ORDER BY id')
    expect(server.map((r) => [r['id'], r['content_encoding']])).toEqual([['long', 'gzip-base64'], ['short', 'identity']])
    const stored = String(server[0]?.['content'])
    expect(stored.length).toBeLessThan(answer.length / 4)
    await b.engine.syncNow()
    expect(await b.db.ai_memory_messages.get('long')).toMatchObject({ content: answer, content_encoding: 'identity' })
    expect(await a.db.ai_memory_messages.get('long')).toMatchObject({ content: answer, content_encoding: 'identity' })
    // An edit on B goes through the same path; no conflict from the encoding.
    await b.db.ai_memory_messages.update('long', { token_count: 901 })
    const summary = await b.engine.syncNow()
    expect(summary.conflicts).toBe(0)
    await a.engine.syncNow()
    expect(await a.db.ai_memory_messages.get('long')).toMatchObject({ content: answer, token_count: 901 })
  })
})
