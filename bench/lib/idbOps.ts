import type { DBCore, DBCoreCursor, DBCoreTable, Middleware } from 'dexie'

/**
 * Counts IndexedDB row operations below every other middleware (the capture included), as they reach IndexedDB:
 * a row read is a key fetched by `get`/`getMany`, a row a query or a cursor step returns, or one `count`; a row
 * written is a value put or added, or a key deleted (a range delete counts once). Counted, not estimated: this is
 * `idb_ops_per_pushed_record`.
 */
export interface IdbOpCounter {
  readonly middleware: Middleware<DBCore>
  /** Rows per `read|write table`, since the last reset. */
  snapshot(): Record<string, number>
  total(): { reads: number; writes: number }
  reset(): void
}

export const createIdbOpCounter = (): IdbOpCounter => {
  let counts = new Map<string, number>()
  const add = (kind: 'read' | 'write', table: string, n: number): void => {
    const k = `${kind} ${table}`
    counts.set(k, (counts.get(k) ?? 0) + n)
  }
  const countCursor = (table: string, cursor: DBCoreCursor | null): DBCoreCursor | null => {
    if (cursor === null) return null
    const start = cursor.start.bind(cursor)
    // Each step a cursor takes reads one row (or key).
    return Object.assign(Object.create(cursor) as DBCoreCursor, {
      start: (onNext: () => void) =>
        start(() => {
          add('read', table, 1)
          onNext()
        }),
    })
  }
  const wrap = (table: DBCoreTable): DBCoreTable => ({
    ...table,
    mutate: (req) => {
      add('write', table.name, req.type === 'put' || req.type === 'add' ? req.values.length : req.type === 'delete' ? req.keys.length : 1)
      return table.mutate(req)
    },
    get: (req) => {
      add('read', table.name, 1)
      return table.get(req)
    },
    getMany: (req) => {
      add('read', table.name, req.keys.length)
      return table.getMany(req)
    },
    query: (req) =>
      table.query(req).then((res) => {
        add('read', table.name, res.result.length)
        return res
      }),
    openCursor: (req) => table.openCursor(req).then((cursor) => countCursor(table.name, cursor)),
    count: (req) => {
      add('read', table.name, 1)
      return table.count(req)
    },
  })
  return {
    middleware: { stack: 'dbcore', name: 'bench-idb-op-counter', level: 0, create: (down) => ({ ...down, table: (name) => wrap(down.table(name)) }) },
    snapshot: () => Object.fromEntries(counts),
    total() {
      let reads = 0
      let writes = 0
      for (const [k, n] of counts) if (k.startsWith('read')) reads += n
      else writes += n
      return { reads, writes }
    },
    reset() {
      counts = new Map()
    },
  }
}
