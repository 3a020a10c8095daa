import { SYNC_COLUMN_NAMES } from '../schema/columns'
import { normalizeRow } from '../schema/normalizeRow'
import { keyAccepted, validateRow } from '../schema/validateRow'
import { SchemaError } from '../schema/SchemaError'
import { sliceOf } from './diffSlice'
import type { SliceBinding } from './rowWriter'
import { own } from './sliceRecords'

/**
 * The first record of `next` that the write capture would refuse, as a {@link SchemaError}. It runs inside
 * `set`, before the state changes, so memory never holds a record IndexedDB will not: the state and the tables do
 * not drift apart. Only records replaced by reference are checked (one edit = one check), the way the writer diffs.
 * The sync columns are left to the capture, which stamps them.
 */
export const checkWrites = (bindings: readonly SliceBinding[], before: unknown, next: unknown): SchemaError | undefined => {
  if (typeof next !== 'object' || next === null) return undefined
  for (const b of bindings) {
    if (!Object.prototype.hasOwnProperty.call(next, b.slice)) continue
    const prev = sliceOf(before, b.slice)
    const after = sliceOf(next, b.slice)
    if (prev === after) continue
    for (const key of Object.keys(after)) {
      const row = own(after, key)
      const old = own(prev, key)
      if (row === undefined || row === old) continue
      const stored = normalizeRow(b.table, b.rule.strip(row))
      // The capture's rule, with the slice's previous value standing for the stored row.
      const violation = validateRow(b.table, stored, { pending: SYNC_COLUMN_NAMES, keyAccepted: keyAccepted(b.table, stored, old) })
      if (violation !== undefined) return new SchemaError(violation)
    }
  }
  return undefined
}
