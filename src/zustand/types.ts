import type { StateCreator, StoreMutatorIdentifier } from 'zustand/vanilla'
import type { SyncedTableName, Tables } from '../schema/tables'
import type { SyncDatabase } from '../local/database'

/** The key column of a synced table (every synced table has a single text key). */
type KeyColumn<N extends SyncedTableName> = Tables[N]['key'][0]

/**
 * The tables whose rows fit a slice: a record of objects that carry the table's key column as a string. A slice
 * whose row type is unknown (an initializer returning `{}` under other middlewares) may map to any table.
 */
type TablesFor<V> = V extends Readonly<Record<string, infer R>>
  ? unknown extends R
    ? SyncedTableName
    : { [N in SyncedTableName]: R extends Readonly<Record<KeyColumn<N>, string>> ? N : never }[SyncedTableName]
  : never

/**
 * Which state slice lives in which table. A slice is a `Record<key, row>` keyed by the record key (`keyOf`), and
 * each of its records is one row of the table.
 */
export type TableMap<S> = { readonly [K in keyof S]?: TablesFor<S[K]> }

/** A Dexie database, or a factory called lazily and only where `indexedDB` exists (so SSR never opens one). */
export type DatabaseSource = SyncDatabase | (() => SyncDatabase)

export interface SyncedPersistOptions<S, PersistedState = Partial<S>> {
  /** Names the non-table remainder in the `_state` table. Unique per store. */
  name: string
  db: DatabaseSource
  /** State slices persisted row by row, for example `{ savedQueries: 'saved_queries' }`. */
  tables?: TableMap<S>
  /**
   * Extra field names per table that never reach IndexedDB. They stay in memory: rows read back from Dexie get the
   * in-memory values restored. The local store's rule (passwords, tokens, keys…) always applies as well.
   */
  secretFields?: Partial<Record<SyncedTableName, readonly string[]>>
  /**
   * Selects the small remainder stored in one `_state` row. Table slices are never part of it.
   *
   * @default every field that is neither a table slice nor a function
   */
  partialize?: (state: S) => PersistedState
  /**
   * Version of the remainder. A stored value of another version goes through `migrate`.
   *
   * @default 0
   */
  version?: number
  /**
   * Migrates `{ ...storedRemainder, ...tableSlices }` from `version`. Rows the migration replaces (by reference) are
   * written back row by row. A throwing migration is reported to `onRehydrateStorage` and changes nothing stored.
   */
  migrate?: (persistedState: unknown, version: number) => PersistedState | PromiseLike<PersistedState>
  /**
   * Combines what was loaded with the current state. Edits made while hydrating are applied on top.
   *
   * @default a shallow merge (loaded slices replace the initial ones)
   */
  merge?: (persistedState: unknown, currentState: S) => S
  /** Called before hydration; the function it returns is called after it with the state, or with the error. */
  onRehydrateStorage?: (state: S) => ((state?: S, error?: unknown) => void) | void
  /**
   * Do not hydrate at creation; call `persist.rehydrate()` yourself (SSR, tests).
   *
   * @default false
   */
  skipHydration?: boolean
  /**
   * Called when a write fails.
   *
   * - A record the schema refuses (a missing NOT NULL column, a wrong type, a CHECK: a `SchemaError`) is refused by
   *   `set` itself, before the state changes: nothing of that `set` applies, in memory or in IndexedDB. The error
   *   comes here, or, without `onWriteError`, is thrown to the caller of `set`.
   * - Any other failure of a write transaction: nothing of it is stored (rows and outbox entries commit together); the in-memory state keeps the edit.
   *
   * @default console.error (and a SchemaError is thrown by `set`)
   */
  onWriteError?: (error: unknown) => void
}

type PersistListener<S> = (state: S) => void

export interface SyncedPersistApi<S, Ps> {
  /** Loads all mapped tables and the remainder again. Only the newest of overlapping calls applies. */
  rehydrate: () => Promise<void>
  hasHydrated: () => boolean
  onHydrate: (fn: PersistListener<S>) => () => void
  onFinishHydration: (fn: PersistListener<S>) => () => void
  /**
   * Forgets the stored remainder. Rows are the user's synced records: remove them from state to delete them
   * (and have the deletes synced); they are not wiped here.
   */
  clearStorage: () => Promise<void>
  getOptions: () => Readonly<SyncedPersistOptions<S, Ps>>
  /** Changes options after creation. `db` and `tables` are fixed at creation. */
  setOptions: (options: Partial<Omit<SyncedPersistOptions<S, Ps>, 'db' | 'tables'>>) => void
  /** Stops following IndexedDB changes (hot reload, tests). Writes continue. */
  dispose: () => void
}

type Write<T, U> = Omit<T, keyof U> & U

type WithSyncedPersist<S, A> = S extends { getState: () => infer T }
  ? Write<S, { persist: SyncedPersistApi<T, A> }>
  : never

declare module 'zustand/vanilla' {
  interface StoreMutators<S, A> {
    'howlerops/syncedPersist': WithSyncedPersist<S, A>
  }
}

export type SyncedPersist = <
  T,
  Mps extends [StoreMutatorIdentifier, unknown][] = [],
  Mcs extends [StoreMutatorIdentifier, unknown][] = [],
  U = Partial<T>,
>(
  initializer: StateCreator<T, [...Mps, ['howlerops/syncedPersist', unknown]], Mcs>,
  /** `NoInfer`: the state type comes from the initializer (or `create<State>()`), never from `tables`. */
  options: SyncedPersistOptions<NoInfer<T>, U>,
) => StateCreator<T, Mps, [['howlerops/syncedPersist', U], ...Mcs]>
