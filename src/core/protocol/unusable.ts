import type { SyncedTableName } from '../../schema/tables'
import { recordId } from '../../schema/record'

/**
 * A pulled row this device cannot use (R14): it breaks the schema, belongs to another user, is too large, or (with
 * sealing) cannot be opened. It is set aside alone: the rest of its page applies and the cursor moves past it, so
 * one device's bad write never stops another device. It is listed beside the quarantine with its reason (never its
 * value), and leaves the list when a usable version of the record arrives.
 */
export interface UnusableRow {
  readonly table: SyncedTableName
  readonly key: string
  /** The server sequence of the version set aside. */
  readonly seq: number
  /** Why, for the UI to switch on: `invalid-server-row` (schema), or the caller's code (e.g. sealing's). */
  readonly code: string
  readonly message: string
  readonly column?: string
  readonly at: number
}

/**
 * Thrown while a pulled row is decoded (validation, decompression, opening a sealed envelope) to say "this row is
 * unusable, for this reason": the pull catches it, sets the row aside as an {@link UnusableRow} and goes on.
 */
export class UnusableRowError extends Error {
  override readonly name: string = 'UnusableRowError'
  constructor(
    readonly code: string,
    message: string,
    readonly column?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

const id = recordId

/**
 * The list after a page: a record a usable version arrived for leaves it (that version applies as any other); a
 * record set aside again keeps only its newest unusable version.
 */
export const planUnusable = (
  current: readonly UnusableRow[],
  page: { readonly rows: ReadonlyArray<{ readonly table: SyncedTableName; readonly key: string }>; readonly unusable: readonly UnusableRow[] },
): UnusableRow[] => {
  const next = new Map(current.map((u) => [id(u.table, u.key), u]))
  for (const { table, key } of page.rows) next.delete(id(table, key))
  for (const u of page.unusable) {
    const before = next.get(id(u.table, u.key))
    if (before === undefined || before.seq < u.seq) next.set(id(u.table, u.key), u)
  }
  return [...next.values()]
}
