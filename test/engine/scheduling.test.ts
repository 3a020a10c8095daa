import { afterAll, describe, expect, it, vi } from 'vitest'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from './harness'
import { createFakeClock } from './fakeClock'
import type { OnlineSource } from '@howlerops/sync'

const { emulator, close } = startEmulator()
afterAll(close)

const fakeOnline = (): OnlineSource & { set(online: boolean): void } => {
  let online = true
  const listeners = new Set<(online: boolean) => void>()
  return {
    isOnline: () => online,
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    set(value) {
      online = value
      for (const l of listeners) l(value)
    },
  }
}

/** A started device on fake time whose first cycle has finished. */
const startedDevice = async (options: Parameters<typeof createDevice>[2] = {}) => {
  const user = await createUserDatabase(emulator)
  const clock = createFakeClock()
  const online = fakeOnline()
  const device = createDevice(user, 'A', { ...options, env: { now: clock.now, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, random: () => 0.5, online, ...options.env } })
  device.engine.start()
  await vi.waitFor(() => expect(device.engine.getStatus().lastSyncedAt).not.toBeNull(), { timeout: 15_000 })
  await device.engine.whenIdle()
  emulator.resetStats(user.name)
  return { ...device, clock, online, user, requests: () => emulator.stats(user.name).requests }
}

describe('scheduling on injected time', () => {
  it('syncs 5 s after the last local change, not before', async () => {
    const d = await startedDevice()
    await d.db.saved_queries.put(savedQuery('q1') as never)
    await vi.waitFor(() => expect(d.engine.getStatus().pendingCount).toBe(1))
    d.clock.advance(4000)
    await d.db.saved_queries.put(savedQuery('q2') as never) // restarts the debounce
    await vi.waitFor(() => expect(d.engine.getStatus().pendingCount).toBe(2))
    d.clock.advance(4999)
    await d.engine.whenIdle()
    expect(d.requests()).toBe(0)
    d.clock.advance(1)
    await vi.waitFor(() => expect(d.requests()).toBeGreaterThan(0))
    await d.engine.whenIdle()
    expect(d.engine.getStatus()).toMatchObject({ phase: 'idle', pendingCount: 0 })
    await d.engine.stop()
  })

  it('polls every 30 s, one request per idle poll', async () => {
    const d = await startedDevice()
    d.clock.advance(29_999)
    await d.engine.whenIdle()
    expect(d.requests()).toBe(0)
    d.clock.advance(1)
    await vi.waitFor(() => expect(d.requests()).toBe(1))
    await d.engine.whenIdle()
    d.clock.advance(30_000)
    await vi.waitFor(() => expect(d.requests()).toBe(2))
    await d.engine.stop()
  })

  it('backs off with full jitter and honours Retry-After, then recovers', async () => {
    const d = await startedDevice({ backoff: { baseMs: 1000, maxMs: 60_000 } })
    emulator.faults.add({ kind: 'status', status: 503, retryAfterSeconds: 20, database: d.user.name })
    await expect(d.engine.syncNow()).rejects.toMatchObject({ code: 'server', retryAfterMs: 20_000 })
    const status = d.engine.getStatus()
    expect(status.phase).toBe('error')
    expect(status.nextRetryAt).toBe(d.clock.now() + 20_000) // jitter 0.5 × 1 s is shorter than Retry-After
    emulator.faults.add({ kind: 'status', status: 500, database: d.user.name })
    d.clock.advance(19_999)
    expect(d.requests()).toBe(0)
    d.clock.advance(1)
    await vi.waitFor(() => expect(d.engine.getStatus().nextRetryAt).not.toBe(status.nextRetryAt))
    // Second failure, no Retry-After: 0.5 × 1 s × 2¹ = 1 s.
    expect(d.engine.getStatus().nextRetryAt).toBe(d.clock.now() + 1000)
    d.clock.advance(1000)
    await vi.waitFor(() => expect(d.engine.getStatus().phase).toBe('idle'))
    expect(d.engine.getStatus().lastError).toBeNull()
    await d.engine.stop()
  })

  it('goes offline on the offline event and syncs at once when back online', async () => {
    const d = await startedDevice()
    d.online.set(false)
    expect(d.engine.getStatus()).toMatchObject({ phase: 'offline', online: false })
    d.online.set(true)
    await vi.waitFor(() => expect(d.requests()).toBe(1))
    await d.engine.whenIdle()
    expect(d.engine.getStatus()).toMatchObject({ phase: 'idle', online: true })
    await d.engine.stop()
  })

  it('runs one cycle at a time: overlapping syncNow calls share the next cycle', async () => {
    const d = await startedDevice()
    const calls = [d.engine.syncNow(), d.engine.syncNow(), d.engine.syncNow()]
    await Promise.all(calls)
    expect(d.requests()).toBe(2) // the running cycle, then one more for the calls made during it
    await d.engine.stop()
  })

  it('stop() cancels timers: nothing runs afterwards', async () => {
    const d = await startedDevice()
    await d.db.saved_queries.put(savedQuery('q1') as never)
    await d.engine.stop()
    d.clock.advance(120_000)
    await d.engine.whenIdle()
    expect(d.requests()).toBe(0)
    expect(d.clock.pending()).toBe(0)
  })
})

describe('auth (I9)', () => {
  it('asks getAuthToken once on 401, then continues with the fresh token', async () => {
    const user = await createUserDatabase(emulator)
    const fresh = emulator.createToken(user.name)
    const getAuthToken = vi.fn(async () => fresh)
    const d = createDevice({ url: user.url, authToken: 'expired-token' }, 'A', { remote: { url: user.url, getAuthToken, fetch: (i: RequestInfo | URL, n?: RequestInit) => globalThis.fetch(i, n) } as never })
    await d.db.saved_queries.put(savedQuery('q1') as never)
    await d.engine.syncNow()
    expect(getAuthToken).toHaveBeenCalledTimes(1)
    expect(await emulator.query(user.name, 'SELECT id FROM saved_queries')).toEqual([{ id: 'q1' }])
  })

  it('becomes needs-auth when the fresh token is refused too, and keeps the change queued', async () => {
    const user = await createUserDatabase(emulator)
    const getAuthToken = vi.fn(async () => 'still-bad')
    const d = createDevice(user, 'A', { remote: { url: user.url, authToken: 'bad', getAuthToken, fetch: (i: RequestInfo | URL, n?: RequestInit) => globalThis.fetch(i, n) } as never })
    await d.db.saved_queries.put(savedQuery('q1') as never)
    await expect(d.engine.syncNow()).rejects.toMatchObject({ code: 'auth', status: 401 })
    expect(getAuthToken).toHaveBeenCalledTimes(1)
    expect(d.engine.getStatus()).toMatchObject({ phase: 'needs-auth', lastError: { code: 'auth' } })
    expect(JSON.stringify(d.engine.getStatus())).not.toContain('still-bad')
    expect(await d.db._outbox.count()).toBeGreaterThan(0)
  })
})
