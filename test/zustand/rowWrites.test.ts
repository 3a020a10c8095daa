import { describe, expect, it, vi } from 'vitest'
import { appOptions, countedDatabase, onlyData, createAppStore, hydrated, query, seedRemote, settled, uniqueName } from './helpers'

describe('syncedPersist writes rows, not state', () => {
  it('one edit in a 10,000-record state writes one data row and one outbox row', async () => {
    const { db, writes } = countedDatabase(uniqueName('amplification'))
    await seedRemote(db, 10_000)
    const store = createAppStore(appOptions(db))
    await hydrated(store)
    await settled(db)
    expect(Object.keys(store.getState().savedQueries)).toHaveLength(10_000)
    writes.reset()

    const target = store.getState().savedQueries['q1234']
    store.getState().upsertQuery({ ...target!, name: 'renamed' })
    await vi.waitFor(async () => expect(await db._outbox.count()).toBe(1))
    await settled(db)
    expect(onlyData(writes.rows)).toEqual({ saved_queries: 1, _outbox: 1 })
    expect(writes.rows['_base'] ?? 0).toBeLessThanOrEqual(1) // the capture's 3-way merge base of a synced record
    expect((await db.saved_queries.get('q1234'))?.name).toBe('renamed')

    writes.reset()
    store.getState().removeQuery('q42')
    await vi.waitFor(async () => expect(await db.saved_queries.get('q42')).toBeUndefined())
    await settled(db)
    expect(onlyData(writes.rows)).toEqual({ saved_queries: 1, _outbox: 1 }) // the delete and its tombstone
    expect(await db.saved_queries.count()).toBe(9_999)
  })

  it('edits in the same tick share one transaction; unchanged state writes nothing', async () => {
    const { db, writes } = countedDatabase(uniqueName('batch'))
    const store = createAppStore(appOptions(db))
    await hydrated(store)
    await settled(db)
    writes.reset()
    store.getState().upsertQuery(query('a'))
    store.getState().upsertQuery(query('b'))
    store.setState({ sidebarOpen: true }) // same value: the remainder is unchanged
    await vi.waitFor(async () => expect(await db._outbox.count()).toBe(2))
    await settled(db)
    expect(writes.rows).toEqual({ saved_queries: 2, _outbox: 2 })
  })

  it('a failing write transaction leaves neither row nor outbox entry, and is reported', async () => {
    const { db } = countedDatabase(uniqueName('atomic'))
    // IndexedDB fails the write of 'bad' (a value the schema accepts; R14 refuses a non-cloneable one before this).
    db.use({
      stack: 'dbcore',
      name: 'fail-bad',
      create: (down) => ({
        ...down,
        table: (name) => {
          const table = down.table(name)
          if (name !== 'saved_queries') return table
          return {
            ...table,
            mutate: async (req) => {
              if (req.type === 'put' && req.values.some((v: { id?: unknown }) => v.id === 'bad')) throw new DOMException('disk full', 'QuotaExceededError')
              return table.mutate(req)
            },
          }
        },
      }),
    })
    const onWriteError = vi.fn()
    const store = createAppStore({ ...appOptions(db), onWriteError })
    await hydrated(store)
    await settled(db)
    const poisoned = query('bad')
    store.setState((s) => ({ savedQueries: { ...s.savedQueries, good: query('good'), bad: poisoned } }))
    await vi.waitFor(() => expect(onWriteError).toHaveBeenCalledOnce())
    expect(await db.saved_queries.count()).toBe(0)
    expect(await db._outbox.count()).toBe(0)
    expect(Object.keys(store.getState().savedQueries)).toEqual(['good', 'bad']) // memory keeps the edit
  })

  it('secret fields never reach IndexedDB and stay in memory, through outside changes and rehydration', async () => {
    const { db } = countedDatabase(uniqueName('secrets'))
    const store = createAppStore({ ...appOptions(db), secretFields: { saved_queries: ['connection_id'] } })
    await hydrated(store)
    const connection = {
      connection_id: 'c1', name: 'prod', type: 'postgres', host: 'db', port: 5432, database_name: 'app', file_path: null,
      username: 'me', ssl_mode: null, parameters: { sslmode: 'require', password: 'p-in-params' },
      ssh_tunnel: { host: 'bastion', privateKey: 'PRIVATE-KEY', passphrase: 'phrase' }, environment: null, color: null,
      folder: null, tags: null, password: 'hunter2',
    }
    store.setState({ connections: { c1: connection } })
    store.getState().upsertQuery({ ...query('q'), connection_id: 'c1' })
    await vi.waitFor(async () => expect(await db._outbox.count()).toBe(2))

    const stored = await db.connection_templates.get('c1')
    expect(JSON.stringify(stored)).not.toMatch(/hunter2|PRIVATE-KEY|phrase|p-in-params/)
    expect(stored).toMatchObject({ name: 'prod', ssh_tunnel: { host: 'bastion' }, parameters: { sslmode: 'require' } })
    expect((await db.saved_queries.get('q'))?.connection_id).toBeUndefined() // a per-table extra secret field

    // Another device renames the connection: the new name flows in, the secrets stay.
    await db.sync.writeUncaptured(['connection_templates'], async () => {
      await db.connection_templates.put({ ...stored!, name: 'production', ssh_tunnel: { host: 'bastion2' }, sync_version: 2 })
    })
    await vi.waitFor(() => expect(store.getState().connections['c1']?.name).toBe('production'))
    expect(store.getState().connections['c1']).toMatchObject({
      password: 'hunter2',
      ssh_tunnel: { host: 'bastion2', privateKey: 'PRIVATE-KEY', passphrase: 'phrase' },
      parameters: { sslmode: 'require', password: 'p-in-params' },
    })

    await store.persist.rehydrate()
    expect(store.getState().connections['c1']).toMatchObject({ name: 'production', password: 'hunter2' })
    expect(store.getState().savedQueries['q']?.connection_id).toBe('c1')
    expect(JSON.stringify(await db.connection_templates.toArray())).not.toMatch(/hunter2|PRIVATE-KEY/)
  })

  it('private history is stored on the device and never enqueued', async () => {
    const { db } = countedDatabase(uniqueName('private'))
    const store = createAppStore(appOptions(db))
    await hydrated(store)
    const entry = (id: string, privacy: string) => ({
      id, connection_id: null, query_text: 'select secret_stuff', executed_at: 1, duration_ms: 3, rows_affected: 0,
      status: 'success', error_message: null, privacy_mode: privacy,
    })
    store.setState({ history: { h1: entry('h1', 'private') } })
    await vi.waitFor(async () => expect(await db.query_history.count()).toBe(1))
    await settled(db)
    expect(await db._outbox.count()).toBe(0)

    store.setState((s) => ({ history: { ...s.history, h2: entry('h2', 'normal') } }))
    await vi.waitFor(async () => expect(await db.query_history.count()).toBe(2))
    await settled(db)
    expect((await db._outbox.toArray()).map((e) => e.key)).toEqual(['h2'])
  })

  it('keeps the remainder selected by partialize in one _state row with its version', async () => {
    const { db } = countedDatabase(uniqueName('remainder'))
    const store = createAppStore({ ...appOptions(db), version: 3, partialize: (s) => ({ theme: s.theme }) })
    await hydrated(store)
    store.getState().setTheme('dark')
    store.setState({ sidebarOpen: false })
    await vi.waitFor(async () => expect((await db.table('_state').get('zustand/app'))?.v).toEqual({ state: { theme: 'dark' }, version: 3 }))
    expect(await db._outbox.count()).toBe(0)
  })
})
