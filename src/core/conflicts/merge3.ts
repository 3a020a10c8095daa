import { SYNC_COLUMN_NAMES } from '../../schema/columns'
import type { Row } from '../ports'

/** Structural equality for column values (JSON columns hold plain objects and arrays). */
export const sameValue = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null)
  if (typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a as object)
  const kb = Object.keys(b as object)
  if (ka.length !== kb.length) return false
  return ka.every((k) => sameValue((a as Row)[k], (b as Row)[k]))
}

/** The user's fields of a row: everything but the columns the sync layer owns. */
export const dataFields = (...rows: Array<Row | null>): string[] => {
  const fields = new Set<string>()
  for (const row of rows) if (row !== null) for (const k of Object.keys(row)) if (!SYNC_COLUMN_NAMES.has(k)) fields.add(k)
  return [...fields].sort()
}

export const sameData = (a: Row, b: Row): boolean => dataFields(a, b).every((f) => sameValue(a[f], b[f]))

export interface MergeResult {
  /** Fields merged without disagreement: base → one side's change, or both sides equal. */
  readonly merged: Row
  /** Fields both sides changed to different values (or every differing field when there is no base). */
  readonly conflicts: readonly string[]
}

/**
 * Field-level 3-way merge (I7). A field changed on one side only takes that side's value; a field changed on both
 * sides to the same value is not a conflict; only a field changed on both sides to different values is.
 */
export const merge3 = (base: Row | null, local: Row, remote: Row): MergeResult => {
  const merged: Row = { ...remote }
  const conflicts: string[] = []
  for (const field of dataFields(local, remote)) {
    const l = local[field]
    const r = remote[field]
    if (sameValue(l, r)) continue
    if (base !== null && sameValue(r, base[field])) merged[field] = l
    else if (base !== null && sameValue(l, base[field])) merged[field] = r
    else conflicts.push(field)
  }
  return { merged, conflicts }
}
