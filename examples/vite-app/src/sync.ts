// The local database, the engine and a zustand store persisted row by row: the README's "Add sync to your app".
import { create } from 'zustand'
import { createSyncEngine, type SavedQuery, type SyncEngine } from '@howlerops/sync'
import { createLocalDatabase } from '@howlerops/sync/dexie'
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

export const db = createLocalDatabase('howlerops-vite-app')

export const startSync = async (userId: string, deviceName: string): Promise<SyncEngine> => {
  const { url, authToken, contentKey, contentKeyId, previousContentKeys } = await getSyncToken(userId)
  return createSyncEngine({
    db,
    remote: { url, authToken, getAuthToken: async () => (await getSyncToken(userId)).authToken },
    // User content leaves the device sealed under the user's key (docs/sealing.md).
    sealing: { key: contentKey, keyId: contentKeyId, ...(previousContentKeys === undefined ? {} : { previousKeys: previousContentKeys }) },
    userId,
    deviceName,
    // Saved queries edited on two devices at once are for the user to decide: the conflict dialog opens.
    strategies: { saved_queries: 'manual' },
    debounceMs: 1000,
  })
}

export type NewSavedQuery = Pick<SavedQuery, 'id' | 'name' | 'query_text'> & Partial<SavedQuery>

interface QueriesState {
  savedQueries: Record<string, NewSavedQuery>
  save: (query: NewSavedQuery) => void
  remove: (id: string) => void
}

export const useQueries = create<QueriesState>()(
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
