import type { Row } from '../ports'
import { sameField, userFields } from '../../schema/record'

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
  for (const field of userFields(local, remote)) {
    const l = local[field]
    const r = remote[field]
    if (sameField(l, r)) continue
    if (base !== null && sameField(r, base[field])) merged[field] = l
    else if (base !== null && sameField(l, base[field])) merged[field] = r
    else conflicts.push(field)
  }
  return { merged, conflicts }
}
