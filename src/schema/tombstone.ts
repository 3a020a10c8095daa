import { SYNC_COLUMN_NAMES } from './columns'
import { tables, type TableName, type TableSpec } from './tables'

export interface ClearedColumn {
  readonly name: string
  /** What the tombstone holds instead: NULL, the schema default, or the empty value of a NOT NULL column. */
  readonly value: string | number | null
}

const cache = new Map<TableName, readonly ClearedColumn[]>()

/**
 * What a tombstone keeps of a record's content: nothing (R4, R11). A deleted or withdrawn record (a history row made
 * private, a preference made device-specific) leaves its key, its sync columns and what the server's constraints
 * require, and every other column NULL, at its default, or empty: sealed or not, no content stays on the server.
 *
 * Kept: keys, sync columns, NOT NULL columns without a default that are not text (timestamps such as
 * `executed_at`, which retention reads, and enums a CHECK lists), and the columns of a multi-column CHECK (a
 * connection's host, which its type requires).
 */
export const tombstoneClears = (table: TableName): readonly ClearedColumn[] => {
  let list = cache.get(table)
  if (list !== undefined) return list
  const spec = tables[table] as TableSpec
  const keep = new Set<string>([...spec.key, ...SYNC_COLUMN_NAMES, ...(spec.checks ?? []).map((c) => c.column)])
  list = spec.columns.flatMap((c): ClearedColumn[] => {
    if (keep.has(c.name) || c.serverOnly === true) return []
    if (c.nullable) return [{ name: c.name, value: null }]
    if (c.default !== undefined) return [{ name: c.name, value: c.default }]
    if (c.check?.kind === 'in') return []
    if (c.kind === 'text') return [{ name: c.name, value: '' }]
    if (c.kind === 'json') return [{ name: c.name, value: '""' }]
    return []
  })
  cache.set(table, list)
  return list
}
