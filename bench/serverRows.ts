import type { OutgoingChange, PushResult } from '../src/core/ports'
import { createLibsqlRemote } from '../src/remote/libsqlRemote'
import { guardRequestBody } from '../src/index'
import { SYNCED_TABLES, tables, type SyncedTableName } from '../src/schema/tables'
import { makeRow, type Row } from './lib/records'
import { round } from './lib/stats'
import type { User, World } from './lib/world'
import { metric, type Metrics } from './lib/metrics'

/**
 * Server rows read and written per pushed record, counted by the emulator (`stats(name)`, the rules in
 * src/testing/README.md), per table and per kind of write:
 * - `create`: a record the server does not hold (base 0);
 * - `update`: the same device edits its own record again (the common case: one person, one device at a time);
 * - `takeover`: another device edits it (the row's author changes, so the exactly-once record of the previous
 *   author is kept in `sync_metadata`).
 * Each figure is one push request of {@link BATCH} records of one table through the real libSQL remote, divided by
 * {@link BATCH}: the request's fixed cost (the sequence bump, the cursor queries) is spread over it, as in a real push.
 *
 * The headline metrics are over the cost bench's edit mix (2/6 query history, 2/6 AI messages, 1/6 saved queries,
 * 1/6 AI sessions: bench/cost.ts), creates and same-device updates in equal numbers.
 */
export const BATCH = 100
const KINDS = ['create', 'update', 'takeover'] as const
type Kind = (typeof KINDS)[number]
export const EDIT_MIX: ReadonlyArray<readonly [SyncedTableName, number]> = [
  ['query_history', 2], ['ai_memory_messages', 2], ['saved_queries', 1], ['ai_memory_sessions', 1],
]

export interface RowsPerRecord { readonly read: number; readonly written: number }
export type ServerRows = Record<SyncedTableName, Record<Kind, RowsPerRecord>>

const keyOf = (table: SyncedTableName, row: Row): string => String(row[tables[table].key[0] as string])

/** Pushes `changes` as `device`, returning the emulator's rows per record and the outcomes. */
const push = async (world: World, user: User, device: string, changes: OutgoingChange[]): Promise<{ cost: RowsPerRecord; results: PushResult[] }> => {
  const remote = createLibsqlRemote({ url: user.url, authToken: user.authToken, guard: guardRequestBody })
  world.emulator.resetStats(user.name)
  const { results } = await remote.push(changes, { userId: 'bench-user', deviceId: device, now: Date.now(), cursors: {} })
  remote.close()
  const applied = results.filter((r) => r.outcome.kind === 'applied').length
  if (applied !== changes.length) throw new Error(`server rows bench: ${applied} of ${changes.length} ${changes[0]?.table} records applied`)
  const s = world.emulator.stats(user.name)
  return { cost: { read: s.rowsRead / changes.length, written: s.rowsWritten / changes.length }, results }
}

const changesOf = (table: SyncedTableName, rows: readonly Row[], tag: string, versions?: ReadonlyMap<string, number>): OutgoingChange[] =>
  rows.map((row, i) => {
    const key = keyOf(table, row)
    return { table, key, op: 'upsert', mutationId: `${tag}-${table}-${i}`, baseVersion: versions?.get(key) ?? 0, row: { created_at: 1_700_000_000_000, updated_at: 1_700_000_000_000, deleted_at: null, ...row, hlc: `${tag}${String(i).padStart(8, '0')}` } }
  })

const versionsOf = (results: readonly PushResult[]): Map<string, number> =>
  new Map(results.flatMap((r) => (r.outcome.kind === 'applied' ? [[r.change.key, r.outcome.version] as const] : [])))

/** Rows per pushed record for every synced table and kind of write, on one fresh user database. */
export const measureServerRows = async (world: World): Promise<ServerRows> => {
  const user = await world.createUser()
  const out = {} as ServerRows
  for (const table of SYNCED_TABLES) {
    const rows = Array.from({ length: BATCH }, (_, i) => makeRow(table, i, 'rows'))
    const created = await push(world, user, 'device-a', changesOf(table, rows, 'create'))
    const edited = rows.map((row) => ({ ...row, updated_at: 1_800_000_000_000 }))
    const updated = await push(world, user, 'device-a', changesOf(table, edited, 'update', versionsOf(created.results)))
    const taken = await push(world, user, 'device-b', changesOf(table, edited, 'takeover', versionsOf(updated.results)))
    out[table] = { create: created.cost, update: updated.cost, takeover: taken.cost }
  }
  return out
}

/** The two headline metrics and one context line per table. */
export const benchServerRows = async (world: World, log: (line: string) => void): Promise<Metrics> => {
  const rows = await measureServerRows(world)
  for (const table of SYNCED_TABLES) {
    const t = rows[table]
    log(`  ${table}: ${KINDS.map((k) => `${k} ${round(t[k].written, 2)} written / ${round(t[k].read, 2)} read`).join(', ')}`)
  }
  const weight = EDIT_MIX.reduce((sum, [, w]) => sum + w, 0)
  const mix = (field: 'read' | 'written'): number =>
    EDIT_MIX.reduce((sum, [table, w]) => sum + (w * (rows[table].create[field] + rows[table].update[field])) / 2, 0) / weight
  const perTable = (field: 'read' | 'written'): string =>
    SYNCED_TABLES.map((t) => `${t} ${KINDS.map((k) => round(rows[t][k][field], 2)).join('/')}`).join(', ')
  const how = (field: 'read' | 'written'): string =>
    `measureServerRows() (bench/serverRows.ts): emulator rows ${field} per pushed record, pushes of ${BATCH} records of one table through the real libSQL remote; edit mix of bench/cost.ts (2/6 history, 2/6 AI messages, 1/6 saved queries, 1/6 AI sessions), creates and same-device updates equally. Per table, create/update/takeover by another device: ${perTable(field)}.`
  return {
    rows_written_per_pushed_record: metric(round(mix('written'), 2), 'rows', '<=', 2, how('written')),
    rows_read_per_pushed_record: metric(round(mix('read'), 2), 'rows', '<=', 2, how('read')),
  }
}
