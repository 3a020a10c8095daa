/**
 * The push phase, split: `node --import tsx --import ./scripts/raw-loader.mjs bench/pushProfile.ts [runs]`.
 * For 10,000 captured records: time in the write requests (the emulator's work plus HTTP, as the fetch sees it)
 * against the time on the device (take outgoing, screen, build the request, acknowledge), and the same rows as
 * one raw `@libsql/client` batch (the emulator's own ceiling). Prints medians; used to find where push time goes.
 */
import 'fake-indexeddb/auto'
import { createClient, type InStatement } from '@libsql/client'
import { closeDevice, createDevice, startWorld, writeRows, type User, type World } from './lib/world'
import { countRows, mixedRows, type Row } from './lib/records'
import { median, round } from './lib/stats'
import { localColumns, type SyncedTableName } from '../src/schema/tables'
import { toServerValue } from '../src/remote/codec'
import { createIdbOpCounter } from './lib/idbOps'
import { rawBulkPutMs } from './bulkPutRatio'
import { createContentKey } from '../src/index'

export interface PushSplit {
  /** The captured write of the 10,000 records (one transaction, one bulkPut per table). */
  readonly writeMs: number
  readonly pushMs: number
  /**
   * CPU time of this process (user + system) for the captured write plus the push phase, and for the raw bulkPut:
   * steadier than wall time on a shared machine. The push figure includes the in-process emulator's work.
   */
  readonly cpuMs: { readonly writeAndPush: number; readonly bulkPut: number }
  readonly requestMs: number
  readonly requests: number
  readonly rawBatchMs: number
  /** The whole cycle (push, then the pull of what the push advanced). */
  readonly cycleMs: number
  /** A raw Dexie bulkPut of the same rows (as stored) into the same stores, no sync layer. */
  readonly bulkPutMs: number
  /** IndexedDB rows read and written from the first write to the end of the push phase (bench/lib/idbOps.ts). */
  readonly idb: { readonly reads: number; readonly writes: number; readonly byTable: Record<string, number> }
  /** The database the device pushed into, holding the 10,000 records afterwards. */
  readonly user: User
}

/** The same rows, as plain INSERTs in one write batch per 4 MB (what the emulator does with no protocol at all). */
const rawBatch = async (world: World, byTable: ReadonlyMap<SyncedTableName, readonly Row[]>): Promise<number> => {
  const u = await world.createUser()
  const client = createClient({ url: u.url, authToken: u.authToken })
  const stmts: InStatement[] = []
  for (const [table, rows] of byTable) {
    const cols = localColumns(table)
    const sql = `INSERT INTO ${table} (${cols.map((c) => c.name).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`
    for (const row of rows) stmts.push({ sql, args: cols.map((c) => toServerValue(c.kind, c.name === 'server_seq' ? 1 : row[c.name])) as never })
  }
  const started = performance.now()
  await client.batch(stmts, 'write')
  const ms = performance.now() - started
  client.close()
  return ms
}

/** One push of 10,000 captured records (the bootstrap mix, ids tagged `tag`) by a registered device. */
export const measurePushSplit = async (world: World, tag: string, sealed = process.env['SEALED'] === '1'): Promise<PushSplit> => {
  const u = await world.createUser()
  const counter = createIdbOpCounter()
  const d = createDevice(u, `pusher-${tag}`, sealed ? { sealing: { key: createContentKey() } } : {}, (db) => db.use(counter.middleware))
  await d.engine.syncNow()
  const rows = mixedRows(10_000, tag)
  counter.reset()
  const cpuStarted = process.cpuUsage()
  let cpuPush = 0
  const writeStarted = performance.now()
  await writeRows(d.db, rows)
  const writeMs = performance.now() - writeStarted
  let idb: PushSplit['idb'] = { reads: 0, writes: 0, byTable: {} }
  const realFetch = globalThis.fetch
  let requestMs = 0
  let requests = 0
  let pullStartedAt = 0
  globalThis.fetch = async (...args: Parameters<typeof fetch>) => {
    const t = performance.now()
    try {
      return await realFetch(...args)
    } finally {
      if (pullStartedAt === 0) {
        requestMs += performance.now() - t
        requests += 1
      }
    }
  }
  const unsubscribe = d.engine.subscribe(() => {
    if (pullStartedAt === 0 && d.engine.getStatus().phase === 'pulling') {
      pullStartedAt = performance.now()
      idb = { ...counter.total(), byTable: counter.snapshot() }
      const used = process.cpuUsage(cpuStarted)
      cpuPush = (used.user + used.system) / 1000
    }
  })
  const started = performance.now()
  try {
    const summary = await d.engine.syncNow()
    if (summary.pushed !== countRows(rows)) throw new Error(`pushed ${summary.pushed}`)
  } finally {
    unsubscribe()
    globalThis.fetch = realFetch
  }
  const pushMs = pullStartedAt - started
  const cycleMs = performance.now() - started
  // The raw reference takes the rows as the device stored them (stamped by the capture).
  const stored = new Map<SyncedTableName, Row[]>()
  for (const table of rows.keys()) stored.set(table, (await d.db.table(table).toArray()) as Row[])
  await closeDevice(d)
  const cpuBulk = process.cpuUsage()
  const [bulkPutMs = 0] = await rawBulkPutMs(stored, 1)
  const usedBulk = process.cpuUsage(cpuBulk)
  const cpuMs = { writeAndPush: cpuPush, bulkPut: (usedBulk.user + usedBulk.system) / 1000 }
  return { writeMs, pushMs, cpuMs, requestMs, requests, rawBatchMs: await rawBatch(world, stored), bulkPutMs, idb, cycleMs, user: u }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const runs = Number(process.argv[2] ?? 5)
  const world = await startWorld()
  const splits: PushSplit[] = []
  for (let run = 0; run < runs; run++) {
    const s = await measurePushSplit(world, `s${run}`)
    splits.push(s)
    console.log(`run ${run + 1}: write ${round(s.writeMs, 0)} ms; push ${round(s.pushMs, 0)} ms = requests ${round(s.requestMs, 0)} ms (${s.requests}) + device ${round(s.pushMs - s.requestMs, 0)} ms; raw batch ${round(s.rawBatchMs, 0)} ms; bulkPut ${round(s.bulkPutMs, 0)} ms; cpu write+push ${round(s.cpuMs.writeAndPush, 0)} ms vs bulkPut ${round(s.cpuMs.bulkPut, 0)} ms; idb rows/record ${round((s.idb.reads + s.idb.writes) / 10_000, 2)} (${round(s.idb.reads / 10_000, 2)} read, ${round(s.idb.writes / 10_000, 2)} written)`)
    if (process.env['PROFILE_TABLES'] !== undefined) console.log(s.idb.byTable)
  }
  const push = median(splits.map((s) => s.pushMs))
  const raw = median(splits.map((s) => s.rawBatchMs))
  const bulk = median(splits.map((s) => s.bulkPutMs))
  console.log(`median write+push ${round(median(splits.map((s) => s.writeMs + s.pushMs)), 0)} ms vs bulkPut ${round(bulk, 0)} ms: ratio ${round(median(splits.map((s) => s.writeMs + s.pushMs)) / bulk, 2)}; idb rows/record ${round(median(splits.map((s) => (s.idb.reads + s.idb.writes) / 10_000)), 2)}`)
  console.log(`median cpu: write+push ${round(median(splits.map((s) => s.cpuMs.writeAndPush)), 0)} ms, bulkPut ${round(median(splits.map((s) => s.cpuMs.bulkPut)), 0)} ms, ratio ${round(median(splits.map((s) => s.cpuMs.writeAndPush / s.cpuMs.bulkPut)), 2)}`)
  console.log(`median push ${round(push, 0)} ms (${round(10_000 / (push / 1000), 0)} records/s), requests ${round(median(splits.map((s) => s.requestMs)), 0)} ms, device ${round(median(splits.map((s) => s.pushMs - s.requestMs)), 0)} ms, raw batch ${round(raw, 0)} ms, ratio ${round(push / raw, 2)}`)
  await world.close()
}
