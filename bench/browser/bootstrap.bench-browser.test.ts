import { expect, it } from 'vitest'
import { commands } from 'vitest/browser'
import { Dexie } from 'dexie'
import { createLocalDatabase, type SyncDatabase } from '../../src/local/index'
import { storesV2 } from '../../src/local/layout'
import { createSyncEngine } from '../../src/index'
import { mixedRows } from '../lib/records'
import { median } from '../lib/stats'

/**
 * bootstrap_vs_bulkput_ratio in Chromium: a fresh device bootstrapping 10,000 records (real IndexedDB, the engine
 * over HTTP to the emulator on the dev server) against a raw Dexie bulkPut of the rows that device ended up holding,
 * into a plain Dexie database with the same stores (no sync layer), one transaction. Medians of RUNS; the numbers go
 * to bench/.browser-results.json, which bench/run.ts merges.
 */
const RUNS = 3
const RECORDS = 10_000

const createUser = async (): Promise<{ url: string; authToken: string }> => {
  const response = await fetch('/__turso/databases', { method: 'POST', body: '{}' })
  if (!response.ok) throw new Error(`emulator: ${response.status} ${await response.text()}`)
  return (await response.json()) as { url: string; authToken: string }
}

let n = 0
const device = (user: { url: string; authToken: string }, name: string): { db: SyncDatabase; engine: ReturnType<typeof createSyncEngine> } => {
  const db = createLocalDatabase(`bench-browser-${name}-${++n}-${Date.now()}`)
  const engine = createSyncEngine({ db, remote: { url: user.url, authToken: user.authToken }, userId: 'bench-user', deviceName: name, env: { locks: undefined, channel: () => undefined } })
  return { db, engine }
}

it('bootstraps 10,000 records vs a raw Dexie bulkPut', async () => {
  const user = await createUser()
  const seeder = device(user, 'seeder')
  const rows = mixedRows(RECORDS, 'b')
  await seeder.db.transaction('rw', [...rows.keys()], async () => {
    for (const [table, list] of rows) await seeder.db.table(table).bulkPut(list)
  })
  const seedStarted = performance.now()
  const pushed = await seeder.engine.syncNow()
  const seedMs = performance.now() - seedStarted
  expect(pushed.pushed).toBeGreaterThanOrEqual(RECORDS)
  seeder.db.close()

  const bootstrapMs: number[] = []
  const bulkPutMs: number[] = []
  let requests = 0
  for (let run = 0; run < RUNS; run++) {
    const fresh = device(user, `fresh${run}`)
    const started = performance.now()
    const summary = await fresh.engine.syncNow()
    bootstrapMs.push(performance.now() - started)
    requests = summary.requests
    expect(summary.pulled).toBeGreaterThanOrEqual(RECORDS)
    const held = await Promise.all(fresh.db.tables.filter((t) => !t.name.startsWith('_')).map(async (t) => [t.name, await t.toArray()] as const))
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
  const result = {
    userAgent: navigator.userAgent,
    runs: RUNS,
    records: RECORDS,
    bootstrapMs,
    bulkPutMs,
    bootstrapRequests: requests,
    seedPushMs: seedMs,
    ratio: median(bootstrapMs) / median(bulkPutMs),
  }
  await commands.writeFile('bench/.browser-results.json', JSON.stringify(result, null, 2))
})
