import { afterAll, describe, expect, it } from 'vitest'
import type { CycleLogEntry } from '@howlerops/sync'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from './harness'

const { emulator, close } = startEmulator()
afterAll(close)

describe('what the engine tells the devtools', () => {
  it('lists the outbox with each change state, and logs every cycle to engine.cycles and the logger', async () => {
    const user = await createUserDatabase(emulator)
    const logged: CycleLogEntry[] = []
    const a = createDevice(user, 'A', { logger: (entry) => logged.push(entry), cycleLogSize: 3 })
    await a.engine.syncNow()
    await a.db.saved_queries.put(savedQuery('q1') as never)
    expect(await a.engine.outbox()).toEqual([expect.objectContaining({ table: 'saved_queries', key: 'q1', op: 'upsert', state: 'queued', baseVersion: 0 })])
    emulator.faults.add({ kind: 'status', status: 503, database: user.name })
    await expect(a.engine.syncNow()).rejects.toMatchObject({ code: 'server' })
    await a.engine.syncNow()
    expect(await a.engine.outbox()).toEqual([])
    await a.engine.syncNow()
    expect(logged.map((e) => e.outcome)).toEqual(['ok', 'failed', 'ok', 'ok'])
    expect(logged[1]).toMatchObject({ error: { code: 'server', message: 'Server error 503' } })
    expect(logged[2]).toMatchObject({ pushed: 1, requests: 2 })
    expect(logged[3]).toMatchObject({ requests: 1, rowsRead: 1, pushed: 0, pulled: 0 })
    // The ring keeps the last three.
    expect(a.engine.cycles.getSnapshot()).toEqual(logged.slice(1))
    await a.engine.stop()
  })

  it("a fresh device has nothing of the user's waiting: its own registration is not a pending change", async () => {
    const user = await createUserDatabase(emulator)
    emulator.faults.add({ kind: 'status', status: 503, database: user.name })
    const a = createDevice(user, 'A')
    await expect(a.engine.syncNow()).rejects.toMatchObject({ code: 'server' })
    expect((await a.engine.outbox()).map((e) => e.table)).toEqual(['device_registry'])
    expect(a.engine.getStatus().pendingCount).toBe(0)
    await a.db.saved_queries.put(savedQuery('q1') as never)
    emulator.faults.add({ kind: 'status', status: 503, database: user.name })
    await expect(a.engine.syncNow()).rejects.toMatchObject({ code: 'server' })
    expect(a.engine.getStatus().pendingCount).toBe(1)
    await a.engine.stop()
  })
})
