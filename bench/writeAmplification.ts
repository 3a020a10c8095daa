import { Dexie, type DBCore, type Middleware } from 'dexie'
import { createStore } from 'zustand/vanilla'
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware'
import { createLocalDatabase, type SyncDatabase } from '../src/local/index'
import { syncedPersist } from '../src/zustand/index'

/**
 * Write amplification of one single-record edit in a 10,000-record state: `syncedPersist` (row by row into the
 * Dexie mirror, capture included) against zustand's own `persist` over an IndexedDB-backed `StateStorage` (one key
 * holding the whole JSON). Bytes are the JSON length of every value written to IndexedDB, counted by a DBCore
 * middleware below everything else, so the outbox entry written by the capture counts too.
 *
 * Runs under Node with `import 'fake-indexeddb/auto'` loaded first.
 */
export interface WriteAmplification {
  syncedPersistBytesPerEdit: number
  syncedPersistRowsPerEdit: number
  zustandPersistBytesPerEdit: number
  zustandPersistRowsPerEdit: number
  /** zustand bytes per edit / syncedPersist bytes per edit. */
  ratio: number
  /** Median time to hydrate 10,000 rows with `syncedPersist`. */
  hydrate10kMs: number
}

const RECORDS = 10_000
const EDITS = 20
const HYDRATIONS = 5

interface Query {
  id: string
  name: string
  description: string | null
  query_text: string
  connection_id: string | null
  folder: string | null
  tags: string[] | null
  is_favorite: number
}
interface BenchState {
  savedQueries: Record<string, Query>
}

const query = (i: number): Query => ({
  id: `q${i}`,
  name: `Query ${i}`,
  description: i % 3 === 0 ? `Report number ${i} for the weekly dashboard` : null,
  query_text: `select id, name, created_at from orders where customer_id = ${i} order by created_at desc limit 100`,
  connection_id: `c${i % 7}`,
  folder: i % 2 === 0 ? 'reports' : null,
  tags: ['bench', `t${i % 11}`],
  is_favorite: i % 5 === 0 ? 1 : 0,
})

interface Tally {
  rows: number
  bytes: number
}

/**
 * The JSON length of a value, strings counted unescaped: zustand's row holds the state as one JSON string, and
 * escaping its quotes again would overstate its size.
 */
const jsonLength = (value: unknown): number => {
  if (typeof value === 'string') return value.length + 2
  if (Array.isArray(value)) return 2 + value.reduce((n: number, v) => n + jsonLength(v) + 1, 0)
  if (value !== null && typeof value === 'object') {
    return 2 + Object.entries(value).reduce((n, [k, v]) => n + k.length + 4 + jsonLength(v), 0)
  }
  return JSON.stringify(value)?.length ?? 0
}

/** Counts rows and JSON bytes of every put and delete that reaches IndexedDB. */
const tallying = (tally: Tally): Middleware<DBCore> => ({
  stack: 'dbcore',
  name: 'bench-write-tally',
  level: -10,
  create: (down) => ({
    ...down,
    table(name) {
      const table = down.table(name)
      return {
        ...table,
        mutate(req) {
          const written: readonly unknown[] =
            req.type === 'delete' ? req.keys : req.type === 'deleteRange' ? [req.range] : req.values
          tally.rows += written.length
          for (const value of written) tally.bytes += jsonLength(value)
          return table.mutate(req)
        },
      }
    },
  }),
})

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/** Resolves once every write transaction queued so far has committed. */
const drain = async (db: Dexie): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
  await db.transaction('r', db.tables, () => Promise.all(db.tables.map((t) => t.count())))
}

const newName = (what: string): string => `bench-${what}-${Date.now()}-${Math.random().toString(36).slice(2)}`

const createSyncedStore = (db: SyncDatabase, skipHydration: boolean) =>
  createStore<BenchState>()(
    syncedPersist(() => ({ savedQueries: {} }), {
      name: 'bench',
      db,
      tables: { savedQueries: 'saved_queries' },
      skipHydration,
    }),
  )

const measureSyncedPersist = async (): Promise<{ bytes: number; rows: number; hydrateMs: number }> => {
  const tally: Tally = { rows: 0, bytes: 0 }
  const db = createLocalDatabase(newName('synced'))
  db.use(tallying(tally))
  const rows = Array.from({ length: RECORDS }, (_, i) => query(i))
  await db.sync.writeUncaptured(['saved_queries'], async () => {
    await db.saved_queries.bulkPut(rows as never)
  })

  const times: number[] = []
  for (let i = 0; i < HYDRATIONS; i++) {
    const probe = createSyncedStore(db, true)
    const started = performance.now()
    await probe.persist.rehydrate()
    times.push(performance.now() - started)
    probe.persist.dispose()
  }

  const store = createSyncedStore(db, false)
  await new Promise<void>((resolve) => store.persist.onFinishHydration(() => resolve()))
  await drain(db)
  tally.rows = 0
  tally.bytes = 0
  for (let i = 0; i < EDITS; i++) {
    const id = `q${(i * 487) % RECORDS}`
    store.setState((s) => ({ savedQueries: { ...s.savedQueries, [id]: { ...s.savedQueries[id]!, name: `Edited ${i}` } } }))
    await drain(db)
  }
  store.persist.dispose()
  db.close()
  return { bytes: tally.bytes / EDITS, rows: tally.rows / EDITS, hydrateMs: median(times) }
}

const measureZustandPersist = async (): Promise<{ bytes: number; rows: number }> => {
  const tally: Tally = { rows: 0, bytes: 0 }
  const kv = new Dexie(newName('zustand'))
  kv.version(1).stores({ kv: 'k' })
  kv.use(tallying(tally))
  const table = kv.table<{ k: string; v: string }, string>('kv')
  const storage: StateStorage<Promise<void>> = {
    getItem: async (name) => (await table.get(name))?.v ?? null,
    setItem: async (name, value) => void (await table.put({ k: name, v: value })),
    removeItem: (name) => table.delete(name),
  }
  const savedQueries = Object.fromEntries(Array.from({ length: RECORDS }, (_, i) => [`q${i}`, query(i)]))
  await table.put({ k: 'bench', v: JSON.stringify({ state: { savedQueries }, version: 0 }) })

  const store = createStore<BenchState>()(
    persist(() => ({ savedQueries: {} }), { name: 'bench', storage: createJSONStorage(() => storage) }),
  )
  if (!store.persist.hasHydrated()) {
    await new Promise<void>((resolve) => store.persist.onFinishHydration(() => resolve()))
  }
  await drain(kv)
  tally.rows = 0
  tally.bytes = 0
  for (let i = 0; i < EDITS; i++) {
    const id = `q${(i * 487) % RECORDS}`
    store.setState((s) => ({ savedQueries: { ...s.savedQueries, [id]: { ...s.savedQueries[id]!, name: `Edited ${i}` } } }))
    await drain(kv)
  }
  kv.close()
  return { bytes: tally.bytes / EDITS, rows: tally.rows / EDITS }
}

export async function measureWriteAmplification(): Promise<WriteAmplification> {
  const ours = await measureSyncedPersist()
  const theirs = await measureZustandPersist()
  return {
    syncedPersistBytesPerEdit: ours.bytes,
    syncedPersistRowsPerEdit: ours.rows,
    zustandPersistBytesPerEdit: theirs.bytes,
    zustandPersistRowsPerEdit: theirs.rows,
    ratio: theirs.bytes / ours.bytes,
    hydrate10kMs: ours.hydrateMs,
  }
}
