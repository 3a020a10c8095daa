import type { StateCreator, StoreApi } from 'zustand/vanilla'
import { tables as tableSpecs, type SyncedTableName } from '../schema/tables'
import type { SyncDatabase } from '../local/database'
import { applyReread } from './applyReread'
import { checkWrites } from './checkWrites'
import { mergeLoaded } from './mergeLoaded'
import { resolveDatabase } from './resolveDatabase'
import { sameValue } from '../schema/record'
import { createRowWriter, type SliceBinding } from './rowWriter'
import { secretRule, stripRemainder } from './secretRule'
import { restoreLoaded, restoreReread } from './storedSecrets'
import { readAll, readChanges, removeRemainder, type StoredRemainder } from './tableIO'
import type { SyncedPersist, SyncedPersistApi, SyncedPersistOptions } from './types'
import { mergeChanges, watchTables, type TableChanges } from './watchTables'

type State = Record<string, unknown>
type Options = SyncedPersistOptions<State, unknown>
type Listener = (state: State) => void

/** The `_state` key of a store's remainder (the engine keeps its own keys in the same table). */
const remainderKey = (name: string): string => `zustand/${name}`

const shallowMerge = (persisted: unknown, current: State): State => ({ ...current, ...(persisted as State) })

/** `dbSecretFields` reads the database's own secret names, so the middleware keeps in memory what the db strips. */
const bindingsOf = (options: Options, dbSecretFields: () => Iterable<string>): SliceBinding[] =>
  Object.entries(options.tables ?? {}).flatMap(([slice, table]) => {
    if (typeof table !== 'string') return []
    const name = table as SyncedTableName
    const extra = (): string[] => [...(options.secretFields?.[name] ?? []), ...dbSecretFields()]
    return [{ slice, table: name, keyColumn: tableSpecs[name].key[0], rule: secretRule(name, extra) }]
  })

const impl =
  (config: StateCreator<State>, baseOptions: Options): StateCreator<State> =>
  (set, get, api) => {
    let options: Options = { version: 0, merge: shallowMerge, ...baseOptions }
    let initial: State | undefined
    /** `get()` is undefined until the initializer has returned. */
    const current = (): State => get() ?? (initial as State)
    const bindings = bindingsOf(options, () => db?.sync.secretFields ?? [])
    const sliceNames = new Set(bindings.map((b) => b.slice))
    const partialize = (state: State): State => {
      const picked = (options.partialize?.(state) ?? state) as State
      const out: State = {}
      for (const [k, v] of Object.entries(picked)) if (!sliceNames.has(k) && typeof v !== 'function') out[k] = v
      return out
    }
    const reportError = (error: unknown): void => (options.onWriteError ?? console.error)(error)

    let db: SyncDatabase | undefined
    let unwatch: (() => void) | undefined
    const database = (): SyncDatabase | undefined => {
      db ??= resolveDatabase(options.db)
      if (db !== undefined && unwatch === undefined) {
        unwatch = watchTables(db.name, bindings.map((b) => b.table), onOutsideChange)
      }
      return db
    }

    let hasHydrated = false
    /** Remainder writes wait for a successful hydration, so they never overwrite a value not yet read. */
    let remainderLoaded = false
    let stored: StoredRemainder | undefined
    let hydrationVersion = 0
    let hydrating = false
    const hydrationListeners = new Set<Listener>()
    const finishListeners = new Set<Listener>()

    let applying = false
    let flushQueued = false
    let writer = createRowWriter(bindings, undefined, database, reportError)

    const flush = (): Promise<void> => {
      flushQueued = false
      const state = get()
      let remainder: { key: string; value: StoredRemainder } | undefined
      if (remainderLoaded) {
        const value = { state: stripRemainder(partialize(state)), version: options.version ?? 0 }
        if (stored === undefined || stored.version !== value.version || !sameValue(stored.state, value.state)) {
          stored = value
          remainder = { key: remainderKey(options.name), value }
        }
      }
      return writer.flush(state, remainder)
    }
    /** Sets state that IndexedDB already holds, without diffing it for writes. */
    const setSettled = (state: State, replace: boolean): void => {
      applying = true
      try {
        if (replace) set(state, true)
        else set(state)
      } finally {
        applying = false
      }
    }
    api.subscribe(() => {
      if (applying || flushQueued) return
      flushQueued = true
      queueMicrotask(() => void flush())
    })

    const pending: TableChanges = new Map()
    let refreshing = false
    function onOutsideChange(changes: TableChanges): void {
      mergeChanges(pending, changes)
      void refresh()
    }
    const refresh = async (): Promise<void> => {
      if (refreshing) return
      refreshing = true
      try {
        while (pending.size > 0 && hasHydrated && !hydrating && db !== undefined) {
          const changes = new Map(pending)
          pending.clear()
          const version = hydrationVersion
          const epoch = writer.beginRead()
          try {
            const reread = await readChanges(db, changes)
            await restoreReread(db, bindings, get(), reread)
            if (version !== hydrationVersion || hydrating) {
              mergeChanges(pending, changes)
              continue
            }
            void flush()
            const patch = applyReread(bindings, get(), reread, writer, epoch)
            if (patch === undefined) continue
            setSettled(patch, false)
            for (const [slice, value] of Object.entries(patch)) writer.settle(slice, value)
          } finally {
            writer.endRead()
          }
        }
      } catch (error) {
        reportError(error)
      } finally {
        refreshing = false
      }
    }

    const finish = (version: number, post: ((state?: State, error?: unknown) => void) | undefined): void => {
      if (version !== hydrationVersion) return
      hydrating = false
      post?.(get(), undefined)
      hasHydrated = true
      finishListeners.forEach((cb) => cb(get()))
      void refresh()
    }

    const hydrate = async (): Promise<void> => {
      const version = ++hydrationVersion
      hasHydrated = false
      remainderLoaded = false
      hydrating = true
      const before = current()
      hydrationListeners.forEach((cb) => cb(before))
      const post = options.onRehydrateStorage?.(before) ?? undefined
      const target = database()
      if (target === undefined) {
        await null // finish after the store exists, as with a real read
        return finish(version, post)
      }
      pending.clear()
      const epoch = writer.beginRead()
      try {
        const read = await readAll(target, bindings.map((b) => b.table), remainderKey(options.name))
        const loaded = { ...read, rows: await restoreLoaded(target, bindings, read.rows) }
        const slices: State = {}
        for (const b of bindings) slices[b.slice] = loaded.rows.get(b.table) ?? {}
        let persisted: unknown = { ...(loaded.remainder?.state as State | undefined), ...slices }
        const from = loaded.remainder?.version
        if (from !== undefined && from !== (options.version ?? 0)) {
          if (options.migrate !== undefined) persisted = await options.migrate(persisted, from)
          else {
            console.error(`[syncedPersist] "${options.name}" v${from} has no migrate function; its remainder is ignored`)
            persisted = slices
          }
        }
        if (version !== hydrationVersion) return
        void flush()
        const now = get()
        const merged = mergeLoaded(bindings, loaded.rows, (options.merge ?? shallowMerge)(persisted, now), {
          current: now,
          before,
          remainderKeys: Object.keys(partialize(now)),
          writer,
          epoch,
        })
        setSettled(merged.state, true)
        for (const [slice, value] of merged.written) writer.settle(slice, value)
        stored = loaded.remainder
        remainderLoaded = true
        await flush()
        finish(version, post)
      } catch (error) {
        if (version !== hydrationVersion) return
        hydrating = false
        post?.(undefined, error)
      } finally {
        writer.endRead()
      }
    }

    const persistApi: SyncedPersistApi<State, unknown> = {
      rehydrate: hydrate,
      hasHydrated: () => hasHydrated,
      onHydrate: (fn) => {
        hydrationListeners.add(fn)
        return () => void hydrationListeners.delete(fn)
      },
      onFinishHydration: (fn) => {
        finishListeners.add(fn)
        return () => void finishListeners.delete(fn)
      },
      clearStorage: async () => {
        stored = undefined
        const target = database()
        if (target !== undefined) await removeRemainder(target, remainderKey(options.name))
      },
      getOptions: () => options,
      setOptions: (next) => {
        options = { ...options, ...next }
      },
      dispose: () => {
        unwatch?.()
        unwatch = undefined
      },
    }
    ;(api as StoreApi<State> & { persist: SyncedPersistApi<State, unknown> }).persist = persistApi

    /**
     * `set` refuses a state holding a record the schema refuses: nothing of that `set` applies, and the
     * SchemaError goes to `onWriteError` if there is one, or is thrown to the caller of `set`.
     */
    const checkedSet = ((partial: unknown, replace?: boolean): void => {
      const before = current()
      const next = typeof partial === 'function' ? (partial as (state: State) => unknown)(before) : partial
      const refused = checkWrites(bindings, before, next)
      if (refused !== undefined) {
        if (options.onWriteError === undefined) throw refused
        options.onWriteError(refused)
        return
      }
      ;(set as (state: unknown, replace?: boolean) => void)(next, replace)
    }) as typeof set
    api.setState = checkedSet

    initial = config(checkedSet, get, api)
    writer = createRowWriter(bindings, initial, database, reportError)
    if (options.skipHydration !== true) void hydrate()
    return initial
  }

/**
 * Persists a zustand store into the Dexie mirror, row by row: each slice named in `tables` is a record of rows,
 * and a state change writes only the records it replaced (one edit = one row + one outbox entry). The rest of the
 * state selected by `partialize` is kept in one `_state` row. Changes made to the tables by other tabs, the sync
 * engine or app code flow into the state. Options and `store.persist` mirror zustand's `persist`.
 */
export const syncedPersist = impl as unknown as SyncedPersist
