import { SYNC_COLUMN_NAMES } from './columns'

/**
 * The record vocabulary, in one place: how a record is named (its key as one string, and `table␟key`), what a
 * tombstone is, when two values or two rows are the same, the one stable hash, and the key of a keep-both copy.
 *
 * A leaf module (it imports only the column list), so the schema, the protocol core, the adapters and the UI can
 * all use it without an import cycle.
 */

type Row = Readonly<Record<string, unknown>>

/** U+001F joins the parts of a compound key and names a record across tables (`table␟key`). */
export const SEP = '\u001f'

/** A compound key's columns as one string. */
export const joinKey = (parts: readonly unknown[]): string => parts.map(String).join(SEP)

/** A record named across tables: `table␟key` (the quarantine's key, the outbox's per-record grouping). */
export const recordId = (table: string, key: string): string => `${table}${SEP}${key}`

/** The key of a `recordId` of `table`, or undefined when the id names another table's record. */
export const keyInTable = (table: string, id: string): string | undefined =>
  id.startsWith(`${table}${SEP}`) ? id.slice(table.length + 1) : undefined

/** A tombstone: a row whose `deleted_at` is set (I6). A missing row is not a tombstone. */
export const isTombstone = (row: Row | null | undefined): boolean =>
  row !== null && row !== undefined && row['deleted_at'] !== null && row['deleted_at'] !== undefined

/** Gone for the protocol: absent or a tombstone. */
export const isGone = (row: Row | null | undefined): boolean => row === null || row === undefined || isTombstone(row)

/** The server version a row was last synced at; 0 = the server has never acknowledged it. */
export const versionOf = (row: Row | null | undefined): number => Number(row?.['sync_version'] ?? 0)

/**
 * Structural equality of values (JSON-like data and byte arrays). An object's missing field equals `undefined`, as
 * JSON and IndexedDB store it; `null` and `undefined` differ inside a value (see {@link sameField} for columns).
 */
export const sameValue = (a: unknown, b: unknown): boolean => {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false
    return a.every((byte, i) => byte === b[i])
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => sameValue(v, (b as unknown[])[i]))
  const x = a as Row
  const y = b as Row
  for (const k in x) if (!sameValue(x[k], y[k])) return false
  for (const k in y) if (!(k in x) && y[k] !== undefined) return false
  return true
}

/** Equality of one column's values: a column that is absent, `undefined` or `null` holds no value (SQL NULL). */
export const sameField = (a: unknown, b: unknown): boolean => sameValue(a ?? null, b ?? null)

/** The user's fields of two rows: every key of either that is not a column the sync layer owns. */
export const userFields = (a: Row | null, b: Row | null = null): string[] => {
  const fields: string[] = []
  if (a !== null) for (const k in a) if (!SYNC_COLUMN_NAMES.has(k)) fields.push(k)
  if (b !== null) for (const k in b) if (!SYNC_COLUMN_NAMES.has(k) && (a === null || !(k in a))) fields.push(k)
  return fields
}

/**
 * Do two versions of a record hold the same data? Columns the sync layer owns (`hlc`, `sync_version`,
 * `updated_at`…) are ignored: bookkeeping alone (a stamp, an acknowledgement) is not a change.
 */
export const sameData = (a: Row, b: Row): boolean => {
  if (a === b) return true
  for (const f of userFields(a, b)) if (!sameField(a[f], b[f])) return false
  return true
}

const encoder = new TextEncoder()

/**
 * The one stable hash: 64-bit FNV-1a over the UTF-8 bytes of `text`, as 16 hex digits. Pure and synchronous, so it
 * can derive ids that every device computes alike (preference ids, keep-both copies, archive rows). Computed in two
 * 32-bit halves: prime = 2^40 + 0x1b3, so `h * prime = h * 0x1b3 + (h << 40)`.
 */
export const stableHash = (text: string): string => {
  let hi = 0xcbf29ce4
  let lo = 0x84222325
  for (const byte of encoder.encode(text)) {
    lo ^= byte
    const low = (lo >>> 0) * 0x1b3
    const carry = Math.floor(low / 0x100000000)
    hi = (Math.imul(hi, 0x1b3) + carry + (lo << 8)) >>> 0
    lo = low >>> 0
  }
  return hi.toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0')
}

/**
 * The key of a keep-both copy of the record `key`, derived from what identifies the conflict (`seed`), so resolving
 * the same conflict twice (a restart, a second tab, a held decision) yields the same copy, never two.
 */
export const copyKey = (key: string, seed: string): string => `${key}~${stableHash(seed).slice(0, 10)}`

/**
 * Where the sync layer notes, on a keep-both copy's row as it makes it, the key of the record it copied. Carried by
 * the row object only (spreads keep it; IndexedDB, JSON and the wire do not), so only a copy made on this device in
 * this session names an origin: a key shaped like {@link copyKey}'s, chosen by an app or pulled, names none.
 * Registered (`Symbol.for`) so that every bundle of the package reads the same mark.
 */
const COPY_OF = Symbol.for('@howlerops/sync.copyOf')

/** The row of a keep-both copy of record `origin`, marked as such (see {@link copyOrigin}). */
export const markCopy = <R extends Record<string, unknown>>(row: R, origin: string): R => Object.assign(row, { [COPY_OF]: origin })

/** The key of the record a keep-both copy was made of, if the sync layer made this row as one; else undefined. */
export const copyOrigin = (row: Readonly<Record<string, unknown>>): string | undefined => {
  const origin = (row as Readonly<Record<symbol, unknown>>)[COPY_OF]
  return typeof origin === 'string' ? origin : undefined
}
