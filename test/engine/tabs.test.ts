import { afterAll, describe, expect, it, vi } from 'vitest'
import { createLocalDatabase } from '@howlerops/sync/dexie'
import { createSyncEngine, type LockManagerLike } from '@howlerops/sync'
import { createUserDatabase, savedQuery, startEmulator } from './harness'
import { createFakeClock } from './fakeClock'

const { emulator, close } = startEmulator()
afterAll(close)

/** Web Locks semantics for exclusive locks: FIFO waiters, released when the holder's promise settles or on abort. */
const fakeLocks = (): LockManagerLike => {
  const queues = new Map<string, Array<() => void>>()
  const held = new Set<string>()
  const grant = (name: string): void => {
    if (held.has(name)) return
    const next = queues.get(name)?.shift()
    if (next !== undefined) next()
  }
  return {
    request(name, options, callback) {
      return new Promise((resolve, reject) => {
        const run = (): void => {
          held.add(name)
          callback().then(resolve, reject).finally(() => {
            held.delete(name)
            grant(name)
          })
        }
        const queue = queues.get(name) ?? []
        queues.set(name, queue)
        queue.push(run)
        options.signal?.addEventListener('abort', () => {
          const i = queue.indexOf(run)
          if (i >= 0) {
            queue.splice(i, 1)
            reject(new DOMException('aborted', 'AbortError'))
          }
        })
        grant(name)
      })
    },
  }
}

describe('several tabs (I11)', () => {
  it('exactly one tab syncs; the other shows its status, forwards syncNow, and takes over when it closes', async () => {
    const user = await createUserDatabase(emulator)
    const clock = createFakeClock()
    const locks = fakeLocks()
    const dbName = `tabs-${Math.random()}`
    const tab = (): ReturnType<typeof createSyncEngine> =>
      createSyncEngine({
        db: createLocalDatabase(dbName),
        remote: { url: user.url, authToken: user.authToken, fetch: (i, n) => globalThis.fetch(i, n) },
        sealing: { key: user.contentKey },
        userId: 'user-1',
        env: { locks, now: clock.now, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout, channel: (name) => new BroadcastChannel(name) as never },
      })
    const first = tab()
    const second = tab()
    first.start()
    await vi.waitFor(() => expect(first.getStatus().isLeader).toBe(true))
    second.start()
    await first.whenIdle()
    await vi.waitFor(() => expect(first.getStatus().lastSyncedAt).not.toBeNull())
    expect(second.getStatus().isLeader).toBe(false)
    emulator.resetStats(user.name)

    // Polls: only the leader's timer makes requests.
    clock.advance(30_000)
    await vi.waitFor(() => expect(emulator.stats(user.name).requests).toBe(1))
    await first.whenIdle()
    clock.advance(30_000)
    await vi.waitFor(() => expect(emulator.stats(user.name).requests).toBe(2))
    await first.whenIdle()

    // The follower sees the leader's status, and its syncNow is run by the leader.
    await vi.waitFor(() => expect(second.getStatus().lastSyncedAt).toBe(first.getStatus().lastSyncedAt))
    await second.syncNow()
    await vi.waitFor(() => expect(emulator.stats(user.name).requests).toBe(3))
    await first.whenIdle()

    // The leader's tab closes: the other takes over and syncs a change made in it.
    await first.stop()
    await vi.waitFor(() => expect(second.getStatus().isLeader).toBe(true))
    await second.whenIdle()
    const db = createLocalDatabase(dbName)
    await db.saved_queries.put(savedQuery('from-tab-2') as never)
    await second.syncNow()
    expect(await emulator.query(user.name, "SELECT id FROM saved_queries WHERE id = 'from-tab-2'")).toHaveLength(1)
    await second.stop()
  })
})
