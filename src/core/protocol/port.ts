import type { Row } from '../ports'

/** An IndexedDB key: a string or number, or an array of them (a compound key). */
export type StoreKey = string | number | readonly (string | number)[]

/**
 * Which rows of a table a scan reads, in key order: by the primary key (no `index`) or by an index, optionally only
 * keys that start with `prefix` (string keys) or lie between `lower` and `upper` (inclusive). `filter` and `limit`
 * apply in that order, like a cursor that skips rows.
 */
export interface Scan {
  readonly index?: string
  readonly prefix?: string
  readonly lower?: StoreKey
  readonly upper?: StoreKey
  readonly filter?: (row: Row) => boolean
  readonly limit?: number
  readonly reverse?: boolean
}

/**
 * The one transaction a protocol script runs in: every read and write of the device's tables goes through it, and
 * all of them commit together or not at all. It keeps IndexedDB's rule: the transaction commits as soon as the
 * script awaits anything other than this port's own requests, and every later request fails
 * ({@link TransactionInactiveError}). A script therefore never awaits the network, a timer or a native crypto call.
 */
export interface TxPort {
  get(table: string, key: StoreKey): Promise<Row | undefined>
  bulkGet(table: string, keys: readonly StoreKey[]): Promise<Array<Row | undefined>>
  put(table: string, row: Row): Promise<void>
  bulkPut(table: string, rows: readonly Row[]): Promise<void>
  delete(table: string, key: StoreKey): Promise<void>
  bulkDelete(table: string, keys: readonly StoreKey[]): Promise<void>
  /** Rows in key order (see {@link Scan}). */
  scan(table: string, scan?: Scan): Promise<Row[]>
  /** Rows whose `index` equals `value`, in primary key order. */
  byIndex(table: string, index: string, value: StoreKey): Promise<Row[]>
  /** How many rows the table holds. */
  count(table: string): Promise<number>
}

/** Runs `script` in one read-write transaction over `tables`; the result once it committed. */
export type RunTransaction = <R>(tables: readonly string[], script: (port: TxPort) => Promise<R>) => Promise<R>

/** A request made after the transaction committed (the script awaited something else), or outside its tables. */
export class TransactionInactiveError extends Error {
  override readonly name = 'TransactionInactiveError'
}

/** IndexedDB's key order: numbers before strings before arrays; arrays element by element. */
export const compareKeys = (a: StoreKey, b: StoreKey): number => {
  const rank = (k: StoreKey): number => (typeof k === 'number' ? 0 : typeof k === 'string' ? 1 : 2)
  const ra = rank(a)
  const rb = rank(b)
  if (ra !== rb) return ra - rb
  if (typeof a === 'number' || typeof a === 'string') return a < (b as typeof a) ? -1 : a > (b as typeof a) ? 1 : 0
  const bb = b as readonly (string | number)[]
  for (let i = 0; i < Math.min(a.length, bb.length); i++) {
    const c = compareKeys(a[i] as StoreKey, bb[i] as StoreKey)
    if (c !== 0) return c
  }
  return a.length - bb.length
}
