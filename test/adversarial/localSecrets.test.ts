import { afterAll, describe, expect, it } from 'vitest'
import { create, type StoreApi } from 'zustand'
import Dexie from 'dexie'
import { createSyncEngine } from '@howlerops/sync'
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
import { syncedPersist } from '@howlerops/sync/zustand'
import { createUserDatabase, startEmulator, type UserDatabase } from '../engine/harness'

const { emulator, close } = startEmulator()
afterAll(close)

const PASSWORD = 'hunter2-PwMkZq7Xv-Секрет-🔑'

/** Waits for something the database does after a write has committed (the secret store is written then). */
const eventually = async <T,>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 3000): Promise<T> => {
  const end = Date.now() + ms
  for (;;) {
    const value = await read()
    if (ok(value) || Date.now() > end) return value
    await new Promise((r) => setTimeout(r, 10))
  }
}

const connection = (id: string, patch: Record<string, unknown> = {}): Record<string, unknown> => ({
  connection_id: id,
  name: `conn ${id}`,
  type: 'postgres',
  host: 'db.internal',
  port: 5432,
  username: 'app',
  ...patch,
})

let n = 0
const engineFor = (db: SyncDatabase, user: UserDatabase, deviceName: string): ReturnType<typeof createSyncEngine> =>
  createSyncEngine({
    db,
    remote: { url: user.url, authToken: user.authToken, fetch: (input, init) => globalThis.fetch(input, init) },
    userId: 'user-1',
    deviceName,
    sealing: { key: user.contentKey },
    env: { locks: undefined, channel: () => undefined },
  })

interface ConnState {
  connections: Record<string, Record<string, unknown>>
}
/** The part of a syncedPersist store these tests use. */
type ConnStore = StoreApi<ConnState> & { persist: { hasHydrated(): boolean } }
const connectionStore = (db: SyncDatabase, name = `conns-${++n}`): ConnStore =>
  create<ConnState>()(syncedPersist(() => ({ connections: {} }), { name, db, tables: { connections: 'connection_templates' } }) as never) as unknown as ConnStore

const memoryStorage = (): Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'> => {
  const map = new Map<string, string>()
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size
    },
  }
}

describe('adversarial: a connection password survives a reload and never leaves the device', () => {
  const adapters: Array<[string, () => () => LocalSecretStorage]> = [
    ['session', () => {
      const storage = memoryStorage()
      return () => sessionSecrets({ storage })
    }],
    ['encrypted', () => {
      const name = `adv-enc-${Math.random()}`
      return () => encryptedSecrets({ name })
    }],
  ]
  for (const [label, family] of adapters) {
    it(`${label}: a syncedPersist store gets the password back after a reload`, async () => {
      const adapter = family()
      const name = `adv-reload-${label}-${Math.random()}`
      const db1 = createLocalDatabase(name, { localSecrets: adapter() })
      const storeName = `conns-reload-${label}`
      const store1 = connectionStore(db1, storeName)
      await eventually(async () => store1.persist.hasHydrated(), Boolean)
      store1.setState({ connections: { c1: connection('c1', { password: PASSWORD }) } })
      await eventually(() => db1.table('connection_templates').get('c1'), (r) => r !== undefined)
      await new Promise((r) => setTimeout(r, 100)) // the secret store is written after the commit
      db1.close()

      const db2 = createLocalDatabase(name, { localSecrets: adapter() })
      const store2 = connectionStore(db2, storeName)
      const restored = await eventually(async () => store2.getState().connections['c1'], (c) => c?.['password'] === PASSWORD)
      expect(restored).toMatchObject({ name: 'conn c1', password: PASSWORD })
      // The synced table itself never holds it.
      expect(JSON.stringify(await db2.table('connection_templates').toArray())).not.toContain('PwMkZq7Xv')
      db2.close()
    }, 20_000)
  }

  it('never in a synced table, the outbox, IndexedDB at rest (encrypted), a request body or the server; the other device never gets it', async () => {
    const user = await createUserDatabase(emulator)
    const secretsName = `adv-rest-${Math.random()}`
    const dbName = `adv-rest-db-${Math.random()}`
    const db = createLocalDatabase(dbName, { localSecrets: encryptedSecrets({ name: secretsName }) })
    const engine = engineFor(db, user, 'rest-a')
    await db.table('connection_templates').put(connection('c1', { password: PASSWORD, ssh_tunnel: { host: 'bastion', privateKey: 'PwMkZq7Xv-private-key' } }))
    await new Promise((r) => setTimeout(r, 100))
    // Everything IndexedDB holds for this device, raw: the database and the secret store.
    const dump = async (name: string): Promise<string> => {
      const raw = await new Dexie(name).open()
      const text = (await Promise.all(raw.tables.map(async (t) => JSON.stringify(await t.toArray())))).join('\n')
      raw.close()
      return text
    }
    expect(await dump(dbName)).not.toContain('PwMkZq7Xv')
    const names = await Dexie.getDatabaseNames()
    for (const other of names.filter((x) => x.startsWith(secretsName))) expect(await dump(other)).not.toContain('PwMkZq7Xv')
    emulator.clearRequestLog()
    await engine.syncNow()
    expect(emulator.requestLog.map((r) => r.body).join('\n')).not.toContain('PwMkZq7Xv')
    const opened = JSON.stringify(await emulator.query(user.name, 'SELECT * FROM connection_templates'))
    expect(opened).not.toContain('PwMkZq7Xv')
    expect(opened).toContain('c1')

    const other = createLocalDatabase(`adv-rest-b-${Math.random()}`, { localSecrets: memorySecrets() })
    await engineFor(other, user, 'rest-b').syncNow()
    const row = (await other.table('connection_templates').get('c1')) as Record<string, unknown>
    expect(row).toMatchObject({ name: 'conn c1' })
    expect(JSON.stringify(row)).not.toContain('PwMkZq7Xv')
    const storeB = connectionStore(other)
    const seen = await eventually(async () => storeB.getState().connections['c1'], (c) => c !== undefined)
    expect(seen?.['password']).toBeUndefined()
  }, 30_000)

  it('removed on delete, on a pulled delete and on clear', async () => {
    const user = await createUserDatabase(emulator)
    const sA = memorySecrets()
    const sB = memorySecrets()
    const a = createLocalDatabase(`adv-del-a-${Math.random()}`, { localSecrets: sA })
    const b = createLocalDatabase(`adv-del-b-${Math.random()}`, { localSecrets: sB })
    const ea = engineFor(a, user, 'del-a')
    const eb = engineFor(b, user, 'del-b')
    const has = (s: LocalSecretStorage, id: string) => async (): Promise<unknown> => s.getItem('connection_templates', id)

    await a.table('connection_templates').put(connection('gone', { password: PASSWORD }))
    expect(await eventually(has(sA, 'gone'), (v) => v !== null)).toMatchObject({ password: PASSWORD })
    await a.table('connection_templates').delete('gone')
    expect(await eventually(has(sA, 'gone'), (v) => v === null)).toBeNull()

    await a.table('connection_templates').put(connection('pulled'))
    await ea.syncNow()
    await eb.syncNow()
    await b.table('connection_templates').update('pulled', { password: 'b-own-PwMkZq7Xv' })
    expect(await eventually(has(sB, 'pulled'), (v) => v !== null)).toMatchObject({ password: 'b-own-PwMkZq7Xv' })
    await eb.syncNow() // B's own write is acknowledged first (see the next test for why this matters)
    await ea.syncNow()
    await a.table('connection_templates').delete('pulled')
    await ea.syncNow()
    await eb.syncNow()
    expect(await b.table('connection_templates').get('pulled')).toBeUndefined()
    expect(await eventually(has(sB, 'pulled'), (v) => v === null)).toBeNull()

    await b.table('connection_templates').put(connection('kept', { password: 'PwMkZq7Xv-kept' }))
    expect(await eventually(has(sB, 'kept'), (v) => v !== null)).not.toBeNull()
    await clearLocalSecrets(b)
    expect(await sB.getItem('connection_templates', 'kept')).toBeNull()
  }, 30_000)

  // FINDINGS.md F1 (fixed): a password-only edit was queued as a synced edit, and resurrected a connection deleted elsewhere.
  it('typing a password on one device is not an edit: it neither queues a push nor resurrects a connection deleted on another device', async () => {
    const user = await createUserDatabase(emulator)
    const a = createLocalDatabase(`adv-ph-a-${Math.random()}`, { localSecrets: memorySecrets() })
    const b = createLocalDatabase(`adv-ph-b-${Math.random()}`, { localSecrets: memorySecrets() })
    const ea = engineFor(a, user, 'ph-a')
    const eb = engineFor(b, user, 'ph-b')
    await a.table('connection_templates').put(connection('ph'))
    await ea.syncNow()
    await eb.syncNow()
    await a.table('connection_templates').delete('ph')
    await ea.syncNow()
    await b.table('connection_templates').update('ph', { password: PASSWORD })
    expect(await b.table('_outbox').count()).toBe(0)
    await eb.syncNow()
    await ea.syncNow()
    expect(await emulator.query(user.name, "SELECT connection_id FROM connection_templates WHERE connection_id = 'ph' AND deleted_at IS NULL")).toEqual([])
    expect(await a.table('connection_templates').get('ph')).toBeUndefined()
    expect(await b.table('connection_templates').get('ph')).toBeUndefined()
  }, 30_000)

  it('a password nested in connection parameters, and one kept through a remote edit of the row', async () => {
    const user = await createUserDatabase(emulator)
    const a = createLocalDatabase(`adv-nest-a-${Math.random()}`, { localSecrets: memorySecrets() })
    const b = createLocalDatabase(`adv-nest-b-${Math.random()}`, { localSecrets: memorySecrets() })
    const ea = engineFor(a, user, 'nest-a')
    const eb = engineFor(b, user, 'nest-b')
    const storeA = connectionStore(a)
    await eventually(async () => storeA.persist.hasHydrated(), Boolean)
    storeA.setState({ connections: { n1: connection('n1', { password: PASSWORD, parameters: { sslmode: 'require', password: 'PwMkZq7Xv-nested' } }) } })
    await eventually(() => a.table('connection_templates').get('n1'), (r) => r !== undefined)
    expect(JSON.stringify(await a.table('connection_templates').toArray())).not.toContain('PwMkZq7Xv')
    emulator.clearRequestLog()
    await ea.syncNow()
    expect(emulator.requestLog.map((r) => r.body).join('\n')).not.toContain('PwMkZq7Xv')
    await eb.syncNow()
    await b.table('connection_templates').update('n1', { name: 'renamed remotely' })
    await eb.syncNow()
    await ea.syncNow()
    const after = await eventually(async () => storeA.getState().connections['n1'], (c) => c?.['name'] === 'renamed remotely')
    expect(after).toMatchObject({ name: 'renamed remotely', password: PASSWORD })
  }, 30_000)

  it('a failing adapter gives a typed LocalSecretError, and the record still syncs', async () => {
    const user = await createUserDatabase(emulator)
    const errors: unknown[] = []
    const failing: LocalSecretStorage = {
      getItem: () => {
        throw new Error('QuotaExceededError')
      },
      setItem: () => {
        throw new DOMException('quota', 'QuotaExceededError')
      },
      removeItem: () => undefined,
      clear: () => undefined,
    }
    const db = createLocalDatabase(`adv-fail-${Math.random()}`, { localSecrets: failing, onLocalSecretError: (e) => errors.push(e) })
    await db.table('connection_templates').put(connection('f1', { password: PASSWORD }))
    await eventually(async () => errors.length, (x) => x > 0)
    expect(errors.length).toBeGreaterThan(0)
    expect(isLocalSecretError(errors[0])).toBe(true)
    expect(String((errors[0] as Error).message)).not.toContain('PwMkZq7Xv')
    expect((errors[0] as Error).cause).toBeDefined()
    await engineFor(db, user, 'fail').syncNow()
    expect(await emulator.query(user.name, "SELECT connection_id FROM connection_templates WHERE connection_id = 'f1'")).toHaveLength(1)
  }, 30_000)

  it('keep-both: the original keeps this device\'s password', async () => {
    const { state } = await keepBoth()
    expect(state['kb']).toMatchObject({ name: 'renamed on A', password: PASSWORD })
  }, 30_000)

  // FINDINGS.md F3 (fixed): the conflicted copy is this device's own version, so it keeps the password typed here.
  it('keep-both: "my" conflicted copy of a connection carries the password I typed on this device', async () => {
    const { state, copyId } = await keepBoth()
    expect(state[copyId]).toMatchObject({ password: PASSWORD })
  }, 30_000)

  it('keep-both: the copy another device made is its version: it gets no password typed on this device', async () => {
    const { copyId, stateA } = await keepBoth('PwOnA-Zq81')
    expect(stateA[copyId]).toBeDefined()
    expect(stateA[copyId]?.['password']).toBeUndefined()
    expect(stateA['kb']).toMatchObject({ password: 'PwOnA-Zq81' })
  }, 30_000)
})

type ConnectionState = Record<string, Record<string, unknown>>
const keepBoth = async (passwordOnA?: string): Promise<{ state: ConnectionState; copyId: string; stateA: ConnectionState }> => {
    const user = await createUserDatabase(emulator)
    const sA = memorySecrets()
    const sB = memorySecrets()
    const a = createLocalDatabase(`adv-kb-a-${Math.random()}`, { localSecrets: sA })
    const b = createLocalDatabase(`adv-kb-b-${Math.random()}`, { localSecrets: sB })
    const ea = engineFor(a, user, 'kb-a')
    const eb = engineFor(b, user, 'kb-b')
    await a.table('connection_templates').put(connection('kb'))
    await ea.syncNow()
    await eb.syncNow()
    await b.table('connection_templates').update('kb', { password: PASSWORD })
    await eventually(() => Promise.resolve(sB.getItem('connection_templates', 'kb')), (v) => v !== null)
    if (passwordOnA !== undefined) {
      await a.table('connection_templates').update('kb', { password: passwordOnA })
      await eventually(() => Promise.resolve(sA.getItem('connection_templates', 'kb')), (v) => v !== null)
    }
    await a.table('connection_templates').update('kb', { name: 'renamed on A' })
    await b.table('connection_templates').update('kb', { name: 'renamed on B' })
    await ea.syncNow()
    await eb.syncNow()
    const rows = (await b.table('connection_templates').toArray()) as Array<Record<string, unknown>>
    const copy = rows.find((r) => r['connection_id'] !== 'kb')
    expect(String(copy?.['name'])).toMatch(/renamed on B \(conflicted copy/)
    const storeB = connectionStore(b)
    const state = await eventually(async () => storeB.getState().connections, (c) => Object.keys(c).length === 2)
    await ea.syncNow()
    const storeA = connectionStore(a)
    const stateA = await eventually(async () => storeA.getState().connections, (c) => Object.keys(c).length === 2)
    return { state, copyId: String(copy?.['connection_id']), stateA }
}
