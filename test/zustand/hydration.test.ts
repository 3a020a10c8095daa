import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLocalDatabase } from '@howlerops/sync/dexie'
import { appOptions, countedDatabase, createAppStore, hydrated, query, seedRemote, settled, uniqueName, type AppState } from './helpers'

describe('syncedPersist hydration', () => {
  it('hydrates 10,000 rows into the slice, keyed by record key', async () => {
    const { db, writes } = countedDatabase(uniqueName('hydrate'))
    await seedRemote(db, 10_000)
    writes.reset()
    const onFinish = vi.fn()
    const store = createAppStore(appOptions(db))
    store.persist.onFinishHydration(onFinish)
    expect(store.persist.hasHydrated()).toBe(false)
    await hydrated(store)
    const queries = store.getState().savedQueries
    expect(Object.keys(queries)).toHaveLength(10_000)
    expect(queries['q9999']).toMatchObject({ id: 'q9999', name: 'query q9999', tags: ['t'], sync_version: 1 })
    expect(onFinish).toHaveBeenCalledOnce()
    await settled(db)
    expect(writes.rows['saved_queries']).toBeUndefined() // hydration writes no rows back
  })

  it('overlapping rehydrate() calls: only the newest result applies', async () => {
    const { db } = countedDatabase(uniqueName('overlap'))
    await seedRemote(db, 3)
    const merge = vi.fn((persisted: unknown, current: AppState): AppState => ({ ...current, ...(persisted as object) }))
    const post = vi.fn()
    const pre = vi.fn(() => post)
    const store = createAppStore({ ...appOptions(db), skipHydration: true, merge, onRehydrateStorage: pre })
    // The first read is queued before the write, the second after it.
    const first = store.persist.rehydrate()
    const write = seedRemote(db, 5, 'late')
    const second = store.persist.rehydrate()
    await Promise.all([first, write, second])
    expect(merge).toHaveBeenCalledOnce()
    expect(Object.keys((merge.mock.calls[0]?.[0] as AppState).savedQueries)).toHaveLength(8)
    expect(pre).toHaveBeenCalledTimes(2)
    expect(post).toHaveBeenCalledOnce()
    expect(post.mock.calls[0]?.[1]).toBeUndefined()
    expect(Object.keys(store.getState().savedQueries)).toHaveLength(8)
  })

  it('edits made before hydration finishes are kept and written; hydrated rows go under them', async () => {
    const { db } = countedDatabase(uniqueName('early'))
    await seedRemote(db, 3) // q0, q1, q2
    const store = createAppStore({ ...appOptions(db), partialize: (s) => ({ theme: s.theme }) })
    // Before the read returns: overwrite q0, add a new record, change the remainder.
    store.getState().upsertQuery(query('q0', 'mine'))
    store.getState().upsertQuery(query('new'))
    store.getState().setTheme('dark')
    await hydrated(store)
    const state = store.getState()
    expect(Object.keys(state.savedQueries).sort()).toEqual(['new', 'q0', 'q1', 'q2'])
    expect(state.savedQueries['q0']?.name).toBe('mine')
    expect(state.theme).toBe('dark')
    await settled(db)
    expect((await db.saved_queries.get('q0'))?.name).toBe('mine')
    expect(await db.saved_queries.get('new')).toBeDefined()
    expect((await db.table('_state').get('zustand/app'))?.v).toEqual({ state: { theme: 'dark' }, version: 0 })
  })

  it('migrates the remainder from version 0 to 1 and writes back only the rows the migration replaced', async () => {
    const name = uniqueName('migrate')
    const v0 = createAppStore({ ...appOptions(createLocalDatabase(name)), partialize: (s) => ({ theme: s.theme }) })
    await hydrated(v0)
    v0.getState().setTheme('solarized')
    v0.getState().upsertQuery(query('a'))
    v0.getState().upsertQuery(query('b'))
    const { db } = countedDatabase(name)
    await vi.waitFor(async () => expect((await db.table('_state').get('zustand/app'))?.v?.state?.theme).toBe('solarized'))
    await vi.waitFor(async () => expect(await db.saved_queries.count()).toBe(2))
    v0.persist.dispose()

    const migrate = vi.fn((persisted: unknown, version: number) => {
      const old = persisted as { theme: string; savedQueries: AppState['savedQueries'] }
      expect(version).toBe(0)
      return { ...old, theme: `${old.theme}-v1`, savedQueries: { ...old.savedQueries, a: { ...old.savedQueries['a']!, folder: 'migrated' } } }
    })
    const v1 = createAppStore({ ...appOptions(db), version: 1, migrate, partialize: (s) => ({ theme: s.theme }) })
    await hydrated(v1)
    expect(migrate).toHaveBeenCalledOnce()
    expect(v1.getState().theme).toBe('solarized-v1')
    expect(v1.getState().savedQueries['a']?.folder).toBe('migrated')
    await vi.waitFor(async () => expect((await db.saved_queries.get('a'))?.folder).toBe('migrated'))
    expect((await db.table('_state').get('zustand/app'))?.v).toEqual({ state: { theme: 'solarized-v1' }, version: 1 })
  })

  it('a throwing migrate is reported through onRehydrateStorage, and nothing stored is lost', async () => {
    const { db } = countedDatabase(uniqueName('migrate-fail'))
    await seedRemote(db, 2)
    await db.table('_state').put({ k: 'zustand/app', v: { state: { theme: 'old' }, version: 0 } })
    const post = vi.fn()
    const store = createAppStore({
      ...appOptions(db),
      version: 1,
      migrate: () => {
        throw new Error('cannot migrate')
      },
      onRehydrateStorage: () => post,
    })
    await vi.waitFor(() => expect(post).toHaveBeenCalledOnce())
    expect(post.mock.calls[0]?.[0]).toBeUndefined()
    expect((post.mock.calls[0]?.[1] as Error).message).toBe('cannot migrate')
    expect(store.persist.hasHydrated()).toBe(false)

    store.getState().setTheme('dark') // the in-memory store keeps working…
    expect(store.getState().theme).toBe('dark')
    await settled(db)
    // …and the stored data waits, untouched, for a migration that works.
    expect((await db.table('_state').get('zustand/app'))?.v).toEqual({ state: { theme: 'old' }, version: 0 })
    expect(await db.saved_queries.count()).toBe(2)
    expect(await db._outbox.count()).toBe(0)
  })
})

describe('syncedPersist without IndexedDB (SSR)', () => {
  const saved = globalThis.indexedDB
  afterEach(() => {
    globalThis.indexedDB = saved
  })

  it('creating the store does not throw, and hydration finishes with the initial state', async () => {
    // @ts-expect-error simulating a server runtime
    delete globalThis.indexedDB
    const factory = vi.fn(() => createLocalDatabase(uniqueName('ssr')))
    const post = vi.fn()
    const store = createAppStore({ ...appOptions(factory), onRehydrateStorage: () => post })
    await hydrated(store)
    expect(factory).not.toHaveBeenCalled()
    expect(post).toHaveBeenCalledWith(expect.objectContaining({ theme: 'light' }), undefined)
    store.getState().upsertQuery(query('a'))
    await Promise.resolve()
    expect(store.getState().savedQueries['a']).toBeDefined()
  })

  it('a database factory that throws is treated as no database', async () => {
    const store = createAppStore(
      appOptions(() => {
        throw new Error('no IndexedDB here')
      }),
    )
    await expect(hydrated(store)).resolves.toBeUndefined()
    store.getState().setTheme('dark')
    await store.persist.rehydrate()
    expect(store.getState().theme).toBe('dark')
  })
})
