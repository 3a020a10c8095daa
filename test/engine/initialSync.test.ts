import { afterAll, describe, expect, it } from 'vitest'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from './harness'

const { emulator, close } = startEmulator()
afterAll(close)

describe('initial sync and the device registry', () => {
  it('a device with local data and no checkpoint uploads everything the server does not have', async () => {
    const user = await createUserDatabase(emulator)
    const existing = createDevice(user, 'old')
    await existing.db.saved_queries.put(savedQuery('shared', { name: 'server copy' }) as never)
    await existing.engine.syncNow()
    const fresh = createDevice(user, 'new')
    await fresh.db.saved_queries.bulkPut([savedQuery('local-1'), savedQuery('local-2')] as never)
    await fresh.engine.syncNow()
    const ids = (await emulator.query(user.name, 'SELECT id FROM saved_queries ORDER BY id')).map((r) => r['id'])
    expect(ids).toEqual(['local-1', 'local-2', 'shared'])
    expect((await fresh.db.saved_queries.toArray()).map((r) => r.id).sort()).toEqual(['local-1', 'local-2', 'shared'])
  })

  it('a new device bootstraps everything and reports progress with the total known from the first request', async () => {
    const user = await createUserDatabase(emulator)
    const writer = createDevice(user, 'writer')
    await writer.db.query_history.bulkPut(Array.from({ length: 1500 }, (_, i) => ({ id: `h${i}`, query_text: 'select 1', executed_at: i, status: 'success', privacy_mode: 'normal' })) as never)
    await writer.engine.syncNow()
    const reader = createDevice(user, 'reader')
    const seen: Array<{ phase: string; done: number; total: number | null }> = []
    reader.engine.subscribe(() => {
      const p = reader.engine.getStatus().progress
      if (p !== null) seen.push({ ...p })
    })
    await reader.engine.syncNow()
    const bootstrap = seen.filter((p) => p.phase === 'bootstrap')
    expect(bootstrap.length).toBeGreaterThanOrEqual(2)
    // 1,500 entries, the writer's device row, and the reader's own (registered in the same cycle).
    expect(new Set(bootstrap.map((p) => p.total))).toEqual(new Set([1502]))
    expect(bootstrap.at(-1)?.done).toBe(1502)
    expect(bootstrap.map((p) => p.done)).toEqual([...bootstrap.map((p) => p.done)].sort((a, b) => a - b))
    expect(await reader.db.query_history.count()).toBe(1500)
    expect(reader.engine.getStatus().progress).toBeNull()
  })

  it('registers devices, lists them, and a deactivated device stops syncing', async () => {
    const user = await createUserDatabase(emulator)
    const laptop = createDevice(user, 'Laptop')
    const phone = createDevice(user, 'Phone')
    await laptop.engine.syncNow()
    await phone.engine.syncNow()
    await laptop.engine.syncNow()
    await laptop.engine.devices.refresh()
    const { devices, currentDeviceId } = laptop.engine.devices.getSnapshot()
    expect(devices.map((d) => d['device_name'])).toEqual(['Laptop', 'Phone'])
    expect(currentDeviceId).toBe(laptop.engine.deviceId())
    const phoneId = phone.engine.deviceId()!
    await laptop.engine.devices.deactivate(phoneId)
    await phone.engine.syncNow()
    expect(phone.engine.getStatus().phase).toBe('deactivated')
    await phone.db.saved_queries.put(savedQuery('after-deactivation') as never)
    const summary = await phone.engine.syncNow()
    expect(summary.pushed).toBe(0)
    expect(await emulator.query(user.name, "SELECT id FROM saved_queries WHERE id = 'after-deactivation'")).toEqual([])
  })

  it('idle polls write nothing: last_seen is refreshed at most once per heartbeat interval', async () => {
    const user = await createUserDatabase(emulator)
    let now = 1_800_000_000_000
    const d = createDevice(user, 'A', { heartbeatIntervalMs: 3_600_000, env: { now: () => now } })
    await d.engine.syncNow()
    emulator.resetStats(user.name)
    for (let i = 0; i < 10; i += 1) {
      now += 30_000
      await d.engine.syncNow()
    }
    expect(emulator.stats(user.name).rowsWritten).toBe(0)
    now += 3_600_000
    await d.engine.syncNow()
    const rows = await emulator.query(user.name, 'SELECT last_seen FROM device_registry')
    expect(rows).toEqual([{ last_seen: now }])
  })
})
