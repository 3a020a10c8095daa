import { describe, expect, it, vi } from 'vitest'
import { createLocalDatabase } from '@howlerops/sync/dexie'
import { appOptions, countedDatabase, createAppStore, hydrated, query, seedRemote, settled, uniqueName } from './helpers'

describe('outside changes flow into the store', () => {
  it('two store instances on one database (two tabs) each see the other’s changes, written once', async () => {
    const name = uniqueName('tabs')
    const { db, writes } = countedDatabase(name)
    const tab1 = createAppStore(appOptions(db))
    const tab2 = createAppStore(appOptions(createLocalDatabase(name)))
    await Promise.all([hydrated(tab1), hydrated(tab2)])
    await settled(db)
    writes.reset()

    tab1.getState().upsertQuery(query('a'))
    await vi.waitFor(() => expect(tab2.getState().savedQueries['a']?.name).toBe('query a'))
    tab2.getState().upsertQuery({ ...tab2.getState().savedQueries['a']!, name: 'edited in tab 2' })
    await vi.waitFor(() => expect(tab1.getState().savedQueries['a']?.name).toBe('edited in tab 2'))
    tab2.getState().removeQuery('a')
    await vi.waitFor(() => expect(tab1.getState().savedQueries['a']).toBeUndefined())
    await settled(db)
    // tab1 wrote its add (counted on this connection); nobody wrote back what flowed in.
    expect(writes.rows).toEqual({ saved_queries: 1, _outbox: 1 })
    expect(await db._outbox.count()).toBe(0) // created and deleted before any sync: nothing to push
  })

  it('app code writing Dexie directly flows into the store and is captured once', async () => {
    const { db, writes } = countedDatabase(uniqueName('app-code'))
    const store = createAppStore(appOptions(db))
    await hydrated(store)
    writes.reset()
    await db.saved_queries.put(query('direct') as never)
    await vi.waitFor(() => expect(store.getState().savedQueries['direct']?.name).toBe('query direct'))
    await settled(db)
    expect(writes.rows).toEqual({ saved_queries: 1, _outbox: 1 })
    expect(await db._outbox.count()).toBe(1)
  })

  it('rows applied by the sync engine (writeUncaptured) flow in and are not captured', async () => {
    const { db } = countedDatabase(uniqueName('remote'))
    const store = createAppStore(appOptions(db))
    await hydrated(store)
    await seedRemote(db, 3)
    await vi.waitFor(() => expect(Object.keys(store.getState().savedQueries)).toHaveLength(3))
    await db.sync.writeUncaptured(['saved_queries'], async () => {
      await db.saved_queries.delete('q1')
    })
    await vi.waitFor(() => expect(store.getState().savedQueries['q1']).toBeUndefined())
    await settled(db)
    expect(await db._outbox.count()).toBe(0)
  })

  it('a re-read that finds the same data keeps the same objects (no re-render)', async () => {
    const { db } = countedDatabase(uniqueName('same'))
    await seedRemote(db, 3)
    const store = createAppStore(appOptions(db))
    await hydrated(store)
    const listener = vi.fn()
    store.subscribe(listener)
    const before = store.getState().savedQueries
    // Only bookkeeping changes (an acknowledgement bumps sync_version): nothing for the UI.
    await db.sync.writeUncaptured(['saved_queries'], async () => {
      await db.saved_queries.update('q0', { sync_version: 9, server_seq: 99 })
    })
    store.getState().upsertQuery(query('probe'))
    await vi.waitFor(async () => expect(await db._outbox.count()).toBe(1))
    await settled(db)
    await vi.waitFor(() => expect(listener).toHaveBeenCalledOnce()) // the probe edit only
    expect(store.getState().savedQueries['q0']).toBe(before['q0'])
  })

  it('clear() in another connection empties the slice', async () => {
    const name = uniqueName('clear')
    const { db } = countedDatabase(name)
    await seedRemote(db, 60)
    const store = createAppStore(appOptions(db))
    await hydrated(store)
    await createLocalDatabase(name).sync.writeUncaptured(['saved_queries'], async (tx) => {
      await tx.table('saved_queries').clear()
    })
    await vi.waitFor(() => expect(store.getState().savedQueries).toEqual({}))
  })
})
