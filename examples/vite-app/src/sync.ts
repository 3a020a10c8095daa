// The token, one local database per user, the engine and a zustand store persisted row by row: the README's
// "Add sync to your app".
import { createStore, type StoreApi } from 'zustand/vanilla'
import { createSyncEngine, type SavedQuery, type SyncEngine } from '@howlerops/sync'
import { createLocalDatabase, type SyncDatabase } from '@howlerops/sync/dexie'
import { syncedPersist } from '@howlerops/sync/zustand'

/** The emulator CLI's development token endpoint (`npm run dev` starts it on port 8080). */
const EMULATOR = import.meta.env['VITE_SYNC_EMULATOR'] ?? 'http://127.0.0.1:8080'

interface SyncToken {
  url: string
  authToken: string
  expiresAt: number
  /** The user's content key (sealing): the same on every device of the user, kept in memory only. */
  contentKey: string
  contentKeyId: string
  previousContentKeys?: Record<string, string>
}

export const getSyncToken = async (userId: string): Promise<SyncToken> => {
  const response = await fetch(`${EMULATOR}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  })
  if (!response.ok) throw new Error(`The token endpoint answered ${response.status}`)
  return (await response.json()) as SyncToken
}

/**
 * One local database per user, opened at sign-in: the next user on this browser gets their own, so one user's rows
 * can never be carried into another's database (the repository's docs/sign-out.md).
 */
export const openUserDatabase = (userId: string): SyncDatabase => createLocalDatabase(`howlerops-vite-app-${userId}`, { userId })

export type NewSavedQuery = Pick<SavedQuery, 'id' | 'name' | 'query_text'> & Partial<SavedQuery>

export interface QueriesState {
  savedQueries: Record<string, NewSavedQuery>
  save: (query: NewSavedQuery) => void
  remove: (id: string) => void
}

/** The saved-query store of one user's database: made at sign-in with it, dropped at sign-out. */
export const createQueriesStore = (db: SyncDatabase): StoreApi<QueriesState> =>
  createStore<QueriesState>()(
    syncedPersist(
      (set) => ({
        savedQueries: {},
        save: (query) => set((s) => ({ savedQueries: { ...s.savedQueries, [query.id]: query } })),
        remove: (id) =>
          set((s) => {
            const { [id]: _removed, ...rest } = s.savedQueries
            return { savedQueries: rest }
          }),
      }),
      { name: 'queries', db, tables: { savedQueries: 'saved_queries' } },
    ),
  )

/** Everything that belongs to the signed-in user. */
export interface Session {
  userId: string
  db: SyncDatabase
  engine: SyncEngine
  queries: StoreApi<QueriesState>
}

/** Sign-in: the user's own database, the engine on it and the store over it. */
export const startSync = async (userId: string, deviceName: string, db: SyncDatabase = openUserDatabase(userId)): Promise<Session> => {
  const { url, authToken, contentKey, contentKeyId, previousContentKeys } = await getSyncToken(userId)
  const engine = createSyncEngine({
    db,
    remote: { url, authToken, getAuthToken: async () => (await getSyncToken(userId)).authToken },
    // User content leaves the device sealed under the user's key (docs/sealing.md).
    sealing: { key: contentKey, keyId: contentKeyId, ...(previousContentKeys === undefined ? {} : { previousKeys: previousContentKeys }) },
    userId,
    deviceName,
    // Saved queries edited on two devices at once are for the user to decide: the conflict dialog opens.
    strategies: { saved_queries: 'manual' },
  })
  return { userId, db, engine, queries: createQueriesStore(db) }
}

/** Sign-out: one last sync, then this user's engine stops in every tab; their data stays in their database. */
export const signOut = async (session: Session): Promise<number> => {
  const { unsynced } = await session.engine.signOut({ unsynced: 'keep' })
  return unsynced
}
