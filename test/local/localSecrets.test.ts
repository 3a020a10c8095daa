// Issue 29: a connection's password survives a reload in the device's secret store, and leaves it with the record.
import { describe, expect, it, vi } from 'vitest'
import {
  clearLocalSecrets,
  createLocalDatabase,
  encryptedSecrets,
  isLocalSecretError,
  memorySecrets,
  sessionSecrets,
  type LocalSecretStorage,
  type SyncDatabase,
} from '@howlerops/sync/dexie'
import { createStore } from 'zustand/vanilla'
import { syncedPersist } from '@howlerops/sync/zustand'
import { preferenceId } from '@howlerops/sync'
import { connection, load, MemoryStorage, rawIndexedDb, stored, uniqueName } from './secretFixtures'

const PASSWORD = 'hunter2-secret'

/** A synced row, as the engine writes what it pulled: not captured. */
const pulled = async (db: SyncDatabase, id: string, patch: Record<string, unknown> = {}): Promise<void> => {
  await db.sync.writeUncaptured(['connection_templates'], async () => {
    await db.connection_templates.put({ ...connection(id), user_id: 'u', created_at: 1, updated_at: 1, deleted_at: null, sync_version: 1, server_seq: 1, hlc: '', mutation_id: null, origin_device_id: null, ...patch } as never)
  })
}

describe.each([
  ['session', (): (() => LocalSecretStorage) => {
    const storage = new MemoryStorage()
    return () => sessionSecrets({ storage })
  }],
  ['encrypted', (): (() => LocalSecretStorage) => {
    const name = uniqueName('vault')
    return () => encryptedSecrets({ name })
  }],
  ['default', (): (() => LocalSecretStorage) | undefined => undefined],
])('the %s store keeps passwords across a reload', (_label, makeAdapter) => {
  it('a password typed into a connection is back after a reload, at any depth, and the rows hold none', async () => {
    const name = uniqueName('reload')
    const adapter = makeAdapter()
    const options = () => (adapter === undefined ? {} : { localSecrets: adapter() })
    const first = await load(name, options())
    first.store.setState({
      connections: {
        c1: connection('c1', { password: PASSWORD, ssh_tunnel: { host: 'bastion', privateKey: 'PRIVATE-KEY-MATERIAL' } }),
        c2: connection('c2'),
      },
    })
    await stored(first.db, 'c1')
    expect(JSON.stringify(await first.db.connection_templates.toArray())).not.toMatch(/hunter2|PRIVATE-KEY/)
    first.store.persist.dispose()
    first.db.close()

    const second = await load(name, options())
    expect(second.store.getState().connections['c1']).toMatchObject({ password: PASSWORD, ssh_tunnel: { host: 'bastion', privateKey: 'PRIVATE-KEY-MATERIAL' } })
    expect(second.store.getState().connections['c2']?.['password']).toBeUndefined()
    // Hydration restores what IndexedDB lacks without writing anything back.
    expect(await second.db.table('_outbox').count()).toBe(2)
  })
})

describe('secrets whose rule reads other columns', () => {
  it("a preference holding an API key (its key names a credential) gets its value back after a reload", async () => {
    const name = uniqueName('prefs')
    const storage = new MemoryStorage()
    const id = preferenceId('openai.apiKey')
    const open = async () => {
      const db = createLocalDatabase(name, { localSecrets: sessionSecrets({ storage }) })
      const store = createStore<{ prefs: Record<string, Record<string, unknown>> }>()(
        syncedPersist(() => ({ prefs: {} }), { name: 'prefs', db, tables: { prefs: 'user_preferences' } }),
      )
      await vi.waitFor(() => expect(store.persist.hasHydrated()).toBe(true))
      return { db, store }
    }
    const first = await open()
    first.store.setState({ prefs: { [id]: { id, device_id: null, key: 'openai.apiKey', value: 'sk-proj-abcDEF1234567890' } } })
    await vi.waitFor(async () => expect((await first.db.user_preferences.get(id))?.value).toBe('[REDACTED]'))
    await first.db.sync.secrets.idle()
    first.store.persist.dispose()
    first.db.close()
    const second = await open()
    expect(second.store.getState().prefs[id]?.['value']).toBe('sk-proj-abcDEF1234567890')
  })
})

describe('secrets stay on the device', () => {
  it('encrypted: no IndexedDB database, read raw, holds the plaintext password', async () => {
    const name = uniqueName('raw')
    const { db, store } = await load(name, { localSecrets: encryptedSecrets({ name: `${name}-vault` }) })
    store.setState({ connections: { c1: connection('c1', { password: PASSWORD, parameters: { sslmode: 'require', apiKey: 'k-98765-api' } }) } })
    await stored(db, 'c1')
    const raw = await rawIndexedDb()
    expect(raw).toContain('[CryptoKey]') // the device key is stored as a key object, not as bytes
    expect(raw).toContain('"sslmode":"require"')
    expect(raw).not.toContain(PASSWORD)
    expect(raw).not.toContain('k-98765-api')
  })

  it('a connection written straight to Dexie by app code keeps its password on the device too', async () => {
    const vault = memorySecrets()
    const { db, store } = await load(uniqueName('direct'), { localSecrets: vault })
    await db.connection_templates.put(connection('d1', { password: PASSWORD }) as never)
    await db.sync.secrets.idle()
    expect(await vault.getItem('connection_templates', 'd1')).toEqual({ password: PASSWORD })
    expect(JSON.stringify(await db.connection_templates.get('d1'))).not.toContain(PASSWORD)
    await vi.waitFor(() => expect(store.getState().connections['d1']).toMatchObject({ password: PASSWORD }))
  })

  it('a record restored after a pull of a row the store does not hold yet (IndexedDB reset, kept secrets)', async () => {
    const vault = memorySecrets()
    const { db, store } = await load(uniqueName('pull'), { localSecrets: vault })
    await vault.setItem('connection_templates', 'c9', { password: PASSWORD })
    await pulled(db, 'c9', { name: 'from server' })
    await vi.waitFor(() => expect(store.getState().connections['c9']).toMatchObject({ name: 'from server', password: PASSWORD }))
    // A remote edit of a row in memory keeps the password too.
    await pulled(db, 'c9', { name: 'renamed remotely', sync_version: 2 })
    await vi.waitFor(() => expect(store.getState().connections['c9']).toMatchObject({ name: 'renamed remotely', password: PASSWORD }))
  })
})

describe('keep-both copies', () => {
  // Only a copy this device's sync layer made of a record keeps that record's secrets; a key that merely looks like a
  // copy's (the record id and a suffix) is an ordinary record of the app's.
  it("a connection the app creates under an id shaped like a copy's gets no other connection's password", async () => {
    const vault = memorySecrets()
    const { db, store } = await load(uniqueName('lookalike'), { localSecrets: vault })
    store.setState({ connections: { base: connection('base', { password: PASSWORD }) } })
    await stored(db, 'base')
    const lookalike = 'base~0123456789'
    store.setState({ connections: { ...store.getState().connections, [lookalike]: connection(lookalike, { name: 'mine' }) } })
    await stored(db, lookalike)
    // Written straight to Dexie too, and as the engine writes (uncaptured, never on the server).
    await db.connection_templates.put(connection('base~abcdef0123') as never)
    await db.sync.writeUncaptured(['connection_templates'], async () => {
      await db.connection_templates.put({ ...connection('base~fedcba9876'), user_id: 'u', created_at: 1, updated_at: 1, deleted_at: null, sync_version: 0, server_seq: 0, hlc: '', mutation_id: null, origin_device_id: null } as never)
    })
    await db.sync.secrets.idle()
    for (const id of [lookalike, 'base~abcdef0123', 'base~fedcba9876']) expect(await vault.getItem('connection_templates', id)).toBeNull()
    expect(await vault.getItem('connection_templates', 'base')).toEqual({ password: PASSWORD })
    store.persist.dispose()
    db.close()
    const again = await load(db.name, { localSecrets: vault })
    expect(again.store.getState().connections[lookalike]).toMatchObject({ name: 'mine' })
    expect(again.store.getState().connections[lookalike]?.['password']).toBeUndefined()
  })
})

describe('secrets leave with the record', () => {
  it('a record deleted in the store, by a pulled tombstone or by a reconcile purge loses its secrets', async () => {
    const vault = memorySecrets()
    const { db, store } = await load(uniqueName('gone'), { localSecrets: vault })
    store.setState({ connections: { a: connection('a', { password: 'pw-a' }) } })
    await stored(db, 'a')
    expect(await vault.getItem('connection_templates', 'a')).toEqual({ password: 'pw-a' })
    store.setState({ connections: {} })
    await vi.waitFor(async () => expect(await db.connection_templates.get('a')).toBeUndefined())
    await db.sync.secrets.idle()
    expect(await vault.getItem('connection_templates', 'a')).toBeNull()

    // Rows the server had: one deleted remotely, one purged by a full reconcile that no longer sees it.
    for (const id of ['t', 'p', 'kept']) {
      await pulled(db, id)
      await vault.setItem('connection_templates', id, { password: `pw-${id}` })
    }
    await db.sync.writeUncaptured(['connection_templates'], async () => db.connection_templates.delete('t'))
    expect(await db.sync.prune(new Map([['connection_templates', new Set(['kept'])]]))).toBe(1)
    await db.sync.secrets.idle()
    expect(await vault.keys?.('connection_templates')).toEqual(['kept'])
  })

  it('clearLocalSecrets (sign-out) removes every stored secret', async () => {
    const storage = new MemoryStorage()
    const name = uniqueName('signout')
    const { db, store } = await load(name, { localSecrets: sessionSecrets({ storage }) })
    store.setState({ connections: { c1: connection('c1', { password: PASSWORD }), c2: connection('c2', { password: 'other-pw' }) } })
    await stored(db, 'c2')
    expect(storage.dump()).toContain(PASSWORD)
    await clearLocalSecrets(db)
    expect(storage.length).toBe(0)
    store.persist.dispose()
    db.close()
    const again = await load(name, { localSecrets: sessionSecrets({ storage }) })
    expect(again.store.getState().connections['c1']?.['password']).toBeUndefined()
  })
})

describe('a failing secret store', () => {
  it('is a typed error with its cause; the row is stored without the secret and nothing is thrown into the write', async () => {
    const quota = new DOMException('quota exceeded', 'QuotaExceededError')
    const failing: LocalSecretStorage = { ...memorySecrets(), setItem: () => Promise.reject(quota) }
    const errors: unknown[] = []
    const { db, store } = await load(uniqueName('fail'), { localSecrets: failing, onLocalSecretError: (e) => errors.push(e) })
    store.setState({ connections: { c1: connection('c1', { password: PASSWORD }) } })
    await stored(db, 'c1')
    expect(errors).toHaveLength(1)
    const [error] = errors
    expect(isLocalSecretError(error)).toBe(true)
    expect(error).toMatchObject({ code: 'local', operation: 'write', table: 'connection_templates', recordId: 'c1', cause: quota })
    expect(String((error as Error).message)).not.toContain(PASSWORD)
    expect((await db.connection_templates.get('c1'))?.name).toBe('conn c1')
    expect(await db.table('_outbox').count()).toBe(1)
    expect(store.getState().connections['c1']?.['password']).toBe(PASSWORD)
  })

  it('a device key that changed (site data partly cleared) is a read error at hydration; other records load', async () => {
    const name = uniqueName('rekey')
    const vaultName = uniqueName('vault')
    const first = await load(name, { localSecrets: encryptedSecrets({ name: vaultName }) })
    first.store.setState({ connections: { c1: connection('c1', { password: PASSWORD }) } })
    await stored(first.db, 'c1')
    first.store.persist.dispose()
    first.db.close()
    // The key store is wiped; the ciphertexts stay.
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(vaultName)
      req.onsuccess = () => {
        const tx = req.result.transaction('keys', 'readwrite')
        tx.objectStore('keys').clear()
        tx.oncomplete = () => {
          req.result.close()
          resolve()
        }
      }
      req.onerror = () => reject(req.error)
    })
    const errors: unknown[] = []
    const second = await load(name, { localSecrets: encryptedSecrets({ name: vaultName }), onLocalSecretError: (e) => errors.push(e) })
    expect(second.store.getState().connections['c1']).toMatchObject({ name: 'conn c1' })
    expect(second.store.getState().connections['c1']?.['password']).toBeUndefined()
    expect(errors).toEqual([expect.objectContaining({ name: 'LocalSecretError', operation: 'read', recordId: 'c1' })])
    // Typing it again replaces the unreadable entry.
    second.store.setState((s) => ({ connections: { c1: { ...s.connections['c1'], password: 'retyped' } } }))
    await vi.waitFor(async () => expect(await encryptedSecrets({ name: vaultName }).getItem('connection_templates', 'c1')).toEqual({ password: 'retyped' }))
  })
})
