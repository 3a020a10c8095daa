import { Dexie, cmp } from 'dexie'

/** Changed keys per table, or `'all'` when a range changed (clear, deleteRange, bulk writes of 50 rows or more). */
export type TableChanges = Map<string, Map<string, unknown> | 'all'>

interface RangeNode {
  from?: unknown
  to?: unknown
  l?: RangeNode | null
  r?: RangeNode | null
}

/** Collects single keys of a Dexie RangeSet tree; `false` when it holds a real range. */
const collectKeys = (node: RangeNode | null | undefined, into: Map<string, unknown>): boolean => {
  if (node === undefined || node === null || !('from' in node)) return true
  if (cmp(node.from, node.to) !== 0) return false
  into.set(String(node.from), node.from)
  return collectKeys(node.l, into) && collectKeys(node.r, into)
}

/** Adds `next` into `target` (keys merge; `'all'` wins). */
export const mergeChanges = (target: TableChanges, next: TableChanges): void => {
  for (const [table, keys] of next) {
    const known = target.get(table)
    if (known === 'all') continue
    if (keys === 'all' || known === undefined) target.set(table, keys === 'all' ? 'all' : new Map(keys))
    else for (const [k, v] of keys) known.set(k, v)
  }
}

/**
 * Follows committed writes to `tables` of the database named `dbName`, from this tab and, through Dexie's
 * BroadcastChannel, from other tabs. Only the primary-key part of each change is read, so index churn is ignored.
 */
export const watchTables = (
  dbName: string,
  tables: readonly string[],
  onChange: (changes: TableChanges) => void,
): (() => void) => {
  const prefix = `idb://${dbName}/`
  const handler = (parts: Record<string, unknown>): void => {
    const changes: TableChanges = new Map()
    for (const [part, ranges] of Object.entries(parts)) {
      if (!part.startsWith(prefix) || !part.endsWith('/')) continue
      const table = part.slice(prefix.length, -1)
      if (!tables.includes(table)) continue
      const keys = new Map<string, unknown>()
      mergeChanges(changes, new Map([[table, collectKeys(ranges as RangeNode, keys) ? keys : 'all']]))
    }
    for (const [table, keys] of changes) if (keys !== 'all' && keys.size === 0) changes.delete(table)
    if (changes.size > 0) onChange(changes)
  }
  Dexie.on('storagemutated', handler)
  return () => Dexie.on('storagemutated').unsubscribe(handler)
}
