import type { Row } from '../core/ports'
import { sliceOf, type Slice } from './diffSlice'
import { sameData } from '../schema/record'
import { copySlice, own } from './sliceRecords'
import type { RowWriter, SliceBinding } from './rowWriter'
import type { Reread } from './tableIO'

/**
 * Folds rows re-read after an outside change (another tab, the sync engine, app code writing Dexie) into the
 * state. Returns the changed slices, or `undefined` when nothing changed.
 *
 * - Keys edited in memory after the read began are skipped: the edit is newer and its write follows.
 * - Secret fields of the in-memory record are restored into the row read.
 * - A row equal to the in-memory record keeps the in-memory object, so selectors see no change.
 */
export const applyReread = (
  bindings: readonly SliceBinding[],
  state: unknown,
  reread: Reread,
  writer: RowWriter,
  epoch: number,
): Record<string, Slice> | undefined => {
  let patch: Record<string, Slice> | undefined
  for (const b of bindings) {
    const found = reread.get(b.table)
    if (found === undefined) continue
    const memory = sliceOf(state, b.slice)
    const fresh = (key: string): boolean => !writer.touchedAfter(epoch, b.table, key)
    let out: Record<string, Row> | undefined
    const edit = (): Record<string, Row> => (out ??= copySlice(memory))
    for (const [key, row] of found.rows) {
      if (!fresh(key)) continue
      const current = own(memory, key)
      if (row === undefined) {
        if (current !== undefined) delete edit()[key]
        continue
      }
      const restored = b.rule.restore(row, current)
      if (current !== undefined && sameData(current, restored)) continue
      edit()[key] = restored
    }
    if (found.all) {
      for (const key of Object.keys(memory)) if (!found.rows.has(key) && fresh(key)) delete edit()[key]
    }
    if (out !== undefined) (patch ??= {})[b.slice] = out
  }
  return patch
}
