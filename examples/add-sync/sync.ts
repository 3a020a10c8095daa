// Steps 4–5 (browser): the local database, the engine, and a zustand store persisted row by row.
import { create } from 'zustand'
import { createLocalDatabase } from '@howlerops/sync/dexie'
import { createSyncEngine, type SavedQuery } from '@howlerops/sync'
import { syncedPersist } from '@howlerops/sync/zustand'

export const db = createLocalDatabase('howlerops')

const fetchToken = (): Promise<{ url: string; authToken: string }> => fetch('/api/sync-token').then((r) => r.json())

export const startSync = async (userId: string): Promise<ReturnType<typeof createSyncEngine>> => {
  const { url, authToken } = await fetchToken()
  return createSyncEngine({
    db,
    remote: { url, authToken, getAuthToken: async () => (await fetchToken()).authToken },
    userId,
    deviceName: 'My laptop',
  })
}

type NewSavedQuery = Pick<SavedQuery, 'id' | 'name' | 'query_text'> & Partial<SavedQuery>

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
