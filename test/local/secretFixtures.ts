import { vi } from 'vitest'
import { createStore, type StoreApi } from 'zustand/vanilla'
import { createLocalDatabase, type LocalDatabaseOptions, type SyncDatabase } from '@howlerops/sync/dexie'
import { syncedPersist, type SyncedPersistApi } from '@howlerops/sync/zustand'

export type Connection = Record<string, unknown>
export interface ConnState {
  connections: Record<string, Connection>
}
export type ConnStore = StoreApi<ConnState> & { persist: SyncedPersistApi<ConnState, unknown> }

let n = 0
export const uniqueName = (prefix: string): string => `${prefix}-${++n}-${Math.random().toString(36).slice(2)}`

export const connection = (id: string, patch: Connection = {}): Connection => ({
  connection_id: id, name: `conn ${id}`, type: 'postgres', host: 'db.internal', port: 5432, database_name: 'app', file_path: null,
  username: 'me', ssl_mode: null, environment: null, color: null, folder: null, tags: null, ssh_tunnel: null, parameters: null,
  ...patch,
})

export const connectionStore = (db: SyncDatabase): ConnStore =>
  createStore<ConnState>()(syncedPersist(() => ({ connections: {} }), { name: 'conns', db, tables: { connections: 'connection_templates' } })) as ConnStore

/** One "page load": a new database object on the same IndexedDB, and a new store hydrated from it. */
export const load = async (name: string, options: LocalDatabaseOptions = {}): Promise<{ db: SyncDatabase; store: ConnStore }> => {
  const db = createLocalDatabase(name, options)
  const store = connectionStore(db)
  await vi.waitFor(() => {
    if (!store.persist.hasHydrated()) throw new Error('hydrating')
  })
  return { db, store }
}

/** Waits until the rows have committed and the secret store has caught up. */
export const stored = async (db: SyncDatabase, id: string): Promise<void> => {
  await vi.waitFor(async () => {
    if ((await db.connection_templates.get(id)) === undefined) throw new Error('not written yet')
  })
  await db.sync.secrets.idle()
}

/** A sessionStorage stand-in that outlives "reloads" in a test, as the real one outlives reloads of a tab. */
export class MemoryStorage implements Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'> {
  private readonly items = new Map<string, string>()
  get length(): number {
    return this.items.size
  }
  key = (i: number): string | null => [...this.items.keys()][i] ?? null
  getItem = (k: string): string | null => this.items.get(k) ?? null
  setItem = (k: string, v: string): void => void this.items.set(k, String(v))
  removeItem = (k: string): void => void this.items.delete(k)
  dump = (): string => JSON.stringify([...this.items])
}

const bytesText = (bytes: Uint8Array): string => Array.from(bytes, (b) => String.fromCharCode(b)).join('')

/** Every record of every object store of every IndexedDB database, read with the raw API, binary as text. */
export const rawIndexedDb = async (): Promise<string> => {
  const parts: string[] = []
  for (const { name } of await indexedDB.databases()) {
    if (name === undefined) continue
    const idb = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name)
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => reject(req.error)
    })
    for (const store of Array.from(idb.objectStoreNames)) {
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        const req = idb.transaction(store, 'readonly').objectStore(store).getAll()
        req.onsuccess = () => resolve(req.result as unknown[])
        req.onerror = () => reject(req.error)
      })
      parts.push(
        JSON.stringify(rows, (_k, v: unknown) => {
          if (v instanceof ArrayBuffer) return bytesText(new Uint8Array(v))
          if (ArrayBuffer.isView(v)) return bytesText(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))
          if (typeof CryptoKey !== 'undefined' && v instanceof CryptoKey) return '[CryptoKey]'
          return v
        }),
      )
    }
    idb.close()
  }
  return parts.join('\n')
}
