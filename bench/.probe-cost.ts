import 'fake-indexeddb/auto'
import { createClient } from '@libsql/client'
import { createTursoEmulator } from '../src/testing/index'
import { applySchema } from '../src/server/index'
import { seedServer } from './cost'
import { runCycle } from '../src/core/cycle'
import { createLibsqlRemote } from '../src/remote/libsqlRemote'
import { guardRequestBody } from '../src/index'
import { screenChange } from '../src/security/index'
import { PULLED_TABLES } from '../src/schema/tables'
import { makeRow } from './lib/records'

const emulator = createTursoEmulator({ requestLogLimit: 0 })
const server = await emulator.listen(0)
const name = 'probe'
const { authToken } = emulator.createDatabase(name)
const c = createClient({ url: server.url, authToken }); await applySchema(c); c.close()
const user = { name, url: server.url, authToken }
const world = { emulator, url: server.url, createUser: async () => user, close: () => emulator.close() }
const seq = await seedServer(world as never, user as never, 3000)
const cursors: Record<string, number> = Object.fromEntries(PULLED_TABLES.map((t) => [t, seq]))
const stub = (queue: any[]) => ({
  name: 'stub', loadState: async () => ({ deviceId: 'cost-device', cursors: {} }), saveState: async () => {}, configure: () => {},
  takeOutgoing: async (limit: number) => queue.splice(0, limit), acknowledge: async () => {}, quarantine: async () => {},
  advanceCursors: async (next: any) => { for (const [t, s] of Object.entries(next)) if (s !== undefined) cursors[t] = Math.max(s as number, cursors[t] ?? 0) },
  applyPage: async (page: any) => { Object.assign(cursors, page.cursors); return { applied: 0, skipped: page.rows.length, conflicts: 0 } },
  pendingCount: async () => queue.length, quarantined: async () => [], onLocalChange: () => () => {}, write: async () => {}, read: async () => null, list: async () => [],
  statistics: async () => { throw new Error('x') }, purgeLocal: async () => {}, prune: async () => 0, repushLost: async () => 0, resolveHeld: async () => {}, releaseQuarantine: async () => {},
})
const sqlIds = new Map<number, string>()
const spy: typeof fetch = async (input, init) => {
  const req = new Request(input as never, init)
  const body = JSON.parse(await req.clone().text())
  const res = await fetch(req)
  const out = await res.clone().json()
  const stmts: string[] = []
  for (const r of body.requests ?? []) {
    if (r.type === 'store_sql') sqlIds.set(r.sql_id, r.sql)
    const list = r.stmt ? [r.stmt] : (r.batch?.steps ?? []).map((s: any) => s.stmt)
    stmts.push(...list.map((s: any) => String(s.sql ?? sqlIds.get(s.sql_id))))
  }
  const results: any[] = []
  for (const r of out.results ?? []) {
    const resp = r.response
    if (resp?.type === 'execute') results.push(resp.result)
    if (resp?.type === 'batch') results.push(...resp.result.step_results)
  }
  stmts.forEach((sql, i) => { const rr = results[i]?.rows_read; if (rr) console.log(`    read ${rr}: ${sql.replace(/\s+/g, ' ').slice(0, 160)}`) })
  return res
}
for (let round = 0; round < 3; round++) {
  const i = 100000 + round
  const row: any = { ...makeRow('saved_queries', i, 'edit'), user_id: 'bench-user', created_at: 1, updated_at: 1, deleted_at: null, sync_version: 0, server_seq: 0, hlc: `edit${i}`, mutation_id: `edit-${i}`, origin_device_id: 'cost-device' }
  const queue = round === 2 ? [] : [{ table: 'saved_queries', key: String(row.id), op: 'upsert', mutationId: `edit-${i}`, baseVersion: 0, row }]
  const remote = createLibsqlRemote({ url: user.url, authToken: user.authToken, guard: guardRequestBody, fetch: spy })
  emulator.resetStats(name)
  console.log(`round ${round}`)
  await runCycle({ local: stub(queue) as never, remote, cursors: { ...cursors } as never, decide: () => ({ kind: 'apply' }), userId: 'bench-user', deviceId: 'cost-device', now: Date.now, screen: screenChange,
    pushBatchSize: 1000, pullPageSize: 1000, bootstrapped: true, onProgress: () => {}, onPhase: () => {}, requestCount: () => remote.stats.requests } as never)
  remote.close()
  console.log(`  total rowsRead ${emulator.stats(name).rowsRead}, requests ${emulator.stats(name).requests}`)
}
await emulator.close()
