import { afterAll, expect, it } from 'vitest'
import { commands } from 'vitest/browser'
import { Dexie } from 'dexie'
import { createLocalDatabase, type SyncDatabase } from '../../src/local/index'
import { storesV2 } from '../../src/local/layout'
import { createContentKey, createSyncEngine } from '../../src/index'
import type { SyncedTableName } from '../../src/schema/tables'
import { countRows, mixedRows, type Row } from '../lib/records'
import { median } from '../lib/stats'
import { createProfile, type Profile } from './profile'
import { openRxPeer, replicatePull, replicatePush, rxDocsOf } from './rxdbPeer'

/**
 * The Chromium part of `npm run bench` (real IndexedDB, the engine over HTTP to the emulator on the dev server):
 * - bootstrap_vs_bulkput_ratio: a fresh device bootstrapping 10,000 records against a raw Dexie bulkPut of the rows
 *   that device ended up holding, into a plain Dexie database with the same stores (no sync layer), one transaction;
 * - bootstrap_10000_vs_rxdb_ratio: the same bootstrap against RxDB 17 pulling the same rows from the same emulator
 *   into its Dexie storage (bench/browser/rxdbPeer.ts);
 * - push_10000_vs_rxdb_ratio: 10,000 records written and pushed until the outbox is empty, in the default setup
 *   (sealed), against RxDB inserting the same records and replicating them to a push handler that upserts them into
 *   the same emulator; the same unsealed beside it (sealing_overhead_ratio, push_10000_vs_rxdb_ratio_unsealed).
 * Setup (databases, schemas, registering the device, RxDB's replication meta) is outside the clock on both sides.
 * Runs alternate which side goes first, because this IndexedDB gets slower run after run. Medians of RUNS; the
 * numbers go to bench/.browser-results.json, which bench/run.ts merges.
 */
const RUNS = Number(import.meta.env['VITE_BENCH_RUNS'] ?? 5)
const RECORDS = 10_000
const BATCH = 1000 // ours: pushBatchSize and pullPageSize (per table) default to 1,000
const USER = 'bench-user'

type User = { url: string; authToken: string }
const createUser = async (): Promise<User> => {
  const response = await fetch('/__turso/databases', { method: 'POST', body: '{}' })
  if (!response.ok) throw new Error(`emulator: ${response.status} ${await response.text()}`)
  return (await response.json()) as User
}

let n = 0
/** Unsealed unless asked: the bootstrap compares plaintext pulls; the push runs both ways (sealed is the default setup). */
const device = (user: User, name: string, profile?: Profile, sealed = false): { db: SyncDatabase; engine: ReturnType<typeof createSyncEngine> } => {
  const db = createLocalDatabase(`bench-browser-${name}-${++n}-${Date.now()}`)
  profile?.attach(db)
  const remote = { url: user.url, authToken: user.authToken, ...(profile === undefined ? {} : { fetch: profile.fetch }) }
  const sealing = sealed ? { key: createContentKey() } : (false as const)
  const engine = createSyncEngine({ db, remote, sealing, userId: USER, deviceName: name, env: { locks: undefined, channel: () => undefined } })
  return { db, engine }
}

const write = async (db: SyncDatabase, rows: ReadonlyMap<SyncedTableName, readonly Row[]>): Promise<void> => {
  await db.transaction('rw', [...rows.keys()], async () => {
    for (const [table, list] of rows) await db.table(table).bulkPut(list as Row[])
  })
}

/** The median of each figure over the runs' profiles. */
const medianProfile = (profiles: ReadonlyArray<Record<string, number>>): Record<string, number> =>
  Object.fromEntries([...new Set(profiles.flatMap((p) => Object.keys(p)))].map((k) => [k, Math.round(median(profiles.map((p) => p[k] ?? 0)))]))

const results: Record<string, unknown> = { userAgent: navigator.userAgent, runs: RUNS, records: RECORDS }
afterAll(async () => {
  await commands.writeFile('bench/.browser-results.json', JSON.stringify(results, null, 2))
})

// Generous: this machine's IndexedDB has taken 15 s for one 10,000-row bulkPut, and a loaded machine has taken
// 30 minutes for the push test's 15 runs.
const TIMEOUT = 3_600_000

it('bootstraps 10,000 records vs a raw Dexie bulkPut and vs RxDB', async () => {
  const user = await createUser()
  const seeder = device(user, 'seeder')
  const rows = mixedRows(RECORDS, 'b')
  await write(seeder.db, rows)
  const pushed = await seeder.engine.syncNow()
  expect(pushed.pushed).toBeGreaterThanOrEqual(RECORDS)
  await seeder.engine.stop()
  seeder.db.close()

  const bootstrapMs: number[] = []
  const bulkPutMs: number[] = []
  const rxdbMs: number[] = []
  let requests = 0
  let rxdbRequests = 0
  const profiles: Array<Record<string, number>> = []
  const rxdbProfiles: Array<Record<string, number>> = []
  const ours = async (run: number): Promise<void> => {
    const profile = createProfile()
    const fresh = device(user, `fresh${run}`, profile)
    await fresh.db.open()
    profile.reset()
    const started = performance.now()
    const summary = await fresh.engine.syncNow()
    bootstrapMs.push(performance.now() - started)
    profiles.push(profile.snapshot(performance.now() - started))
    console.log(`ours bootstrap ${run}: ${Math.round(bootstrapMs[bootstrapMs.length - 1]!)} ms`, profiles[profiles.length - 1])
    requests = summary.requests
    expect(summary.pulled).toBeGreaterThanOrEqual(RECORDS)
    const held = await Promise.all(fresh.db.tables.filter((t) => !t.name.startsWith('_')).map(async (t) => [t.name, await t.toArray()] as const))
    await fresh.engine.stop()
    fresh.db.close()
    await fresh.db.delete()

    const raw = new Dexie(`bench-browser-raw-${run}-${Date.now()}`)
    raw.version(2).stores(storesV2())
    await raw.open()
    const putStarted = performance.now()
    await raw.transaction('rw', held.map(([name]) => name), async () => {
      for (const [name, list] of held) if (list.length > 0) await raw.table(name).bulkPut(list)
    })
    bulkPutMs.push(performance.now() - putStarted)
    raw.close()
    await raw.delete()
  }
  const rxdb = async (): Promise<void> => {
    const profile = createProfile()
    const peer = await openRxPeer([...rows.keys()], user, profile.fetch)
    let open!: () => void
    const gate = new Promise<void>((resolve) => (open = resolve))
    const pull = replicatePull(peer, BATCH, gate)
    await pull.waiting
    profile.reset()
    const started = performance.now()
    open()
    await Promise.all(pull.states.map((s) => s.awaitInSync()))
    rxdbMs.push(performance.now() - started)
    rxdbProfiles.push(profile.snapshot(performance.now() - started))
    rxdbRequests = pull.calls()
    console.log(`rxdb bootstrap: ${Math.round(rxdbMs[rxdbMs.length - 1]!)} ms, ${pull.calls()} calls`)
    let held = 0
    for (const c of peer.collections.values()) held += await c.count().exec()
    expect(held).toBe(RECORDS)
    await Promise.all(pull.states.map((s) => s.cancel()))
    await peer.close()
  }
  for (let run = 0; run < RUNS; run++) {
    if (run % 2 === 0) {
      await ours(run)
      await rxdb()
    } else {
      await rxdb()
      await ours(run)
    }
  }
  Object.assign(results, {
    bootstrapMs,
    bulkPutMs,
    bootstrapRequests: requests,
    ratio: median(bootstrapMs) / median(bulkPutMs),
    rxdbBootstrapMs: rxdbMs,
    rxdbBootstrapRequests: rxdbRequests,
    bootstrapVsRxdbRatio: median(bootstrapMs) / median(rxdbMs),
    bootstrapProfile: medianProfile(profiles),
    rxdbBootstrapProfile: medianProfile(rxdbProfiles),
  })
}, TIMEOUT)

it('pushes 10,000 records vs RxDB', async () => {
  // Ours in the default setup (sealed, as the README's app) and unsealed (sealing: false), alternating with RxDB.
  const pushMs: number[] = []
  const pushUnsealedMs: number[] = []
  const pushSettledMs: number[] = []
  const rxdbMs: number[] = []
  const rxdbAckMs: number[] = []
  let requests = 0
  let rxdbRequests = 0
  const profiles: Array<Record<string, number>> = []
  const unsealedProfiles: Array<Record<string, number>> = []
  const rxdbProfiles: Array<Record<string, number>> = []
  const ours = async (run: number, sealed: boolean): Promise<void> => {
    const user = await createUser()
    const profile = createProfile()
    const d = device(user, `pusher${run}${sealed ? '-sealed' : ''}`, profile, sealed)
    await d.engine.syncNow() // registers the device: setup
    const rows = mixedRows(RECORDS, `p${run}`)
    let doneAt = 0
    let ackAt = 0
    let snapshot: Record<string, number> = {}
    const unsubscribe = d.engine.subscribe(() => {
      if (doneAt === 0 && d.engine.getStatus().phase === 'pulling') {
        doneAt = performance.now()
        ackAt = profile.lastResponseAt()
        snapshot = profile.snapshot(doneAt - started)
      }
    })
    profile.reset()
    const started = performance.now()
    await write(d.db, rows)
    console.log(`ours write ${run}${sealed ? ' sealed' : ''}: ${Math.round(performance.now() - started)} ms`)
    const summary = await d.engine.syncNow()
    unsubscribe()
    expect(summary.pushed).toBe(countRows(rows))
    expect(d.engine.getStatus().pendingCount).toBe(0)
    // Timed to the last server ack (the last push response read), as RxDB's; `pushSettledMs` runs on until the
    // outbox is empty (the last acknowledgement committed), as RxDB's awaitInSync() does. The pull after it is not
    // counted, as RxDB's push-only replication has none.
    if (sealed) {
      pushMs.push(ackAt - started)
      pushSettledMs.push(doneAt - started)
      profiles.push(snapshot)
      requests = summary.requests - 1
    } else {
      pushUnsealedMs.push(ackAt - started)
      unsealedProfiles.push(snapshot)
    }
    console.log(`ours push ${run}${sealed ? ' sealed' : ' unsealed'}: last ack ${Math.round(ackAt - started)} ms, outbox empty ${Math.round(doneAt - started)} ms, cycle ${Math.round(performance.now() - started)} ms, ${summary.requests} req`, snapshot)
    await d.engine.stop()
    d.db.close()
    await d.db.delete()
  }
  const rxdb = async (run: number): Promise<void> => {
    const user = await createUser()
    const docs = rxDocsOf(mixedRows(RECORDS, `p${run}`), USER, Date.now())
    const profile = createProfile()
    const peer = await openRxPeer([...docs.keys()], user, profile.fetch)
    const push = replicatePush(peer, BATCH)
    await Promise.all(push.states.map((s) => s.awaitInSync()))
    profile.reset()
    const started = performance.now()
    const inserted = Promise.all([...docs].map(([t, list]) => peer.collections.get(t)!.bulkInsert(list)))
    await inserted
    console.log(`rxdb insert ${run}: ${Math.round(performance.now() - started)} ms`)
    await Promise.all(push.states.map((s) => s.awaitInSync()))
    rxdbMs.push(performance.now() - started) // settled: every push answered and RxDB's checkpoints stored
    rxdbAckMs.push(push.lastAckAt() - started)
    rxdbProfiles.push(profile.snapshot(performance.now() - started))
    rxdbRequests = push.calls()
    console.log(`rxdb push ${run}: ${Math.round(rxdbMs[rxdbMs.length - 1]!)} ms, last ack ${Math.round(push.lastAckAt() - started)} ms, ${push.calls()} calls`)
    const counted = await peer.client.execute('SELECT (SELECT count(*) FROM query_history) + (SELECT count(*) FROM ai_memory_messages) + (SELECT count(*) FROM saved_queries) + (SELECT count(*) FROM ai_memory_sessions) + (SELECT count(*) FROM connection_templates) + (SELECT count(*) FROM user_preferences) AS n')
    expect(Number(counted.rows[0]?.['n'])).toBe(RECORDS)
    await Promise.all(push.states.map((s) => s.cancel()))
    await peer.close()
  }
  for (let run = 0; run < RUNS; run++) {
    if (run % 2 === 0) {
      await ours(run, true)
      await rxdb(run)
      await ours(run, false)
    } else {
      await ours(run, false)
      await rxdb(run)
      await ours(run, true)
    }
  }
  Object.assign(results, {
    pushMs,
    pushUnsealedMs,
    sealingOverheadRatio: median(pushMs) / median(pushUnsealedMs),
    pushRequests: requests,
    rxdbPushMs: rxdbMs,
    rxdbPushLastAckMs: rxdbAckMs,
    rxdbPushRequests: rxdbRequests,
    pushSettledMs,
    pushVsRxdbRatio: median(pushMs) / median(rxdbAckMs),
    pushUnsealedVsRxdbRatio: median(pushUnsealedMs) / median(rxdbAckMs),
    pushSettledVsRxdbRatio: median(pushSettledMs) / median(rxdbMs),
    pushProfile: medianProfile(profiles),
    pushUnsealedProfile: medianProfile(unsealedProfiles),
    rxdbPushProfile: medianProfile(rxdbProfiles),
  })
}, TIMEOUT)
