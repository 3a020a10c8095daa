import { createConflictResolver } from '../src/core/conflicts/resolve'
import { createHybridClock } from '../src/core/hlc'
import type { OutgoingChange, PullContext, Row } from '../src/core/ports'
import type { SyncedTableName } from '../src/schema/tables'
import { makeRow } from './lib/records'
import { median, round, timed } from './lib/stats'
import { metric, type Metric } from './lib/metrics'

/**
 * Conflict resolution throughput: 100,000 PullContexts (base, local, remote, one pending change) built up front,
 * then resolved by the engine's resolver (`createConflictResolver`) in a loop. The mix covers every default strategy
 * and the three paths a conflict takes: different fields (auto-merge), same field (the table's strategy: LWW,
 * keep-both with a conflicted copy, merge with recomputed AI-session counts) and delete against edit.
 */
export const CONFLICTS = 100_000
const RUNS = 3

const TABLES: ReadonlyArray<readonly [SyncedTableName, string, string]> = [
  ['saved_queries', 'name', 'query_text'], // keep-both
  ['connection_templates', 'name', 'host'], // keep-both
  ['query_history', 'query_text', 'status'], // last-write-wins
  ['user_preferences', 'value', 'key'], // last-write-wins
  ['ai_memory_sessions', 'title', 'summary'], // merge
  ['ai_memory_messages', 'content', 'role'], // last-write-wins
]

const contexts = (): PullContext[] => {
  const clockA = createHybridClock({ deviceId: 'device-a', now: () => 1_700_000_000_000 })
  const clockB = createHybridClock({ deviceId: 'device-b', now: () => 1_700_000_000_000 })
  const out: PullContext[] = []
  for (let i = 0; i < CONFLICTS; i++) {
    const [table, field, other] = TABLES[i % TABLES.length] as readonly [SyncedTableName, string, string]
    const base: Row = { ...makeRow(table, i, 'x'), user_id: 'u', created_at: 1, updated_at: 1, deleted_at: null, sync_version: 3, server_seq: 10, hlc: clockA.tick(), mutation_id: `m${i}`, origin_device_id: 'device-a' }
    const kind = i % 10 // 0-3 different fields, 4-8 same field, 9 remote deleted
    const local: Row = { ...base, [field]: `local ${i}`, hlc: clockA.tick(), mutation_id: `l${i}` }
    const remote: Row = { ...base, sync_version: 4, server_seq: 20, hlc: clockB.tick(), mutation_id: `r${i}`, origin_device_id: 'device-b' }
    if (kind < 4) remote[other] = `remote ${i}`
    else if (kind < 9) remote[field] = `remote ${i}`
    else remote['deleted_at'] = 2
    const key = String(base[table === 'connection_templates' ? 'connection_id' : 'id'])
    const pending: OutgoingChange[] = [{ table, key, op: 'upsert', mutationId: `l${i}`, baseVersion: 3, row: local }]
    out.push({ table, remote, local, base, pending, ...(table === 'ai_memory_sessions' ? { messageTotals: { count: 3, tokens: 42 } } : {}) })
  }
  return out
}

export const benchConflicts = async (): Promise<Metric> => {
  let n = 0
  const decide = createConflictResolver({ userId: 'u', deviceId: 'device-a', deviceName: 'Bench', now: () => 1_700_000_000_000, tick: () => `t${n}`, newId: () => `id${n++}` })
  const input = contexts()
  const times: number[] = []
  let resolved = 0
  for (let run = 0; run < RUNS; run++) {
    const { ms } = await timed(async () => {
      for (const ctx of input) if (decide(ctx).kind !== 'apply') resolved += 1
    })
    times.push(ms)
  }
  if (resolved === 0) throw new Error('no conflict was resolved')
  return metric(round(CONFLICTS / (median(times) / 1000), 0), 'conflicts/s', '>=', 100_000, `${CONFLICTS.toLocaleString('en-US')} prebuilt PullContexts (6 tables, every default strategy; 40% different-field edits, 50% same-field, 10% delete vs edit) through createConflictResolver's function; median of ${RUNS} passes (building the contexts is not timed).`)
}
