import type { Row } from '../core/ports'
import type { SyncDatabase } from '../local/database'
import type { SecretFields } from '../local/secrets/types'
import { sliceOf } from './diffSlice'
import type { SliceBinding } from './rowWriter'
import { copySlice, own } from './sliceRecords'
import type { Reread } from './tableIO'

/**
 * The stored part laid over the row it came from: the rule may depend on the row's other columns (a preference's
 * `value` is secret because of its `key`), so it judges the whole record, as it did when it stripped it.
 */
const restore = (b: SliceBinding, row: Row, part: SecretFields): Row => b.rule.restore(row, { ...row, ...part })

/**
 * The device's stored secrets put back into rows read from IndexedDB, through the binding's one rule: what the rule
 * strips, and only that, comes back. Used at hydration for every row, and after an outside change for the rows
 * the store does not hold yet (a record pulled after a reset); a record in memory gets its secrets from memory.
 */
export const restoreLoaded = async (
  db: SyncDatabase,
  bindings: readonly SliceBinding[],
  rows: ReadonlyMap<string, Record<string, Row>>,
): Promise<ReadonlyMap<string, Record<string, Row>>> => {
  const out = new Map(rows)
  await Promise.all(
    bindings.map(async (b) => {
      const slice = out.get(b.table)
      if (slice === undefined) return
      const found = await db.sync.secrets.read(b.table, Object.keys(slice))
      if (found.size === 0) return
      const next = copySlice(slice)
      for (const [key, part] of found) {
        const row = own(slice, key)
        if (row !== undefined) next[key] = restore(b, row, part)
      }
      out.set(b.table, next)
    }),
  )
  return out
}

/** Restores stored secrets into the re-read rows that `state` does not hold (in place). */
export const restoreReread = async (db: SyncDatabase, bindings: readonly SliceBinding[], state: unknown, reread: Reread): Promise<void> => {
  await Promise.all(
    bindings.map(async (b) => {
      const found = reread.get(b.table)
      if (found === undefined) return
      const memory = sliceOf(state, b.slice)
      const keys = [...found.rows].filter(([key, row]) => row !== undefined && own(memory, key) === undefined).map(([key]) => key)
      if (keys.length === 0) return
      for (const [key, part] of await db.sync.secrets.read(b.table, keys)) {
        const row = found.rows.get(key)
        if (row !== undefined) found.rows.set(key, restore(b, row, part))
      }
    }),
  )
}
