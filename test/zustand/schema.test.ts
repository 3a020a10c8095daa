import { describe, expect, it, vi } from 'vitest'
import { createLocalDatabase, SchemaError } from '@howlerops/sync/dexie'
import { appOptions, createAppStore, hydrated, query, settled, uniqueName, type QueryDraft } from './helpers'

const fresh = () => createLocalDatabase(uniqueName('zustand-schema'))

describe('syncedPersist refuses records the schema refuses (R7)', () => {
  it("without onWriteError, set's caller gets the SchemaError and nothing of that set applies", async () => {
    const db = fresh()
    const store = createAppStore(appOptions(db))
    await hydrated(store)
    const bad = { ...query('bad'), is_favorite: 0.5 }
    let thrown: unknown
    try {
      store.setState((s) => ({ savedQueries: { ...s.savedQueries, good: query('good'), bad } }))
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(SchemaError)
    expect(thrown).toMatchObject({ table: 'saved_queries', key: 'bad', column: 'is_favorite', rule: 'type' })
    // The action throws too, and the state is as before: memory never holds what IndexedDB refuses.
    expect(() => store.getState().upsertQuery({ ...query('q'), name: null } as unknown as QueryDraft)).toThrow(SchemaError)
    expect(store.getState().savedQueries).toEqual({})
    await settled(db)
    expect(await db.saved_queries.count()).toBe(0)
    expect(await db._outbox.count()).toBe(0)
  })

  it('with onWriteError, the SchemaError goes there instead, and the state is unchanged', async () => {
    const db = fresh()
    const onWriteError = vi.fn()
    const store = createAppStore({ ...appOptions(db), onWriteError })
    await hydrated(store)
    store.getState().upsertQuery(query('ok'))
    store.getState().upsertQuery({ ...query('bad'), tags: [1n] } as unknown as QueryDraft)
    expect(onWriteError).toHaveBeenCalledOnce()
    expect(onWriteError.mock.calls[0]?.[0]).toMatchObject({ name: 'SchemaError', key: 'bad', column: 'tags', rule: 'check' })
    expect(Object.keys(store.getState().savedQueries)).toEqual(['ok'])
    await vi.waitFor(async () => expect(await db.saved_queries.count()).toBe(1))
    expect(await db._outbox.toArray()).toMatchObject([{ key: 'ok' }])
  })

  it('secret and sync-owned fields are no reason to refuse: the capture strips and stamps them', async () => {
    const db = fresh()
    const store = createAppStore(appOptions(db))
    await hydrated(store)
    store.setState({ connections: { c: { connection_id: 'c', name: 'db', type: 'postgres', host: 'h', port: 5432, password: 'hunter2' } as never } })
    await vi.waitFor(async () => expect(await db.connection_templates.count()).toBe(1))
  })

  it('a record with only its required fields gets its defaults, and the state follows IndexedDB', async () => {
    const db = fresh()
    const store = createAppStore(appOptions(db))
    await hydrated(store)
    store.getState().upsertQuery({ id: 'q', name: 'Active users', query_text: 'select 1' } as QueryDraft)
    await vi.waitFor(async () => expect(await db.saved_queries.get('q')).toMatchObject({ is_favorite: 0 }))
    await vi.waitFor(() => expect(store.getState().savedQueries['q']).toMatchObject({ is_favorite: 0 }))
  })
})

describe('any record key round-trips through a slice', () => {
  it.each(['__proto__', 'constructor', 'hasOwnProperty', 'toString'])('a record whose id is %s is written, hydrated and deleted', async (id) => {
    const name = uniqueName('keys')
    const db = createLocalDatabase(name)
    const store = createAppStore(appOptions(db))
    await hydrated(store)
    store.getState().upsertQuery(query(id))
    await vi.waitFor(async () => expect(await db.saved_queries.get(id)).toMatchObject({ id }))
    expect(Object.keys(store.getState().savedQueries)).toEqual([id])

    // A second store over the same database hydrates it as an own key of the slice.
    const again = createAppStore(appOptions(createLocalDatabase(name)))
    await hydrated(again)
    const slice = again.getState().savedQueries
    expect(Object.keys(slice)).toEqual([id])
    expect(Object.getOwnPropertyDescriptor(slice, id)?.value).toMatchObject({ id, query_text: `select ${id}` })

    // Removing it deletes the row.
    again.getState().removeQuery(id)
    await vi.waitFor(async () => expect(await db.saved_queries.get(id)).toBeUndefined())
    again.persist.dispose()
    store.persist.dispose()
  })

  it('a record with such a key that arrives from outside (another tab, the engine) shows up in the slice', async () => {
    const db = fresh()
    const store = createAppStore(appOptions(db))
    await hydrated(store)
    await db.saved_queries.put(query('__proto__') as never)
    await vi.waitFor(() => expect(Object.keys(store.getState().savedQueries)).toEqual(['__proto__']))
    await db.saved_queries.delete('__proto__')
    await vi.waitFor(() => expect(Object.keys(store.getState().savedQueries)).toEqual([]))
  })
})
