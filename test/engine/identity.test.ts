import { channelHub } from './channelHub'
import { afterAll, describe, expect, it } from 'vitest'
import { Dexie } from 'dexie'
import { createLocalDatabase } from '@howlerops/sync/dexie'
import { createSyncEngine, type ChannelLike, type SyncEngine } from '@howlerops/sync'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from './harness'

// Issue 26, R12 and R13: one user per database, and an environment that vanishes or rewinds. Each test is one failure
// of the "Why", through the public subpaths.

const { emulator, close } = startEmulator()
afterAll(close)

const DAY = 86_400_000
const serverIds = async (name: string, table = 'saved_queries'): Promise<string[]> =>
  (await emulator.query(name, `SELECT id FROM ${table} WHERE deleted_at IS NULL ORDER BY id`)).map((r) => String(r['id']))
const failure = async (p: Promise<unknown>): Promise<{ code?: string }> => p.then(() => ({ code: 'resolved' }), (e: { code?: string }) => e)


describe('R12: one database, one user, one server database', () => {
  it("another user's engine on the same local database moves nothing, and the first user's unsent edit survives", async () => {
    const alice = await createUserDatabase(emulator)
    const bob = await createUserDatabase(emulator)
    const dbName = `shared-${Math.random()}`
    const a = createDevice(alice, 'Laptop', { userId: 'alice' }, dbName)
    await a.engine.syncNow()
    await a.db.saved_queries.put(savedQuery('alice-offline') as never)
    await a.engine.stop()

    // The README's module-level `db`, reused for the next user.
    const b = createSyncEngine({ db: a.db, remote: { url: bob.url, authToken: bob.authToken }, userId: 'bob', env: { locks: undefined, channel: () => undefined } })
    expect(await failure(b.syncNow())).toMatchObject({ name: 'SyncError', code: 'identity' })
    expect(b.getStatus().phase).toBe('identity-mismatch')
    expect(await serverIds(bob.name)).toEqual([])
    expect(await emulator.query(bob.name, 'SELECT count(*) AS n FROM sync_conflicts_archive')).toEqual([{ n: 0 }])
    await b.stop()

    const again = createDevice(alice, 'Laptop', { userId: 'alice' }, dbName)
    await again.engine.syncNow()
    expect(await serverIds(alice.name)).toContain('alice-offline')
  })

  it('the same, when the first user never reached the server (the local user binding alone)', async () => {
    const bob = await createUserDatabase(emulator)
    const dbName = `offline-${Math.random()}`
    const offline: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'))
    const a = createDevice(bob, 'Laptop', { userId: 'alice', remote: { url: bob.url, authToken: bob.authToken, fetch: offline } }, dbName)
    await a.db.saved_queries.put(savedQuery('alice-offline') as never)
    await a.engine.syncNow().catch(() => undefined)
    await a.engine.stop()
    const b = createSyncEngine({ db: a.db, remote: { url: bob.url, authToken: bob.authToken }, userId: 'bob', env: { locks: undefined, channel: () => undefined } })
    expect(await failure(b.syncNow())).toMatchObject({ code: 'identity' })
    expect(await serverIds(bob.name)).toEqual([])
    expect(await a.db.saved_queries.get('alice-offline')).toBeDefined()
  })

  it("a write for another user into a bound database is refused at the write", async () => {
    const alice = await createUserDatabase(emulator)
    const dbName = `bound-${Math.random()}`
    const a = createDevice(alice, 'Laptop', { userId: 'alice' }, dbName)
    await a.engine.syncNow()
    await a.engine.stop()
    a.db.close()
    const asBob = createLocalDatabase(dbName, { userId: 'bob' })
    await expect(asBob.saved_queries.put(savedQuery('bob-row') as never)).rejects.toMatchObject({ code: 'identity' })
    expect(await asBob.saved_queries.get('bob-row')).toBeUndefined()
  })

  it("the server refuses a push into another user's database, in the push statements themselves", async () => {
    const alice = await createUserDatabase(emulator)
    const a = createDevice(alice, 'Laptop', { userId: 'alice' })
    await a.engine.syncNow() // claims the database for alice
    const intruder = createDevice(alice, 'Intruder', { userId: 'mallory' })
    await intruder.db.saved_queries.put(savedQuery('mallory-row') as never)
    expect(await failure(intruder.engine.syncNow())).toMatchObject({ code: 'identity' })
    expect(await serverIds(alice.name)).toEqual([])
    expect(await emulator.query(alice.name, "SELECT count(*) AS n FROM device_registry WHERE user_id = 'mallory'")).toEqual([{ n: 0 }])
    expect(intruder.engine.getStatus().pendingCount).toBeGreaterThan(0)
  })

  it('signing out in one tab stops the other tab, and a discarded database is not re-created behind it', async () => {
    const user = await createUserDatabase(emulator)
    const dbName = `tabs-${Math.random()}`
    const channel = channelHub()
    const one = createDevice(user, 'Tab 1', { env: { channel } }, dbName)
    const two = createDevice(user, 'Tab 2', { env: { channel } }, dbName)
    await one.db.saved_queries.put(savedQuery('before-sign-out') as never)
    await one.engine.syncNow()
    two.engine.start()
    await one.db.saved_queries.put(savedQuery('unsent') as never)
    const report = await one.engine.signOut({ unsynced: 'discard', flush: false })
    expect(report).toEqual({ unsynced: 1, kept: false })
    await two.engine.whenIdle()
    await Promise.resolve()
    expect(two.engine.getStatus()).toMatchObject({ signedOut: true })
    // The other tab's engine neither re-creates the database nor downloads the user's data into it.
    await two.engine.syncNow().catch(() => undefined)
    expect(await Dexie.exists(dbName)).toBe(false)
  })

  it('after a sign-out in another tab that keeps the data, the other tab sends nothing more, whatever asks', async () => {
    const user = await createUserDatabase(emulator)
    const dbName = `tabs-keep-${Math.random()}`
    const channel = channelHub()
    let requests = 0
    const counting: typeof fetch = (input, init) => {
      requests += 1
      return globalThis.fetch(input, init)
    }
    const one = createDevice(user, 'Tab 1', { env: { channel } }, dbName)
    const two = createDevice(user, 'Tab 2', { env: { channel }, remote: { url: user.url, authToken: user.authToken, fetch: counting } }, dbName)
    await one.db.saved_queries.put(savedQuery('kept') as never)
    await one.engine.syncNow()
    two.engine.start()
    await two.engine.whenIdle()
    expect(await one.engine.signOut({ unsynced: 'keep' })).toEqual({ unsynced: 0, kept: true })
    await two.engine.whenIdle()
    await Promise.resolve()
    expect(two.engine.getStatus()).toMatchObject({ signedOut: true })
    const before = requests
    // A store's action or a late call: refused, typed, and nothing leaves with the signed-out session.
    expect(await failure(two.engine.syncNow())).toMatchObject({ name: 'SyncError', code: 'aborted' })
    two.engine.start()
    await two.engine.whenIdle()
    expect(requests).toBe(before)
    expect(await one.db.saved_queries.get('kept')).toBeDefined()
  })

  it('a token provider that never answers holds neither stop() nor the cycle: needs-auth after the timeout', async () => {
    const user = await createUserDatabase(emulator)
    const never = (): Promise<string> => new Promise<string>(() => {})
    const hanging = createDevice(user, 'Hang', { remote: { url: user.url, getAuthToken: never, authTimeoutMs: 60_000 } as never })
    const cycle = hanging.engine.syncNow().catch((e: unknown) => e)
    await new Promise((r) => setTimeout(r, 20))
    await hanging.engine.stop() // resolves although the token never comes
    expect(await cycle).toMatchObject({ code: 'aborted' })
    const timed = createDevice(user, 'Timeout', { remote: { url: user.url, getAuthToken: never, authTimeoutMs: 30 } as never })
    expect(await failure(timed.engine.syncNow())).toMatchObject({ code: 'auth' })
    expect(timed.engine.getStatus().phase).toBe('needs-auth')
  })

  it('a stop in the middle of a cycle reads aborted, not offline', async () => {
    const user = await createUserDatabase(emulator)
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    const slow: typeof fetch = async (input, init) => {
      await gate
      return globalThis.fetch(input, init)
    }
    const device = createDevice(user, 'Slow', { remote: { url: user.url, authToken: user.authToken, fetch: slow } })
    const cycle = device.engine.syncNow().catch((e: unknown) => e)
    await new Promise((r) => setTimeout(r, 20))
    const stopped = device.engine.stop()
    release()
    await stopped
    expect(await cycle).toMatchObject({ code: 'aborted' })
    expect(device.engine.getStatus().phase).toBe('aborted')
  })
})

describe('R13: deactivation, storage, clocks', () => {
  it('a deactivated device says who and when, and learns its reactivation from the server', async () => {
    const user = await createUserDatabase(emulator)
    const laptop = createDevice(user, 'Laptop')
    const phone = createDevice(user, 'Phone')
    await laptop.engine.syncNow()
    await phone.engine.syncNow()
    await laptop.engine.syncNow()
    await laptop.engine.devices.deactivate(phone.engine.deviceId()!)
    await phone.engine.syncNow()
    expect(phone.engine.getStatus()).toMatchObject({ phase: 'deactivated', deactivatedBy: { deviceId: laptop.engine.deviceId() } })
    await phone.db.saved_queries.put(savedQuery('held-while-off') as never)
    await phone.engine.syncNow()
    expect(await serverIds(user.name)).toEqual([])
    await laptop.engine.devices.reactivate(phone.engine.deviceId()!)
    await phone.engine.syncNow()
    expect(phone.engine.getStatus().phase).toBe('idle')
    await phone.engine.syncNow()
    expect(await serverIds(user.name)).toEqual(['held-while-off'])
  })

  it('an IndexedDB deleted under a running engine stops it: database-gone, never re-created', async () => {
    const user = await createUserDatabase(emulator)
    const dbName = `deleted-${Math.random()}`
    const device = createDevice(user, 'Laptop', {}, dbName)
    await device.db.saved_queries.put(savedQuery('a') as never)
    await device.engine.syncNow()
    device.engine.start()
    await Dexie.delete(dbName) // another tab, or the browser's "clear site data"
    await device.engine.whenIdle()
    expect(device.engine.getStatus().phase).toBe('database-gone')
    await device.engine.syncNow().catch(() => undefined)
    expect(await Dexie.exists(dbName)).toBe(false)
  })

  it('a full disk is its own status and code', async () => {
    const user = await createUserDatabase(emulator)
    const other = createDevice(user, 'Other')
    await other.db.saved_queries.put(savedQuery('incoming') as never)
    await other.engine.syncNow()
    const full = createDevice(user, 'Full')
    full.db.sync.applyPage = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
    expect(await failure(full.engine.syncNow())).toMatchObject({ code: 'storage-full' })
    expect(full.engine.getStatus()).toMatchObject({ phase: 'storage-full', lastError: { code: 'storage-full' } })
  })

  it("a device clock a month ahead running maintenance deletes nothing early, on any device (R15)", async () => {
    const user = await createUserDatabase(emulator)
    let now = Date.now()
    const ahead = createDevice(user, 'Ahead', { env: { now: () => now } })
    await ahead.db.query_history.put({ id: 'old-enough-to-keep', query_text: 'select 1', executed_at: Date.now() - 65 * DAY, status: 'success', privacy_mode: 'normal' } as never)
    await ahead.engine.syncNow() // the first sync schedules maintenance a day later
    const t = Date.now() - 5 * 60_000
    await emulator.query(
      user.name,
      `INSERT INTO sync_conflicts_archive (id, entity_type, entity_id, device_id, strategy, detected_at, user_id, created_at, updated_at, sync_version, server_seq)
       VALUES ('recent', 'saved_queries', 'q', 'd', 'last-write-wins', ${t}, 'user-1', ${t}, ${t}, 1, 0)`,
    )
    now += 30 * DAY
    await ahead.engine.syncNow()
    expect(await emulator.query(user.name, "SELECT id FROM sync_conflicts_archive WHERE id = 'recent'")).toEqual([{ id: 'recent' }])
    expect(await serverIds(user.name, 'query_history')).toEqual(['old-enough-to-keep'])
  })
})

describe('R13: a server restored from a backup', () => {
  const syncAll = async (...engines: SyncEngine[]): Promise<void> => {
    for (let i = 0; i < 2; i += 1) for (const engine of engines) await engine.syncNow()
  }

  it('devices notice, re-push what the server lost, and converge: nothing lost, nothing doubled, no conflict', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await a.db.saved_queries.bulkPut([savedQuery('kept'), savedQuery('edited')] as never)
    await syncAll(a.engine, b.engine)
    const backup = await emulator.snapshot(user.name)
    // Acknowledged after the backup: a creation on each device and an edit.
    await a.db.saved_queries.put(savedQuery('after-a') as never)
    await b.db.saved_queries.update('edited', { name: 'edited after the backup' })
    await b.db.saved_queries.put(savedQuery('after-b') as never)
    await syncAll(a.engine, b.engine)
    await emulator.restore(user.name, backup)
    expect(await serverIds(user.name)).toEqual(['edited', 'kept'])

    await a.db.saved_queries.put(savedQuery('after-restore') as never)
    await syncAll(a.engine, b.engine, a.engine)
    expect(await serverIds(user.name)).toEqual(['after-a', 'after-b', 'after-restore', 'edited', 'kept'])
    expect(await emulator.query(user.name, 'SELECT count(*) AS n FROM sync_conflicts_archive')).toEqual([{ n: 0 }])
    for (const device of [a, b]) {
      expect((await device.db.saved_queries.toArray()).map((r) => r.id).sort()).toEqual(['after-a', 'after-b', 'after-restore', 'edited', 'kept'])
      expect(device.engine.getStatus().pendingCount).toBe(0)
    }
    const fresh = createDevice(user, 'Fresh')
    await fresh.engine.syncNow()
    expect((await fresh.db.saved_queries.toArray()).map((r) => r.id).sort()).toEqual(['after-a', 'after-b', 'after-restore', 'edited', 'kept'])
    // The edit acknowledged after the backup is what every device, a new one included, reads (content is sealed on the server).
    expect((await fresh.db.saved_queries.get('edited'))?.name).toBe('edited after the backup')
  })
})
