import { SYNCED_TABLES } from '../src/schema/tables'
import { spreadRows } from './lib/records'
import { median, round, timed } from './lib/stats'
import { closeDevice, createDevice, writeRows, type User, type World } from './lib/world'
import { metric, type Metrics } from './lib/metrics'
import { measurePushSplit } from './pushProfile'

/**
 * Round trips and idle-poll reads, counted by the emulator (`stats(name).requests`: every Hrana pipeline or cursor
 * request that reached the user's database), and Node push/bootstrap throughput. The 10,000-record databases built
 * by the push runs are reused for the bootstrap runs and handed back for the other benches.
 */
export const IDLE_SYNCS = 5
export const RUNS = 3

export interface SyncBench {
  metrics: Metrics
  /** User databases holding the 10,000 mixed records (one per push run). */
  users10k: User[]
  bootstrapMs: number[]
  /** Rows of one bootstrapped device, per table, for the raw bulkPut comparison. */
  bootstrapped: Map<string, Record<string, unknown>[]>
}

const idle = async (world: World, user: User, device: ReturnType<typeof createDevice>, times = IDLE_SYNCS): Promise<{ requests: number; rowsRead: number; rowsWritten: number }> => {
  world.emulator.resetStats(user.name)
  for (let i = 0; i < times; i++) await device.engine.syncNow()
  const s = world.emulator.stats(user.name)
  return { requests: s.requests / times, rowsRead: s.rowsRead / times, rowsWritten: s.rowsWritten / times }
}
const IDLE_SYNCS_10K = 2

export const benchSync = async (world: World, log: (line: string) => void): Promise<SyncBench> => {
  const m: Metrics = {}

  // Idle on a just-registered device, then 1,000 changes over all synced tables, then idle on those 1,000 records.
  const user = await world.createUser()
  const a = createDevice(user, 'A')
  await a.engine.syncNow() // registers the device
  const empty = await idle(world, user, a)
  await writeRows(a.db, spreadRows(1000, SYNCED_TABLES, 'c'))
  world.emulator.resetStats(user.name)
  const busy = await a.engine.syncNow()
  if (busy.pushed !== 1000) throw new Error(`1,000-change sync pushed ${busy.pushed}`)
  const busyRequests = world.emulator.stats(user.name).requests
  const idle1k = await idle(world, user, a)
  await closeDevice(a)
  log(`  idle (empty db) ${empty.requests} req, ${empty.rowsRead} rows read; 1,000 changes ${busyRequests} req; idle (1,000 records) ${idle1k.requests} req, ${idle1k.rowsRead} rows read`)

  m['requests_idle_sync'] = metric(idle1k.requests, 'requests', '=', 1, `Mean over ${IDLE_SYNCS} idle syncNow() of a device whose database holds 1,000 synced records (8 tables), counted by the emulator.`)
  m['rows_read_idle_sync'] = metric(idle1k.rowsRead, 'rows', '<=', 1, `Emulator rowsRead per idle sync (mean of ${IDLE_SYNCS}) on the same 1,000-record database: the probe reads the server sequence alone, and the tables are pulled only when it moved.`)
  m['requests_idle_sync_empty_db'] = metric(empty.requests, 'requests', '=', 1, `As requests_idle_sync, on a just-registered device (server holds its registry row only).`)
  m['rows_read_idle_sync_empty_db'] = metric(empty.rowsRead, 'rows', '<=', 1, `As rows_read_idle_sync, on the just-registered device.`)
  m['requests_sync_1000_changes'] = metric(busyRequests, 'requests', '<=', 3, `One syncNow() after 1,000 captured writes, 125 in each of the ${SYNCED_TABLES.length} synced tables (${SYNCED_TABLES.join(', ')}).`)

  // Push throughput: 10,000 records in the outbox of a registered device, timed from syncNow() to the pull phase.
  const users10k: User[] = []
  const pushMs: number[] = []
  const pushRequests: number[] = []
  const rawMs: number[] = []
  const writeAndPushMs: number[] = []
  const bulkPutMs: number[] = []
  const idbOps: number[] = []
  let idbSplit = ''
  for (let run = 0; run < RUNS; run++) {
    // The reference is measured right after each push: the same rows as the device stored them, as one raw batch.
    const split = await measurePushSplit(world, `m${run}`)
    pushMs.push(split.pushMs)
    pushRequests.push(split.requests)
    rawMs.push(split.rawBatchMs)
    writeAndPushMs.push(split.writeMs + split.pushMs)
    bulkPutMs.push(split.bulkPutMs)
    idbOps.push((split.idb.reads + split.idb.writes) / 10_000)
    idbSplit = `${round(split.idb.reads / 10_000, 2)} read, ${round(split.idb.writes / 10_000, 2)} written; per store: ${Object.entries(split.idb.byTable).map(([k, n]) => `${k} ${round(n / 10_000, 2)}`).join(', ')}`
    log(`  push run ${run + 1}: ${round(split.pushMs, 0)} ms push phase (${split.requests} req, ${round(split.requestMs, 0)} ms in them), whole cycle ${round(split.cycleMs, 0)} ms; raw batch ${round(split.rawBatchMs, 0)} ms`)
    users10k.push(split.user)
  }
  const pushMedian = median(pushMs)
  m['push_vs_raw_batch_ratio'] = metric(round(pushMedian / median(rawMs), 2), 'x', '<=', 2, `Median push phase of the ${RUNS} runs above / median of the same rows (as each device stored them) sent as plain INSERTs in one raw @libsql/client write batch to a fresh database on the same emulator, measured right after each push (bench/pushProfile.ts rawBatch): the emulator's own ceiling.`)
  m['idb_ops_per_pushed_record'] = metric(round(median(idbOps), 2), 'rows', '<=', 4, `IndexedDB row operations per record, counted by a DBCore middleware below the capture (bench/lib/idbOps.ts: a key fetched, a row a query or cursor step returns, a count, a row put or a key deleted) from the captured write of 10,000 records (bootstrap mix) to the end of the push phase (every acknowledgement committed). Median of ${RUNS} runs (the count does not vary): ${idbSplit}.`)
  m['push_vs_bulkput_ratio_node'] = metric(round(median(writeAndPushMs) / median(bulkPutMs), 2), 'x', '<=', 3, `Node/fake-indexeddb stand-in for push_vs_bulkput_ratio: median of ${RUNS} (captured write of the 10,000 records + push phase) / median raw Dexie bulkPut of the same rows as stored, one transaction, no sync layer (bench/bulkPutRatio.ts rawBulkPutMs).`)
  m['push_records_per_s'] = metric(round(10_000 / (pushMedian / 1000), 0), 'records/s', '>=', 10_000, `10,000 records (bootstrap mix) in a registered device's outbox; time from syncNow() until the engine's phase turns to 'pulling' (push phase only: take outgoing, screen, ${median(pushRequests)} write requests, acknowledge). Median of ${RUNS} runs, fake-indexeddb, emulator over HTTP on 127.0.0.1.`)

  // Bootstrap: a new device taking the 10,000 records (+ the pusher's registry row).
  const bootstrapMs: number[] = []
  let bootstrapRequests = 0
  let bootstrapped = new Map<string, Record<string, unknown>[]>()
  let idle10k = { requests: 0, rowsRead: 0, rowsWritten: 0 }
  for (const [run, u] of users10k.entries()) {
    const b = createDevice(u, `fresh${run}`)
    world.emulator.resetStats(u.name)
    const { ms, value: summary } = await timed(() => b.engine.syncNow())
    if (summary.pulled < 10_000) throw new Error(`bootstrap pulled ${summary.pulled}`)
    bootstrapMs.push(ms)
    if (run === 0) {
      bootstrapRequests = world.emulator.stats(u.name).requests
      bootstrapped = new Map(await Promise.all(b.db.tables.filter((t) => !t.name.startsWith('_')).map(async (t) => [t.name, (await t.toArray()) as Record<string, unknown>[]] as const)))
      idle10k = await idle(world, u, b, IDLE_SYNCS_10K)
    }
    log(`  bootstrap run ${run + 1}: ${round(ms, 0)} ms, ${summary.requests} req, ${summary.pulled} rows`)
    await closeDevice(b)
  }
  m['requests_bootstrap_10000'] = metric(bootstrapRequests, 'requests', '<=', 12, `A new device's first syncNow() against a database holding 10,000 records (40% query_history, 35% ai_memory_messages, 10% saved_queries, 7% sessions, 4% connections, 4% preferences); includes pushing its own registry row.`)
  m['bootstrap_10000_ms_node'] = metric(round(median(bootstrapMs), 0), 'ms', 'none', 0, `Median of ${RUNS} bootstraps of the 10,000 records under fake-indexeddb (context for the ratio).`, 'context')
  m['requests_idle_sync_10000'] = metric(idle10k.requests, 'requests', '=', 1, `Idle syncNow() (mean of ${IDLE_SYNCS_10K}) of the bootstrapped device, database holding 10,000 records.`)
  m['rows_read_idle_sync_10000'] = metric(idle10k.rowsRead, 'rows', '<=', 1, `Emulator rowsRead per idle sync of that device (mean of ${IDLE_SYNCS_10K}).`)
  log(`  idle (10,000 records) ${idle10k.requests} req, ${idle10k.rowsRead} rows read`)
  return { metrics: m, users10k, bootstrapMs, bootstrapped }
}
