import type { Row } from '../core/ports'

/**
 * A slice maps record keys to rows, and a record key is any string the app chose, `__proto__` and `constructor`
 * included. On a plain object `slice['__proto__']` is Object.prototype and assigning it replaces the prototype, so the
 * record would vanish. The middleware builds slices without a prototype and reads only own properties.
 */

/** The row stored under `key`, if `slice` holds one as its own property. */
export const own = (slice: Readonly<Record<string, Row>>, key: string): Row | undefined =>
  Object.prototype.hasOwnProperty.call(slice, key) ? slice[key] : undefined

/** An empty slice without a prototype. */
export const newSlice = (): Record<string, Row> => Object.create(null) as Record<string, Row>

/** A copy of `slice` without a prototype (Object.assign defines `__proto__` as a plain key on such a target). */
export const copySlice = (slice: Readonly<Record<string, Row>>): Record<string, Row> => Object.assign(newSlice(), slice)
