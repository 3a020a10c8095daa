import type { ColumnKind } from './columns'

/**
 * The value domain of each column kind: exactly the values that reach the server and every other device
 * unchanged. Anything else fails the write; nothing is silently converted on the way.
 *
 * - `text`: a well-formed string (no lone surrogate: the wire is UTF-8). A NUL is an ordinary character: sqld and the
 *   bundled emulator keep it.
 * - `integer`: a `number` that is a safe integer, not `-0`. A `BigInt` is refused, even inside int64: rows come back
 *   from the server as numbers (`intMode: 'number'`), so a BigInt could never round-trip as itself, and numbers beyond
 *   2^53 are not exact. A boolean is stored as 0/1 before this check ({@link normalizeRow}).
 * - `real`: a finite `number`, not `-0` (JSON, the Hrana wire, writes it as `0`).
 * - `blob`: a `Uint8Array`.
 * - `json`: `null`, a boolean, a finite number other than `-0`, a well-formed string, a dense array of JSON values
 *   or a plain object (prototype `Object.prototype`, no symbol keys, no `undefined` values) of them,
 *   nested at most {@link JSON_MAX_DEPTH} deep. No `Date`, `Map`, class instance, function, `undefined` in an
 *   array, sparse array or cycle: `JSON.stringify` would change or drop each of them.
 *
 * The checks are iterative, so a value nested deeper than the stack refuses instead of overflowing.
 */

/** The deepest nesting of arrays and objects that the server's `json_valid` accepts (SQLite's JSON_MAX_DEPTH). */
export const JSON_MAX_DEPTH = 1000

/** Why a value is outside its column's domain: `type` (with what the column expects) or `size` (too large). */
export type ValueFault = { readonly rule: 'type'; readonly expected: string } | { readonly rule: 'size' }

export type ValueCheck = { readonly bytes: number; readonly fault?: undefined } | { readonly fault: ValueFault }

const EXPECTED: Readonly<Record<ColumnKind, string>> = {
  text: 'TEXT (well-formed UTF-16, no lone surrogate)',
  integer: 'INTEGER (a safe-integer number, not -0)',
  real: 'REAL (a finite number, not -0)',
  blob: 'BLOB (Uint8Array)',
  json: `JSON (plain objects, dense arrays, well-formed strings, finite numbers, booleans, null; at most ${JSON_MAX_DEPTH} deep)`,
}

const typeFault = (kind: ColumnKind): ValueCheck => ({ fault: { rule: 'type', expected: EXPECTED[kind] } })

/** A string without lone surrogates (what `slice()` through an emoji leaves behind). */
export const isWellFormed = (text: string): boolean => {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i)
    if (c < 0xd800 || c > 0xdfff) continue
    if (c > 0xdbff) return false
    const next = text.charCodeAt(i + 1)
    if (!(next >= 0xdc00 && next <= 0xdfff)) return false
    i += 1
  }
  return true
}

/** UTF-8 length of a well-formed string, without encoding it. */
export const utf8Length = (text: string): number => {
  let bytes = 0
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4
      i += 1
    } else bytes += 3
  }
  return bytes
}

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0)

/**
 * Checks `value` (not null or undefined: those are the column's NOT NULL rule) against the domain of `kind`. Returns
 * the value's size in bytes on the wire (strings as UTF-8, JSON serialized), or why it is refused. `budget` bounds the
 * work: a JSON value larger than it stops early with a `size` fault.
 */
export const checkValue = (kind: ColumnKind, value: unknown, budget: number): ValueCheck => {
  switch (kind) {
    case 'text':
      return typeof value === 'string' && isWellFormed(value) ? { bytes: utf8Length(value) } : typeFault(kind)
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0) ? { bytes: 8 } : typeFault(kind)
    case 'real':
      return isFiniteNumber(value) ? { bytes: 8 } : typeFault(kind)
    case 'blob':
      return value instanceof Uint8Array ? { bytes: value.byteLength } : typeFault(kind)
    case 'json':
      return checkJson(value, budget)
  }
}

/** Walks a JSON value without recursion; each container is entered once per reference. */
const checkJson = (root: unknown, budget: number): ValueCheck => {
  const values: unknown[] = [root]
  const depths: number[] = [0]
  let bytes = 0
  while (values.length > 0) {
    const value = values.pop()
    const depth = depths.pop() as number
    if (bytes > budget) return { fault: { rule: 'size' } }
    if (value === null) bytes += 4
    else if (typeof value === 'boolean') bytes += 5
    else if (typeof value === 'number') {
      if (!isFiniteNumber(value)) return typeFault('json')
      bytes += 24
    } else if (typeof value === 'string') {
      if (!isWellFormed(value)) return typeFault('json')
      bytes += value.length + 2 // a lower bound; the exact UTF-8 size is measured on the serialized text
    } else if (typeof value === 'object') {
      if (depth + 1 > JSON_MAX_DEPTH) return typeFault('json')
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype || Object.keys(value).length !== value.length) return typeFault('json')
        for (let i = value.length - 1; i >= 0; i -= 1) {
          const item: unknown = value[i]
          if (item === undefined) return typeFault('json') // a hole or an explicit undefined: both become null
          values.push(item)
          depths.push(depth + 1)
        }
        bytes += 2 + value.length
      } else {
        const proto: unknown = Object.getPrototypeOf(value)
        // A null-prototype object is refused too: IndexedDB's structured clone already gives it Object.prototype.
        if (proto !== Object.prototype || Object.getOwnPropertySymbols(value).length > 0) return typeFault('json')
        for (const key of Object.keys(value)) {
          if (!isWellFormed(key)) return typeFault('json')
          const item: unknown = (value as Record<string, unknown>)[key]
          if (item === undefined) return typeFault('json') // JSON.stringify drops the key
          values.push(item)
          depths.push(depth + 1)
          bytes += key.length + 4
        }
        bytes += 2
      }
    } else return typeFault('json') // undefined inside, bigint, function, symbol
  }
  return bytes > budget ? { fault: { rule: 'size' } } : { bytes }
}
