import type { Row } from '../core/ports'
import { own } from './sliceRecords'

export type Slice = Readonly<Record<string, Row>>

export interface SliceDiff {
  /** Records added or replaced (compared by reference). */
  readonly put: Row[]
  /** Primary key values of records removed from the slice. */
  readonly remove: unknown[]
  /** Slice keys of everything above. */
  readonly keys: string[]
}

/**
 * What changed between two versions of a slice, by reference: an immutable update replaces only the records it
 * touches, so one edit in 10,000 records is one put. `keyColumn` addresses removed records in the table.
 */
export const diffSlice = (prev: Slice, next: Slice, keyColumn: string): SliceDiff => {
  const put: Row[] = []
  const remove: unknown[] = []
  const keys: string[] = []
  for (const key of Object.keys(next)) {
    const row = own(next, key)
    if (row === undefined || row === own(prev, key)) continue
    put.push(row)
    keys.push(key)
  }
  for (const key of Object.keys(prev)) {
    const row = own(prev, key)
    if (row === undefined || own(next, key) !== undefined) continue
    remove.push(row[keyColumn] ?? key)
    keys.push(key)
  }
  return { put, remove, keys }
}

/** A slice of the state, `{}` when absent. */
export const sliceOf = (state: unknown, name: string): Slice => {
  const value = (state as Record<string, unknown> | undefined)?.[name]
  return typeof value === 'object' && value !== null ? (value as Slice) : {}
}
