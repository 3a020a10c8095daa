import type { Row } from '../ports'
import { TransactionInactiveError, compareKeys, type RunTransaction, type Scan, type StoreKey, type TxPort } from './port'

/**
 * An in-memory implementation of {@link TxPort} (pure TypeScript, no IndexedDB), for testing the protocol's
 * transaction scripts. Tables are declared like Dexie stores: `{ _outbox: 'pk, order, [table+key], held' }`, the first
 * entry the primary key, the rest indexes (`[a+b]` is a compound one).
 *
 * It keeps IndexedDB's transaction rules: requests complete in a later task; when a task ends with no request pending
 * the transaction commits, and any request after that fails with {@link TransactionInactiveError}; a script that
 * throws before that rolls everything back; transactions run one at a time.
 */
export interface MemoryStore {
  readonly run: RunTransaction
  /** A table's rows in primary key order, outside any transaction (test assertions). */
  rows(table: string): Row[]
  /** Writes rows outside any transaction (test setup). */
  load(table: string, rows: readonly Row[]): void
}

type KeyPath = string | readonly string[]

const parsePath = (spec: string): KeyPath => {
  const s = spec.trim().replace(/^\+\+|^&|^\*/, '')
  return s.startsWith('[') ? s.slice(1, -1).split('+') : s
}

const isKey = (v: unknown): v is StoreKey =>
  typeof v === 'string' || (typeof v === 'number' && !Number.isNaN(v)) || (Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number'))

const keyAt = (row: Row, path: KeyPath): StoreKey | undefined => {
  const value = typeof path === 'string' ? row[path] : path.map((p) => row[p])
  return isKey(value) ? value : undefined
}

const id = (key: StoreKey): string => JSON.stringify(key)

/** The next task (not a microtask): IndexedDB delivers request results in a task of their own. */
const nextTask: (fn: () => void) => void =
  typeof setImmediate === 'function' ? (fn) => void setImmediate(fn) : (fn) => void setTimeout(fn, 0)

export const createMemoryStore = (stores: Readonly<Record<string, string>>): MemoryStore => {
  const schema = new Map<string, { primary: KeyPath; indexes: Map<string, KeyPath> }>()
  for (const [table, spec] of Object.entries(stores)) {
    const [primary = '', ...rest] = spec.split(',').map((s) => s.trim()).filter((s) => s !== '')
    schema.set(table, { primary: parsePath(primary), indexes: new Map(rest.map((s) => [s, parsePath(s)])) })
  }
  const data = new Map<string, Map<string, Row>>([...schema.keys()].map((t) => [t, new Map()]))
  const tableOf = (table: string): { primary: KeyPath; indexes: Map<string, KeyPath> } => {
    const t = schema.get(table)
    if (t === undefined) throw new TransactionInactiveError(`no table ${table}`)
    return t
  }
  const primaryOf = (table: string, row: Row): StoreKey => {
    const key = keyAt(row, tableOf(table).primary)
    if (key === undefined) throw new TypeError(`${table}: row has no valid primary key`)
    return key
  }
  const clone = (row: Row): Row => structuredClone(row)
  let queue: Promise<unknown> = Promise.resolve()

  const run: RunTransaction = (scope, script) => {
    const turn = queue.then(() => transact(scope, script))
    queue = turn.catch(() => undefined)
    return turn
  }

  const transact = <R>(scope: readonly string[], script: (port: TxPort) => Promise<R>): Promise<R> => {
    const overlay = new Map<string, Map<string, Row | null>>()
    let active = true
    let pending = 0
    const commit = (): void => {
      if (!active) return
      active = false
      for (const [table, writes] of overlay) {
        const stored = data.get(table) as Map<string, Row>
        for (const [k, row] of writes) if (row === null) stored.delete(k)
        else stored.set(k, row)
      }
    }
    const check = (): void => {
      if (pending === 0) commit()
    }
    const read = (table: string, k: string): Row | undefined => {
      const written = overlay.get(table)?.get(k)
      if (written !== undefined) return written ?? undefined
      return data.get(table)?.get(k)
    }
    const write = (table: string, k: string, row: Row | null): void => {
      let w = overlay.get(table)
      if (w === undefined) overlay.set(table, (w = new Map()))
      w.set(k, row)
    }
    const all = (table: string): Row[] => {
      const merged = new Map(data.get(table))
      for (const [k, row] of overlay.get(table) ?? []) if (row === null) merged.delete(k)
      else merged.set(k, row)
      return [...merged.values()]
    }
    const request = <T>(table: string, op: () => T): Promise<T> => {
      if (!active) return Promise.reject(new TransactionInactiveError(`the transaction has committed: a request on ${table} came after the script awaited something else`))
      if (!scope.includes(table)) return Promise.reject(new TransactionInactiveError(`${table} is not in this transaction's scope`))
      let result: T
      try {
        result = op()
      } catch (error) {
        return Promise.reject(error)
      }
      pending += 1
      return new Promise<T>((resolve) =>
        nextTask(() => {
          pending -= 1
          resolve(result)
          nextTask(check)
        }),
      )
    }
    const scanRows = (table: string, s: Scan = {}): Row[] => {
      const path = s.index === undefined ? tableOf(table).primary : tableOf(table).indexes.get(s.index)
      if (path === undefined) throw new TypeError(`${table}: no index ${s.index}`)
      let keyed = all(table).flatMap((row) => {
        const k = keyAt(row, path)
        return k === undefined ? [] : [{ k, pk: primaryOf(table, row), row }]
      })
      if (s.prefix !== undefined) keyed = keyed.filter(({ k }) => typeof k === 'string' && k.startsWith(s.prefix as string))
      if (s.lower !== undefined) keyed = keyed.filter(({ k }) => compareKeys(k, s.lower as StoreKey) >= 0)
      if (s.upper !== undefined) keyed = keyed.filter(({ k }) => compareKeys(k, s.upper as StoreKey) <= 0)
      keyed.sort((a, b) => compareKeys(a.k, b.k) || compareKeys(a.pk, b.pk))
      if (s.reverse === true) keyed.reverse()
      let rows = keyed.map(({ row }) => row)
      if (s.filter !== undefined) rows = rows.filter(s.filter)
      if (s.limit !== undefined) rows = rows.slice(0, s.limit)
      return rows.map(clone)
    }
    const port: TxPort = {
      get: (table, key) => request(table, () => {
        const row = read(table, id(key))
        return row === undefined ? undefined : clone(row)
      }),
      bulkGet: (table, keys) => request(table, () => keys.map((key) => {
        const row = read(table, id(key))
        return row === undefined ? undefined : clone(row)
      })),
      put: (table, row) => request(table, () => void write(table, id(primaryOf(table, row)), clone(row))),
      bulkPut: (table, rows) => request(table, () => {
        const keyed = rows.map((row) => [id(primaryOf(table, row)), clone(row)] as const)
        for (const [k, row] of keyed) write(table, k, row)
      }),
      delete: (table, key) => request(table, () => void write(table, id(key), null)),
      bulkDelete: (table, keys) => request(table, () => {
        for (const key of keys) write(table, id(key), null)
      }),
      scan: (table, s) => request(table, () => scanRows(table, s)),
      byIndex: (table, index, value) => request(table, () => scanRows(table, { index, lower: value, upper: value })),
      count: (table) => request(table, () => all(table).length),
    }
    // The first check goes ahead of anything the script itself schedules (as IndexedDB's end of task does).
    nextTask(check)
    let outcome: Promise<R>
    try {
      outcome = script(port)
    } catch (error) {
      active = false
      return Promise.reject(error)
    }
    return outcome.then(
      (value) => {
        commit()
        return value
      },
      (error: unknown) => {
        // Before the commit, a failure rolls everything back; after it, what was written stays (IndexedDB's own rule).
        active = false
        throw error
      },
    )
  }

  return {
    run,
    rows: (table) => {
      const { primary } = tableOf(table)
      return [...(data.get(table) as Map<string, Row>).values()]
        .sort((a, b) => compareKeys(keyAt(a, primary) as StoreKey, keyAt(b, primary) as StoreKey))
        .map(clone)
    },
    load: (table, rows) => {
      for (const row of rows) (data.get(table) as Map<string, Row>).set(id(primaryOf(table, row)), clone(row))
    },
  }
}
