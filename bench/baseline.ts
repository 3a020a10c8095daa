import { createClient, type Client } from '@libsql/client'
import { Dexie } from 'dexie'
import { storesV2 } from '../src/local/layout'
import { localColumns, tables, type SyncedTableName } from '../src/schema/tables'
import { toServerValue } from '../src/remote/codec'
import { spreadRows, type Row } from './lib/records'
import { median, round, timed } from './lib/stats'
import { closeDevice, createDevice, uniqueName, writeRows, type User, type World } from './lib/world'
import { metric, type Metrics } from './lib/metrics'

/**
 * The original brief's protocol, as a baseline on the same emulator and data, written with `@libsql/client`:
 * - upload: one `INSERT … ON CONFLICT DO UPDATE` request per changed record;
 * - download: per table, `SELECT * FROM <t> WHERE user_id = ? AND updated_at > ? ORDER BY updated_at LIMIT 50`,
 *   paged (cursor = last updated_at) until a page comes back short.
 * Rows get distinct `updated_at` values so that the brief's paging does not lose rows (its defect 4), which would
 * make it look cheaper than it is. `updated_at` has no index in our schema, so each of those queries SCANs its table.
 */
export const BRIEF_TABLES: readonly SyncedTableName[] = ['user_preferences', 'connection_templates', 'query_history', 'saved_queries', 'ai_memory_sessions', 'ai_memory_messages']
const PAGE = 50
const RUNS = 3
const USER = 'bench-user'

const keyOf = (table: SyncedTableName): string => tables[table].key[0] as string

const upsertSql = (table: SyncedTableName): string => {
  const cols = localColumns(table).map((c) => c.name)
  const key = keyOf(table)
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT (${key}) DO UPDATE SET ${cols.filter((c) => c !== key).map((c) => `${c} = excluded.${c}`).join(', ')}`
}

export interface BaselineDevice {
  readonly db: Dexie
  /** One brief-style sync: upload everything changed since the last sync, then download. */
  sync(): Promise<void>
  close(): Promise<void>
}

export const createBaselineDevice = (user: User): BaselineDevice => {
  const db = new Dexie(uniqueName('baseline'))
  db.version(2).stores(storesV2())
  const client: Client = createClient({ url: user.url, authToken: user.authToken, intMode: 'number' })
  let lastSync = 0
  return {
    db,
    async sync() {
      const startedAt = Date.now()
      for (const table of BRIEF_TABLES) {
        const changed = (await db.table(table).toArray()).filter((r: Row) => Number(r['updated_at']) > lastSync)
        const cols = localColumns(table)
        for (const row of changed) {
          await client.execute({ sql: upsertSql(table), args: cols.map((c) => toServerValue(c.kind, row[c.name]) as never) })
        }
      }
      for (const table of BRIEF_TABLES) {
        let cursor = lastSync
        for (;;) {
          const page = await client.execute({ sql: `SELECT * FROM ${table} WHERE user_id = ? AND updated_at > ? ORDER BY updated_at LIMIT ${PAGE}`, args: [USER, cursor] })
          if (page.rows.length > 0) {
            await db.table(table).bulkPut(page.rows.map((r) => ({ ...(r as unknown as Row) })))
            cursor = Number((page.rows[page.rows.length - 1] as unknown as Row)['updated_at'])
          }
          if (page.rows.length < PAGE) break
        }
      }
      lastSync = startedAt
    },
    async close() {
      client.close()
      db.close()
      await db.delete()
    },
  }
}

/** Local rows as the brief's device stores them: sync columns filled by the app, distinct updated_at. */
const baselineRows = (byTable: ReadonlyMap<SyncedTableName, readonly Row[]>): Map<SyncedTableName, Row[]> => {
  let clock = 1_700_000_000_000
  return new Map(
    [...byTable].map(([table, rows]) => [
      table,
      rows.map((row) => ({ ...row, user_id: USER, created_at: clock, updated_at: ++clock, deleted_at: null, sync_version: 1, server_seq: 0, hlc: '', mutation_id: null, origin_device_id: 'baseline' })),
    ]),
  )
}

export const benchBaseline = async (world: World, log: (line: string) => void): Promise<Metrics> => {
  const data = spreadRows(1000, BRIEF_TABLES, 'i')
  const m: Metrics = {}

  const ours = { ms: [] as number[], requests: [] as number[] }
  for (let run = 0; run < RUNS; run++) {
    const user = await world.createUser()
    const d = createDevice(user, `initial${run}`)
    await writeRows(d.db, data)
    world.emulator.resetStats(user.name)
    const { ms, value } = await timed(() => d.engine.syncNow())
    if (value.pushed < 1000) throw new Error(`initial sync pushed ${value.pushed}`)
    ours.ms.push(ms)
    ours.requests.push(world.emulator.stats(user.name).requests)
    await closeDevice(d)
  }

  const theirs = { ms: [] as number[], requests: [] as number[], idleRead: 0, idleRequests: 0 }
  for (let run = 0; run < RUNS; run++) {
    const user = await world.createUser()
    const d = createBaselineDevice(user)
    const rows = baselineRows(data)
    await d.db.transaction('rw', [...rows.keys()], async () => {
      for (const [table, list] of rows) await d.db.table(table).bulkPut(list)
    })
    world.emulator.resetStats(user.name)
    const { ms } = await timed(() => d.sync())
    theirs.ms.push(ms)
    theirs.requests.push(world.emulator.stats(user.name).requests)
    const server = await world.emulator.query(user.name, `SELECT ${BRIEF_TABLES.map((t) => `(SELECT count(*) FROM ${t})`).join(' + ')} AS n`)
    if (server[0]?.['n'] !== 1000) throw new Error(`baseline uploaded ${String(server[0]?.['n'])} rows`)
    if (run === 0) {
      world.emulator.resetStats(user.name)
      await d.sync()
      const s = world.emulator.stats(user.name)
      theirs.idleRead = s.rowsRead
      theirs.idleRequests = s.requests
    }
    await d.close()
  }
  log(`  initial sync of 1,000: ours ${median(ours.requests)} req ${round(median(ours.ms), 0)} ms; baseline ${median(theirs.requests)} req ${round(median(theirs.ms), 0)} ms; baseline idle ${theirs.idleRequests} req ${theirs.idleRead} rows read`)

  const how = `A device holding 1,000 records (spread over the brief's 6 tables) doing its first sync (upload everything, then download); fresh user database per run; median of ${RUNS} runs, fake-indexeddb, emulator over HTTP.`
  m['requests_initial_sync_1000'] = metric(median(ours.requests), 'requests', 'none', 0, `${how} Engine: createSyncEngine().syncNow().`, 'vs baseline')
  m['baseline_requests_initial_sync_1000'] = metric(median(theirs.requests), 'requests', 'none', 0, `${how} Baseline: bench/baseline.ts (one upsert request per record, 6 per-table queries paged by 50).`, 'context')
  m['initial_sync_1000_ms'] = metric(round(median(ours.ms), 0), 'ms', '<', 10_000, `${how} Engine.`, '(brief)')
  m['baseline_initial_sync_1000_ms'] = metric(round(median(theirs.ms), 0), 'ms', '<', 10_000, `${how} Baseline.`, '(brief)')
  m['baseline_rows_read_idle_sync'] = metric(theirs.idleRead, 'rows', 'none', 0, 'Emulator rowsRead of one baseline sync with nothing changed, on its 1,000-record database: 6 queries, each a full SCAN (no index on updated_at).', 'context')
  m['baseline_requests_idle_sync'] = metric(theirs.idleRequests, 'requests', 'none', 0, 'Requests of that idle baseline sync (one per table).', 'context')
  return m
}
