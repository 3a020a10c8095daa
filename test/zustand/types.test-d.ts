import { expectTypeOf } from 'vitest'
import { create } from 'zustand'
import { devtools, subscribeWithSelector } from 'zustand/middleware'
import { immer } from 'zustand/middleware/immer'
import { createLocalDatabase } from '@howlerops/sync/dexie'
import { syncedPersist, type SyncedPersistApi } from '@howlerops/sync/zustand'
import type { QueryDraft } from './helpers'

interface State {
  savedQueries: Record<string, QueryDraft>
  theme: string
  setTheme: (theme: string) => void
}

const db = (): ReturnType<typeof createLocalDatabase> => createLocalDatabase('types')

// Alone inside create()(...).
const useAlone = create<State>()(
  syncedPersist(
    (set) => ({ savedQueries: {}, theme: 'light', setTheme: (theme) => set({ theme }) }),
    { name: 'alone', db, tables: { savedQueries: 'saved_queries' }, partialize: (s) => ({ theme: s.theme }) },
  ),
)
expectTypeOf(useAlone.persist.rehydrate).toEqualTypeOf<() => Promise<void>>()
expectTypeOf(useAlone.persist.hasHydrated).toEqualTypeOf<() => boolean>()
expectTypeOf(useAlone.persist).toEqualTypeOf<SyncedPersistApi<State, { theme: string }>>()
expectTypeOf(useAlone.getState().savedQueries).toEqualTypeOf<Record<string, QueryDraft>>()

// With immer inside, devtools and subscribeWithSelector outside.
const useCombined = create<State>()(
  devtools(
    subscribeWithSelector(
      syncedPersist(
        immer((set) => ({
          savedQueries: {},
          theme: 'light',
          setTheme: (theme) =>
            set((draft) => {
              draft.theme = theme
            }),
        })),
        { name: 'combined', db, tables: { savedQueries: 'saved_queries' } },
      ),
    ),
  ),
)
expectTypeOf(useCombined.persist.onFinishHydration).parameter(0).toEqualTypeOf<(state: State) => void>()
expectTypeOf(useCombined.subscribe).toBeFunction()
useCombined.subscribe(
  (s) => s.theme,
  (theme) => expectTypeOf(theme).toEqualTypeOf<string>(),
)
useCombined.setState((draft) => {
  draft.theme = 'dark'
})
useCombined.setState({ theme: 'dark' }, false, 'devtools action name')

// The creator's store argument sees the persist API too.
create<State>()(
  syncedPersist(
    (set, _get, api) => {
      expectTypeOf(api.persist.clearStorage).toEqualTypeOf<() => Promise<void>>()
      return { savedQueries: {}, theme: 'light', setTheme: (theme) => set({ theme }) }
    },
    { name: 'api', db },
  ),
)

create<State>()(
  syncedPersist((set) => ({ savedQueries: {}, theme: 'light', setTheme: (theme) => set({ theme }) }), {
    name: 'wrong',
    db,
    // @ts-expect-error a saved query has no connection_id key of type string, so it cannot be a connection row
    tables: { savedQueries: 'connection_templates' },
  }),
)

create<State>()(
  syncedPersist((set) => ({ savedQueries: {}, theme: 'light', setTheme: (theme) => set({ theme }) }), {
    name: 'scalar',
    db,
    // @ts-expect-error only record slices map to tables
    tables: { theme: 'saved_queries' },
  }),
)
