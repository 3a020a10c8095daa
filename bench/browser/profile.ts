import type { Dexie, DBCore, DBCoreTable } from 'dexie'

/**
 * Where a sync's wall time goes, from outside the package: time with an HTTP request in flight (the request, the
 * emulator's work, reading the body), time with an IndexedDB read or write in flight (Dexie's DBCore, per kind and
 * table), and the rest (JavaScript on the main thread: decoding, validation, screening, planning, bookkeeping).
 * Each figure is the union of the intervals when at least one such operation was in flight, so concurrent operations
 * are not counted twice.
 */
export interface Profile {
  readonly fetch: typeof globalThis.fetch
  /** Installs the timing middleware; call before the database opens. */
  attach: (db: Dexie) => void
  reset: () => void
  snapshot: (totalMs: number) => Record<string, number>
  /** When the last HTTP response was read (performance.now()). */
  lastResponseAt: () => number
}

class Busy {
  ms = 0
  private inFlight = 0
  private since = 0
  enter(): void {
    if (this.inFlight++ === 0) this.since = performance.now()
  }
  leave(): void {
    if (--this.inFlight === 0) this.ms += performance.now() - this.since
  }
}

export const createProfile = (): Profile => {
  let busy = new Map<string, Busy>()
  let ops = new Map<string, number>()
  let lastResponseAt = 0
  const track = async <T>(names: readonly string[], work: () => Promise<T>): Promise<T> => {
    const trackers = names.map((n) => {
      let b = busy.get(n)
      if (b === undefined) busy.set(n, (b = new Busy()))
      return b
    })
    for (const b of trackers) b.enter()
    try {
      return await work()
    } finally {
      for (const b of trackers) b.leave()
    }
  }
  const count = (name: string, n: number): void => {
    ops.set(name, (ops.get(name) ?? 0) + n)
  }
  const fetch: typeof globalThis.fetch = (input, init) =>
    track(['http', 'io'], async () => {
      const response = await globalThis.fetch(input, init)
      const body = await response.arrayBuffer()
      lastResponseAt = performance.now()
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
    })
  const wrap = (table: DBCoreTable): DBCoreTable => ({
    ...table,
    mutate: (req) => {
      count(`rows ${req.type} ${table.name}`, req.type === 'put' || req.type === 'add' ? req.values.length : req.type === 'delete' ? req.keys.length : 1)
      return track(['idb', 'io', 'idb write'], () => table.mutate(req))
    },
    get: (req) => {
      count(`rows get ${table.name}`, 1)
      return track(['idb', 'io', 'idb read'], () => table.get(req))
    },
    getMany: (req) => {
      count(`rows getMany ${table.name}`, req.keys.length)
      return track(['idb', 'io', 'idb read'], () => table.getMany(req))
    },
    query: (req) =>
      track(['idb', 'io', 'idb read'], () => table.query(req)).then((res) => {
        count(`rows query ${table.name}`, res.result.length)
        return res
      }),
    count: (req) => {
      count(`rows count ${table.name}`, 1)
      return track(['idb', 'io', 'idb read'], () => table.count(req))
    },
  })
  return {
    fetch,
    attach(db) {
      db.use({ stack: 'dbcore', name: 'bench-profile', create: (down: DBCore): DBCore => ({ ...down, table: (name) => wrap(down.table(name)) }) })
    },
    lastResponseAt: () => lastResponseAt,
    reset() {
      busy = new Map()
      ops = new Map()
    },
    snapshot(totalMs) {
      const out: Record<string, number> = { totalMs: Math.round(totalMs) }
      for (const [name, b] of busy) out[`${name}Ms`] = Math.round(b.ms)
      out['otherMs'] = Math.round(totalMs - (busy.get('io')?.ms ?? 0))
      for (const [name, n] of ops) out[name] = n
      return out
    },
  }
}
