import type { Row } from '../core/ports'
import { sliceOf, type Slice } from './diffSlice'
import { sameData } from '../schema/record'
import { copySlice, newSlice, own } from './sliceRecords'
import type { RowWriter, SliceBinding } from './rowWriter'

export interface MergedHydration {
  /** The state to set (replacing). */
  readonly state: Record<string, unknown>
  /** Per slice, what IndexedDB holds once the edits already flushed have committed. */
  readonly written: ReadonlyMap<string, Slice>
}

export interface MergeContext {
  /** The state now, with the edits made while hydrating. */
  readonly current: Record<string, unknown>
  /** The state when hydration began. */
  readonly before: Record<string, unknown>
  /** Top-level fields of the remainder. */
  readonly remainderKeys: readonly string[]
  readonly writer: RowWriter
  /** The epoch of the hydration read. */
  readonly epoch: number
}

/**
 * Lays the hydrated state under the edits made while hydration ran.
 *
 * `merged` is `merge(migrated, current)`. For each slice, a record that `migrate`/`merge` left as loaded gets its
 * in-memory secrets back (or stays the in-memory object when equal); a record they replaced differs from `written`
 * and is therefore written back by the next flush. Keys edited after `epoch` keep their in-memory value (or absence).
 * Remainder fields changed since hydration began (`before`) keep their current value.
 */
export const mergeLoaded = (
  bindings: readonly SliceBinding[],
  loaded: ReadonlyMap<string, Record<string, Row>>,
  merged: unknown,
  { current, before, remainderKeys, writer, epoch }: MergeContext,
): MergedHydration => {
  const state: Record<string, unknown> = { ...(merged as Record<string, unknown>) }
  const written = new Map<string, Slice>()
  for (const b of bindings) {
    const read = loaded.get(b.table) ?? newSlice()
    const memory = sliceOf(current, b.slice)
    const out = newSlice()
    const stored = copySlice(read)
    for (const [key, row] of Object.entries(sliceOf(merged, b.slice))) {
      if (row !== own(read, key)) {
        out[key] = row
        continue
      }
      const inMemory = own(memory, key)
      const restored = b.rule.restore(row, inMemory)
      const kept = inMemory !== undefined && sameData(inMemory, restored) ? inMemory : restored
      out[key] = kept
      stored[key] = kept
    }
    for (const key of writer.touchedKeys(epoch, b.table)) {
      const edited = own(memory, key)
      if (edited === undefined) {
        delete out[key]
        delete stored[key]
      } else {
        out[key] = edited
        stored[key] = edited
      }
    }
    state[b.slice] = out
    written.set(b.slice, stored)
  }
  for (const key of remainderKeys) {
    if (key in current && current[key] !== before[key]) state[key] = current[key]
  }
  return { state, written }
}
