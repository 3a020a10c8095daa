import { createStore, type StoreApi } from 'zustand/vanilla'
import { syncedPersist, type SyncedPersistApi } from '@howlerops/sync/zustand'
import type { SyncDatabase } from '@howlerops/sync/dexie'
import type { AiMemoryMessage, AiMemorySession, ConnectionTemplate, QueryHistoryEntry, SavedQuery, UserPreference } from '@howlerops/sync'

type SyncOwned = 'user_id' | 'created_at' | 'updated_at' | 'deleted_at' | 'sync_version' | 'server_seq' | 'hlc' | 'mutation_id' | 'origin_device_id'
/** What the app holds: the table's columns, the sync-owned ones optional (the local store fills them). */
type Draft<R> = Omit<R, SyncOwned> & Partial<Pick<R, SyncOwned & keyof R>>

/**
 * `password` never reaches the synced tables, so it never syncs: the database keeps it in the device's secret store
 * (the default, encrypted under a non-extractable device key), and it is back after a reload.
 */
export type Connection = Draft<ConnectionTemplate> & { password?: string }
export type Query = Draft<SavedQuery>
export type HistoryEntry = Draft<QueryHistoryEntry>
export type Session = Draft<AiMemorySession>
export type Message = Draft<AiMemoryMessage>
export type Preference = Draft<UserPreference>

export interface Slices {
  connections: Record<string, Connection>
  savedQueries: Record<string, Query>
  history: Record<string, HistoryEntry>
  sessions: Record<string, Session>
  messages: Record<string, Message>
  preferences: Record<string, Preference>
}
export type SliceName = keyof Slices
type RowOfSlice<K extends SliceName> = Slices[K][string]

export interface DemoState extends Slices {
  /** Device-local UI state, kept in the store's `_state` row (never synced). */
  seeded: boolean
  put: <K extends SliceName>(slice: K, id: string, row: RowOfSlice<K>) => void
  patch: <K extends SliceName>(slice: K, id: string, changes: Partial<RowOfSlice<K>>) => void
  remove: (slice: SliceName, id: string) => void
}

export type DemoStore = StoreApi<DemoState> & { persist: SyncedPersistApi<DemoState, unknown> }

/** One zustand store per device, persisted row by row into that device's Dexie database. */
export const createDemoStore = (db: SyncDatabase): DemoStore =>
  createStore<DemoState>()(
    syncedPersist(
      (set) => ({
        connections: {},
        savedQueries: {},
        history: {},
        sessions: {},
        messages: {},
        preferences: {},
        seeded: false,
        put: (slice, id, row) => set((s) => ({ [slice]: { ...s[slice], [id]: row } })),
        patch: (slice, id, changes) =>
          set((s) => {
            const current = s[slice][id]
            return current === undefined ? {} : { [slice]: { ...s[slice], [id]: { ...current, ...changes } } }
          }),
        remove: (slice, id) =>
          set((s) => {
            const { [id]: _gone, ...rest } = s[slice]
            return { [slice]: rest }
          }),
      }),
      {
        name: 'demo',
        db,
        tables: {
          connections: 'connection_templates',
          savedQueries: 'saved_queries',
          history: 'query_history',
          sessions: 'ai_memory_sessions',
          messages: 'ai_memory_messages',
          preferences: 'user_preferences',
        },
        partialize: (s) => ({ seeded: s.seeded }),
      },
    ),
  ) as DemoStore

/** Resolves once the store has read IndexedDB. */
export const whenHydrated = (store: DemoStore): Promise<void> =>
  new Promise((resolve) => {
    if (store.persist.hasHydrated()) return resolve()
    const off = store.persist.onFinishHydration(() => {
      off()
      resolve()
    })
  })
