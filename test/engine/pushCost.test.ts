import { afterAll, describe, expect, it } from 'vitest'
import type { DBCore, DBCoreTable, Middleware } from 'dexie'
import { createLocalDatabase } from '@howlerops/sync/dexie'
import { createSyncEngine } from '@howlerops/sync'
import { createUserDatabase, savedQuery, startEmulator } from './harness'

/**
 * What the push and the bootstrap cost in IndexedDB rows, counted below the capture. A bulk write of new records
 * and its push read each data row once (to build the upload) and each outbox entry twice (to take it, and to see
 * whether an edit queued behind it); a bootstrap reads no row per pulled row on its later pages.
 */
const { emulator, close } = startEmulator()
afterAll(close)

const counted = (user: { url: string; authToken: string; contentKey: string }, name: string, options: { pullPageSize?: number } = {}) => {
  const reads = new Map<string, number>()
  const add = (table: string, n: number): void => void reads.set(table, (reads.get(table) ?? 0) + n)
  const wrap = (table: DBCoreTable): DBCoreTable => ({
    ...table,
    get: (req) => (add(table.name, 1), table.get(req)),
    getMany: (req) => (add(table.name, req.keys.length), table.getMany(req)),
    query: (req) => table.query(req).then((res) => (add(table.name, res.result.length), res)),
  })
  const counter: Middleware<DBCore> = { stack: 'dbcore', name: 'test-read-counter', level: 0, create: (down) => ({ ...down, table: (n) => wrap(down.table(n)) }) }
  const db = createLocalDatabase(`${name}-${Math.random()}`)
  db.use(counter)
  const engine = createSyncEngine({
    db,
    remote: { url: user.url, authToken: user.authToken, fetch: (input, init) => globalThis.fetch(input, init) },
    userId: 'user-1',
    deviceName: name,
    // Sealed, the default setup (a user's content key, as the harness gives every device).
    sealing: { key: user.contentKey },
    ...options,
    env: { locks: undefined, channel: () => undefined },
  })
  return { db, engine, reads, reset: () => reads.clear() }
}

describe('push and bootstrap cost in IndexedDB rows', () => {
  it('a bulk write of new records and its push read each data row once and each outbox entry twice', async () => {
    const user = await createUserDatabase(emulator)
    const d = counted(user, 'pusher')
    await d.engine.syncNow()
    const n = 300
    d.reset()
    await d.db.saved_queries.bulkPut(Array.from({ length: n }, (_, i) => savedQuery(`q${i}`)) as never)
    const summary = await d.engine.syncNow()
    expect(summary.pushed).toBe(n)
    expect(d.reads.get('saved_queries') ?? 0).toBeLessThanOrEqual(n + 2)
    expect(d.reads.get('_outbox') ?? 0).toBeLessThanOrEqual(2 * n + 2)
    // Every row carries the server's version, exactly as a re-read would have written it.
    const rows = await d.db.saved_queries.toArray()
    expect(rows.every((r) => r.sync_version === 1 && Number(r.server_seq) > 0)).toBe(true)
    expect(await d.db._outbox.count()).toBe(0)
    await d.engine.stop()
  })

  it('acknowledging a push with no edit queued behind looks up no outbox entry per record (taking them is one cursor, not counted here)', async () => {
    const user = await createUserDatabase(emulator)
    const d = counted(user, 'acker')
    await d.engine.syncNow()
    const n = 300
    d.reset()
    await d.db.saved_queries.bulkPut(Array.from({ length: n }, (_, i) => savedQuery(`q${i}`)) as never)
    expect((await d.engine.syncNow()).pushed).toBe(n)
    expect(d.reads.get('_outbox') ?? 0).toBeLessThanOrEqual(4)
    expect(await d.db._outbox.count()).toBe(0)
    // An edit queued behind an in-flight change is still rebased on the version the server gave it.
    await d.db.saved_queries.put(savedQuery('q0', { name: 'edited' }) as never)
    await d.engine.syncNow()
    expect(await d.db.saved_queries.get('q0')).toMatchObject({ name: 'edited', sync_version: 2 })
    expect(await d.db._outbox.count()).toBe(0)
    await d.engine.stop()
  })

  it('a bootstrap looks up no pulled row on its later pages, and a later tombstone still deletes an earlier row', async () => {
    const user = await createUserDatabase(emulator)
    const a = counted(user, 'writer')
    await a.db.saved_queries.bulkPut(Array.from({ length: 250 }, (_, i) => savedQuery(`b${i}`)) as never)
    await a.engine.syncNow()
    await a.db.saved_queries.delete('b0')
    await a.engine.syncNow()
    await a.engine.stop()

    const b = counted(user, 'fresh', { pullPageSize: 100 })
    await b.engine.syncNow()
    expect(await b.db.saved_queries.count()).toBe(249)
    expect(await b.db.saved_queries.get('b0')).toBeUndefined()
    // Pages of 100: no per-row lookup on any page (the tombstone of b0 is the one row looked up).
    expect(b.reads.get('saved_queries') ?? 0).toBeLessThanOrEqual(5)
    await b.engine.stop()
  })
})
