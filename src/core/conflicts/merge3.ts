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

/** The user's fields of two rows: every key of either that is not a column the sync layer owns. */
export const dataFields = (a: Row | null, b: Row | null = null): string[] => {
  const fields: string[] = []
  if (a !== null) for (const k in a) if (!SYNC_COLUMN_NAMES.has(k)) fields.push(k)
  if (b !== null) for (const k in b) if (!SYNC_COLUMN_NAMES.has(k) && (a === null || !(k in a))) fields.push(k)
  return fields
}

export const sameData = (a: Row, b: Row): boolean => {
  for (const f of dataFields(a, b)) if (!sameValue(a[f], b[f])) return false
  return true
}

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
