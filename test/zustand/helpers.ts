import type { DBCore, Middleware } from 'dexie'
import { createStore, type StoreApi } from 'zustand/vanilla'
import { createLocalDatabase, type SyncDatabase } from '@howlerops/sync/dexie'
import { syncedPersist, type SyncedPersistApi, type SyncedPersistOptions } from '@howlerops/sync/zustand'
import type { ConnectionTemplate, QueryHistoryEntry, SavedQuery } from '../../src/schema/tables'

type SyncOwned = 'user_id' | 'created_at' | 'updated_at' | 'deleted_at' | 'sync_version' | 'server_seq' | 'hlc' | 'mutation_id' | 'origin_device_id'
/** What app code holds in memory: the table's columns, sync-owned ones optional. */
export type Draft<R> = Omit<R, SyncOwned> & Partial<Pick<R, SyncOwned & keyof R>>
export type QueryDraft = Draft<SavedQuery>
export type ConnectionDraft = Draft<ConnectionTemplate> & { password?: string }
export type HistoryDraft = Draft<QueryHistoryEntry>

export interface AppState {
  savedQueries: Record<string, QueryDraft>
  connections: Record<string, ConnectionDraft>
  history: Record<string, HistoryDraft>
  theme: string
  sidebarOpen: boolean
  upsertQuery: (q: QueryDraft) => void
  removeQuery: (id: string) => void
  setTheme: (theme: string) => void
}

export type AppStore = StoreApi<AppState> & { persist: SyncedPersistApi<AppState, Partial<AppState>> }

let n = 0
export const uniqueName = (prefix: string): string => `${prefix}-${++n}-${Math.random().toString(36).slice(2)}`

export const query = (id: string, name = `query ${id}`): QueryDraft => ({
  id,
  name,
  description: null,
  query_text: `select ${id}`,
  connection_id: null,
  folder: null,
  tags: ['t'],
  is_favorite: 0,
})

export const appOptions = (db: SyncDatabase | (() => SyncDatabase)): SyncedPersistOptions<AppState> => ({
  name: 'app',
  db,
  tables: { savedQueries: 'saved_queries', connections: 'connection_templates', history: 'query_history' },
})

export const createAppStore = (options: SyncedPersistOptions<AppState>): AppStore =>
  createStore<AppState>()(
    syncedPersist(
      (set) => ({
        savedQueries: {},
        connections: {},
        history: {},
        theme: 'light',
        sidebarOpen: true,
        upsertQuery: (q) => set((s) => ({ savedQueries: { ...s.savedQueries, [q.id]: q } })),
        removeQuery: (id) =>
          set((s) => {
            const { [id]: _gone, ...rest } = s.savedQueries
            return { savedQueries: rest }
          }),
        setTheme: (theme) => set({ theme }),
      }),
      options,
    ),
  )

/** Resolves once the store has finished hydrating. */
export const hydrated = <S>(store: { persist: Pick<SyncedPersistApi<S, unknown>, 'hasHydrated' | 'onFinishHydration'> }): Promise<void> =>
  new Promise((resolve) => {
    if (store.persist.hasHydrated()) return resolve()
    const off = store.persist.onFinishHydration(() => {
      off()
      resolve()
    })
  })

/** Writes rows the way the sync engine applies server rows: not captured. */
export const seedRemote = async (db: SyncDatabase, count: number, prefix = 'q'): Promise<void> => {
  const rows = Array.from({ length: count }, (_, i) => ({ ...query(`${prefix}${i}`), user_id: 'u', created_at: 1, updated_at: 1, deleted_at: null, sync_version: 1, server_seq: i + 1, hlc: '', mutation_id: null, origin_device_id: null }))
  await db.sync.writeUncaptured(['saved_queries'], async () => {
    await db.saved_queries.bulkPut(rows as never)
  })
}

export interface WriteCounter {
  /** Rows written (put or deleted) per table since the last reset. */
  rows: Record<string, number>
  reset(): void
}

/** A database whose DBCore writes are counted below the capture, so outbox rows are counted too. */
export const countedDatabase = (name: string): { db: SyncDatabase; writes: WriteCounter } => {
  const db = createLocalDatabase(name)
  const writes: WriteCounter = {
    rows: {},
    reset() {
      this.rows = {}
    },
  }
  const counter: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'test-write-counter',
    level: 1,
    create: (down) => ({
      ...down,
      table(tableName) {
        const table = down.table(tableName)
        return {
          ...table,
          mutate(req) {
            const count = req.type === 'delete' ? req.keys.length : req.type === 'deleteRange' ? 1 : req.values.length
            writes.rows[tableName] = (writes.rows[tableName] ?? 0) + count
            return table.mutate(req)
          },
        }
      },
    }),
  }
  db.use(counter)
  return { db, writes }
}

/** Write counts without the capture's base snapshots (`_base`), which it keeps for the 3-way merge. */
export const onlyData = (rows: Record<string, number>): Record<string, number> => {
  const { _base: _ignored, ...rest } = rows
  return rest
}

/** Waits for every write queued so far: a read over all tables starts only after earlier write transactions. */
export const settled = async (db: SyncDatabase): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
  await db.transaction('r', db.tables.map((t) => t.name), () => Promise.all(db.tables.map((t) => t.count())))
}
