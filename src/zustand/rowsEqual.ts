import { SYNC_COLUMN_NAMES } from '../schema/columns'

/** Structural equality for row values (JSON-like data and byte arrays). A missing field equals `undefined`. */
export const deepEqual = (a: unknown, b: unknown): boolean => {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false
    return a.every((byte, i) => byte === b[i])
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]))
  return fieldsEqual(a as Record<string, unknown>, b as Record<string, unknown>, () => false)
}

const fieldsEqual = (
  a: Record<string, unknown>,
  b: Record<string, unknown>,
  ignore: (field: string) => boolean,
): boolean => {
  for (const k of Object.keys(a)) if (!ignore(k) && !deepEqual(a[k], b[k])) return false
  for (const k of Object.keys(b)) if (!ignore(k) && !(k in a) && b[k] !== undefined) return false
  return true
}

/**
 * Do two versions of a record hold the same data? The columns the sync layer owns (`hlc`, `sync_version`,
 * `updated_at`…) are ignored: bookkeeping alone (a stamp, an acknowledgement) is no reason to re-render.
 */
export const rowsEqual = (a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean =>
  a === b || fieldsEqual(a, b, (field) => SYNC_COLUMN_NAMES.has(field))
