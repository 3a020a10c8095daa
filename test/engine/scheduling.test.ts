import { afterAll, describe, expect, it, vi } from 'vitest'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from './harness'
import { createFakeClock } from './fakeClock'
import type { OnlineSource, PresenceEvent, PresenceSource } from '@howlerops/sync'

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

const fakePresence = (): PresenceSource & { emit(event: PresenceEvent): void; visible: boolean } => {
  const listeners = new Set<(event: PresenceEvent) => void>()
  const presence = {
    visible: true,
    isVisible: () => presence.visible,
    subscribe: (l: (event: PresenceEvent) => void) => (listeners.add(l), () => void listeners.delete(l)),
    emit(event: PresenceEvent) {
      presence.visible = event !== 'hidden' && (event === 'visible' || presence.visible)
      for (const l of listeners) l(event)
    },
  }
  return presence
}

/** A started device on fake time whose first cycle has finished. */
const startedDevice = async (options: Parameters<typeof createDevice>[2] = {}) => {
  const user = await createUserDatabase(emulator)
  const clock = createFakeClock()
  const online = fakeOnline()
  const presence = fakePresence()
  const device = createDevice(user, 'A', { ...options, env: { now: clock.now, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, random: () => 0.5, online, presence, ...options.env } })
  device.engine.start()
  await vi.waitFor(() => expect(device.engine.getStatus().lastSyncedAt).not.toBeNull(), { timeout: 15_000 })
  await device.engine.whenIdle()
  emulator.resetStats(user.name)
  return { ...device, clock, online, presence, user, requests: () => emulator.stats(user.name).requests, rowsRead: () => emulator.stats(user.name).rowsRead }
}

describe('scheduling on injected time', () => {
  it('a single edit leaves 1 s after it is made', async () => {
    const d = await startedDevice()
    await d.db.saved_queries.put(savedQuery('q1') as never)
    await vi.waitFor(() => expect(d.engine.getStatus().pendingCount).toBe(1))
    d.clock.advance(999)
    await d.engine.whenIdle()
    expect(d.requests()).toBe(0)
    d.clock.advance(1)
    await vi.waitFor(() => expect(d.requests()).toBeGreaterThan(0))
    await d.engine.whenIdle()
    expect(d.engine.getStatus()).toMatchObject({ phase: 'idle', pendingCount: 0 })
    await d.engine.stop()
  })

  it('a burst of edits batches into one upload, sent 5 s after its first edit at the latest (I8)', async () => {
    const d = await startedDevice()
    for (let i = 0; i < 6; i += 1) {
      await d.db.saved_queries.put(savedQuery(`q${i}`) as never)
      await vi.waitFor(() => expect(d.engine.getStatus().pendingCount).toBe(i + 1))
      d.clock.advance(800) // never quiet for the 1 s debounce
    }
    await d.engine.whenIdle()
    expect(d.requests()).toBe(0)
    d.clock.advance(200) // 5 s after the first edit
    await vi.waitFor(() => expect(d.engine.getStatus().pendingCount).toBe(0))
    await d.engine.whenIdle()
    // One push for the six, then the probe: our own rows are not pulled back (the cursors moved past them).
    expect(d.requests()).toBe(2)
    await d.engine.stop()
  })

  it('polls every 5 s while someone is looking; an idle poll is one request reading one row', async () => {
    const d = await startedDevice()
    d.clock.advance(4999)
    await d.engine.whenIdle()
    expect(d.requests()).toBe(0)
    d.clock.advance(1)
    await vi.waitFor(() => expect(d.requests()).toBe(1))
    await d.engine.whenIdle()
    expect(d.rowsRead()).toBe(1)
    d.clock.advance(5000)
    await vi.waitFor(() => expect(d.requests()).toBe(2))
    await d.engine.whenIdle()
    expect(d.rowsRead()).toBe(2)
    await d.engine.stop()
  })

  it('polls every 60 s while hidden or idle, and at once when the user comes back', async () => {
    const d = await startedDevice()
    d.presence.emit('hidden')
    d.clock.advance(5000) // the poll armed while visible
    await vi.waitFor(() => expect(d.requests()).toBe(1))
    await d.engine.whenIdle()
    d.clock.advance(59_999)
    await d.engine.whenIdle()
    expect(d.requests()).toBe(1)
    d.clock.advance(1)
    await vi.waitFor(() => expect(d.requests()).toBe(2))
    await d.engine.whenIdle()
    d.presence.emit('visible')
    await vi.waitFor(() => expect(d.requests()).toBe(3))
    await d.engine.whenIdle()
    // Visible but nobody there: a minute without input is idle, and the poll slows down.
    for (let t = 0; t < 60_000; t += 5000) {
      d.clock.advance(5000)
      await d.engine.whenIdle()
    }
    const before = d.requests()
    d.clock.advance(59_000)
    await d.engine.whenIdle()
    expect(d.requests()).toBe(before)
    d.presence.emit('input') // back: a cycle at once, then the quick poll again
    await vi.waitFor(() => expect(d.requests()).toBe(before + 1))
    await d.engine.whenIdle()
    d.presence.emit('input') // already active: nothing extra
    d.clock.advance(5000)
    await vi.waitFor(() => expect(d.requests()).toBe(before + 2))
    await d.engine.stop()
  })

  it('sends nothing while the platform is offline, and the waiting edit on `online`', async () => {
    const d = await startedDevice()
    d.online.set(false)
    await d.db.saved_queries.put(savedQuery('q1') as never)
    await vi.waitFor(() => expect(d.engine.getStatus().pendingCount).toBe(1))
    d.clock.advance(120_000)
    await d.engine.whenIdle()
    expect(d.requests()).toBe(0)
    d.online.set(true)
    await vi.waitFor(() => expect(d.engine.getStatus().pendingCount).toBe(0))
    expect(d.requests()).toBeGreaterThan(0)
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
