import type { SyncedTableName } from '../schema/tables'
import type { Row } from '../core/ports'
import type { SyncDatabase } from '../local/database'
import { diffSlice, sliceOf, type Slice } from './diffSlice'
import type { SecretRule } from './secretRule'
import { secretPartOf } from '../local/secrets/secretVault'
import type { SecretFields } from '../local/secrets/types'
import { writePlan, type StoredRemainder, type WritePlan } from './tableIO'

/** One state slice persisted into one table. */
export interface SliceBinding {
  readonly slice: string
  readonly table: SyncedTableName
  readonly keyColumn: string
  readonly rule: SecretRule
}

export interface RowWriter {
  /**
   * Diffs the state against what IndexedDB holds and writes the difference (plus `remainder`) in one transaction.
   * The diff itself is synchronous; the returned promise settles when the write has committed or failed.
   */
  flush(state: unknown, remainder?: { readonly key: string; readonly value: StoredRemainder }): Promise<void>
  /** Declares `value` to be what IndexedDB holds for `slice` (after hydration or an outside change). */
  settle(slice: string, value: Slice): void
  /** What IndexedDB is believed to hold for `slice`. */
  written(slice: string): Slice
  /** Starts a read; edits flushed from now on win over what it returns. Returns the read's epoch. */
  beginRead(): number
  endRead(): void
  /** Was `key` of `table` edited in memory after the read that started at `epoch`? */
  touchedAfter(epoch: number, table: string, key: string): boolean
  /** Slice keys of `table` edited after `epoch`. */
  touchedKeys(epoch: number, table: string): string[]
}

const SEP = '\u001f'

interface Kept {
  readonly table: SyncedTableName
  readonly key: string
  readonly fields: SecretFields
}

/** The row as stored, noting what the rule took from it (the database's secret store keeps that). */
const stripKeeping = (b: SliceBinding, row: Row, kept: Kept[]): Row => {
  const stripped = b.rule.strip(row)
  const fields = secretPartOf(row, stripped)
  const key = row[b.keyColumn]
  if (fields !== undefined && typeof key === 'string') kept.push({ table: b.table, key, fields })
  return stripped
}

/**
 * The write half of the middleware. It remembers, per slice, the object last written (or read), so each flush
 * costs one reference comparison per record and writes only what changed. Every flushed key is stamped with an
 * epoch; a read that started before that epoch must not overwrite the key with what it found (the edit is newer).
 */
export const createRowWriter = (
  bindings: readonly SliceBinding[],
  initial: unknown,
  db: () => SyncDatabase | undefined,
  onError: (error: unknown) => void,
): RowWriter => {
  const written = new Map(bindings.map((b) => [b.slice, sliceOf(initial, b.slice)]))
  const touched = new Map<string, number>()
  let epoch = 0
  let reads = 0

  return {
    flush(state, remainder) {
      epoch += 1
      const kept: Kept[] = []
      const plan: { put: WritePlan['put']; remove: WritePlan['remove']; remainder?: NonNullable<WritePlan['remainder']> } = {
        put: new Map(),
        remove: new Map(),
      }
      for (const b of bindings) {
        const next = sliceOf(state, b.slice)
        const prev = written.get(b.slice) ?? {}
        if (prev === next) continue
        written.set(b.slice, next)
        const diff = diffSlice(prev, next, b.keyColumn)
        for (const key of diff.keys) touched.set(b.table + SEP + key, epoch)
        if (diff.put.length > 0) plan.put.set(b.table, diff.put.map((row: Row) => stripKeeping(b, row, kept)))
        if (diff.remove.length > 0) plan.remove.set(b.table, diff.remove)
      }
      if (remainder !== undefined) plan.remainder = remainder
      const target = plan.put.size + plan.remove.size > 0 || remainder !== undefined ? db() : undefined
      if (target === undefined) return Promise.resolve()
      // The secrets stripped here are kept on the device once the rows have committed (never before: I4 first).
      const committed = writePlan(target, plan).then(() => {
        for (const k of kept) target.sync.secrets.keep(k.table, k.key, k.fields)
      }, onError)
      if (kept.length > 0) target.sync.secrets.track(committed)
      return committed
    },
    settle(slice, value) {
      written.set(slice, value)
    },
    written: (slice) => written.get(slice) ?? {},
    beginRead() {
      // Stamps older than every running read can no longer matter.
      if (reads === 0) touched.clear()
      reads += 1
      return epoch
    },
    endRead() {
      reads -= 1
    },
    touchedAfter: (at, table, key) => (touched.get(table + SEP + key) ?? 0) > at,
    touchedKeys(at, table) {
      const keys: string[] = []
      for (const [id, stamp] of touched) {
        if (stamp > at && id.startsWith(table + SEP)) keys.push(id.slice(table.length + 1))
      }
      return keys
    },
  }
}
