import { afterAll, describe, expect, it, vi } from 'vitest'
import { createStore } from 'zustand/vanilla'
import { preferenceId, SchemaError, type SavedQuery } from '@howlerops/sync'
import { syncedPersist } from '@howlerops/sync/zustand'
import { createDevice, createUserDatabase, startEmulator } from './harness'

const { emulator, close } = startEmulator()
afterAll(close)

describe('natural keys: a preference is (key, device_id) (R7)', () => {
  it('two devices that set the same global key converge as an ordinary last-write-wins conflict', async () => {
    const user = await createUserDatabase(emulator)
    // Unsealed: the test reads the server row by its plaintext key (sealed keys: test/sealing/sealed.test.ts).
    const a = createDevice(user, 'A', { sealing: false })
    const b = createDevice(user, 'B', { sealing: false })
    await a.engine.syncNow()
    await b.engine.syncNow()
    // Both offline, neither knows of the other's setting. Neither names an id: it derives from the key.
    await a.db.user_preferences.put({ device_id: null, key: 'theme', value: 'dark' } as never)
    await b.db.user_preferences.put({ device_id: null, key: 'theme', value: 'light' } as never)
    await a.engine.syncNow()
    const second = await b.engine.syncNow()
    await a.engine.syncNow()
    expect(second.conflicts).toBe(1)
    const id = preferenceId('theme')
    const values = [(await a.db.user_preferences.get(id))?.value, (await b.db.user_preferences.get(id))?.value]
    expect(values[0]).toBe(values[1])
    for (const d of [a, b]) {
      expect(await d.db.sync.quarantined()).toEqual([])
      expect(d.engine.getStatus()).toMatchObject({ quarantinedCount: 0, pendingCount: 0 })
      expect(await d.db.user_preferences.count()).toBe(1)
    }
    const server = await emulator.query(user.name, `SELECT id, value FROM user_preferences WHERE key = 'theme' AND deleted_at IS NULL`)
    expect(server).toEqual([{ id, value: JSON.stringify(values[0]) }])
    const archived = await emulator.query(user.name, `SELECT entity_id, strategy FROM sync_conflicts_archive WHERE entity_type = 'user_preferences'`)
    expect(archived).toEqual([{ entity_id: id, strategy: 'last-write-wins' }])
  })

  it('a device that brings its own random id for the key is refused at the write, so it cannot get stuck later', async () => {
    const user = await createUserDatabase(emulator)
    const b = createDevice(user, 'B')
    await expect(b.db.user_preferences.put({ id: crypto.randomUUID(), device_id: null, key: 'theme', value: 'light' } as never)).rejects.toBeInstanceOf(SchemaError)
    expect(await b.db._outbox.count()).toBe(0)
  })

  it('device-specific preferences of the same key stay apart, one per device', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const deviceId = 'this-device'
    await a.db.user_preferences.put({ device_id: deviceId, key: 'editor.fontSize', value: 14 } as never)
    await a.db.user_preferences.put({ device_id: null, key: 'editor.fontSize', value: 12 } as never)
    expect((await a.db.user_preferences.toArray()).map((r) => r.id).sort()).toEqual([preferenceId('editor.fontSize'), preferenceId('editor.fontSize', deviceId)].sort())
  })
})

describe("a record with only its required user fields syncs (examples/add-sync's saved query)", () => {
  it('{ id, name, query_text } reaches the server with the schema defaults and another device pulls it', async () => {
    const user = await createUserDatabase(emulator)
    // Unsealed: the test reads the server row's plaintext.
    const a = createDevice(user, 'A', { sealing: false })
    const b = createDevice(user, 'B', { sealing: false })
    await a.db.saved_queries.put({ id: 'q1', name: 'Active users', query_text: 'select * from users where active' } as never)
    const summary = await a.engine.syncNow()
    expect(summary.quarantined).toBe(0)
    expect(await a.db.sync.quarantined()).toEqual([])
    expect(a.engine.getStatus()).toMatchObject({ quarantinedCount: 0, pendingCount: 0 })
    expect(await emulator.query(user.name, 'SELECT id, name, is_favorite, sync_version FROM saved_queries')).toEqual([
      { id: 'q1', name: 'Active users', is_favorite: 0, sync_version: 1 },
    ])
    await b.engine.syncNow()
    expect(await b.db.saved_queries.get('q1')).toMatchObject({ name: 'Active users', is_favorite: 0, sync_version: 1 })
  })

  it('the same through syncedPersist, written exactly as examples/add-sync writes it', async () => {
    type NewSavedQuery = Pick<SavedQuery, 'id' | 'name' | 'query_text'> & Partial<SavedQuery>
    interface QueriesState {
      savedQueries: Record<string, NewSavedQuery>
      save: (query: NewSavedQuery) => void
    }
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A', { sealing: false }) // the test reads the server row's plaintext
    const store = createStore<QueriesState>()(
      syncedPersist(
        (set) => ({
          savedQueries: {},
          save: (query) => set((s) => ({ savedQueries: { ...s.savedQueries, [query.id]: query } })),
        }),
        { name: 'queries', db: a.db, tables: { savedQueries: 'saved_queries' } },
      ),
    )
    await new Promise<void>((resolve) => (store.persist.hasHydrated() ? resolve() : store.persist.onFinishHydration(() => resolve())))
    store.getState().save({ id: 'first', name: 'New query', query_text: 'SELECT 1' })
    await vi.waitFor(async () => expect(await a.db._outbox.count()).toBeGreaterThan(0))
    const summary = await a.engine.syncNow()
    expect(summary.quarantined).toBe(0)
    expect(a.engine.getStatus()).toMatchObject({ quarantinedCount: 0, pendingCount: 0 })
    expect(await emulator.query(user.name, 'SELECT id, name, query_text, is_favorite FROM saved_queries')).toEqual([
      { id: 'first', name: 'New query', query_text: 'SELECT 1', is_favorite: 0 },
    ])
    store.persist.dispose()
  })
})
