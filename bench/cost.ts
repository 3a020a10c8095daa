import { runCycle } from '../src/core/cycle'
import type { Cursors, LocalStore, OutgoingChange, PullContext, PullDecision } from '../src/core/ports'
import { createLibsqlRemote } from '../src/remote/libsqlRemote'
import { toServerValue } from '../src/remote/codec'
import { guardRequestBody } from '../src/index'
import { screenChange } from '../src/security/index'
import { PULLED_TABLES, localColumns, type SyncedTableName } from '../src/schema/tables'
import { MIX, makeRow, type Row } from './lib/records'
import { median, round, seededRandom, timed } from './lib/stats'
import type { User, World } from './lib/world'
import { metric, type Metrics } from './lib/metrics'

/**
 * Rows read and written per user-month, for the brief's three users.
 *
 * Profiles: edits per day = the brief's monthly write estimate / 30 (one edit = one record written by the app);
 * the app is open H hours a day; the engine polls 5 s after every cycle while the user is active and 60 s while
 * idle, and pushes 1 s after the last edit (5 s after the first of a burst at most); the device row is heartbeated
 * every 6 h of use.
 *
 * Method (a scaled simulation):
 * 1. Schedule: a seeded replay of the engine's timer rules over one day (Poisson edits while open) counts the cycles
 *    and the records each pushes. Each idle cycle is spaced by its poll interval plus its measured duration.
 * 2. Unit costs, measured on the emulator: a user database seeded (SQL, outside the counters) with one month of the
 *    profile's records in the bootstrap mix; the real sync cycle (`runCycle` from src/core/cycle.ts with the real
 *    libSQL remote, screen and firewall) runs against it from a device-side stub that has nothing else pending. An
 *    idle cycle, six cycles pushing one new record (one per edit kind) and four pushing six give the rows read/written
 *    per idle cycle, per pushing cycle and per pushed record (edit mix: 2/6 history, 2/6 AI messages, 1/6 saved
 *    queries, 1/6 AI sessions), as medians: an occasional FTS5 segment merge makes one write cost dozens of rows.
 * 3. Month = 30 × (daily maintenance request + Σ over the day's cycles of (idle cost + pushed records' cost)).
 * The device side is a stub only so that seeding 75,000 records needs no 75,000-row IndexedDB bootstrap: the server
 * sees the same requests (pull from the cursors the device committed, push with the real adapter).
 */
export interface Profile {
  readonly name: 'average' | 'heavy' | 'power'
  readonly storageMb: number
  readonly briefReads: number
  readonly briefWrites: number
  readonly hoursOpen: number
}

export const PROFILES: readonly Profile[] = [
  { name: 'average', storageMb: 20, briefReads: 65_000, briefWrites: 3_000, hoursOpen: 8 },
  { name: 'heavy', storageMb: 80, briefReads: 300_000, briefWrites: 15_000, hoursOpen: 10 },
  { name: 'power', storageMb: 200, briefReads: 1_500_000, briefWrites: 75_000, hoursOpen: 12 },
]

/** The loop's timing options; the defaults are the engine's (engineOptions.ts). */
export interface CostTiming {
  readonly pollIntervalMs: number
  readonly idlePollIntervalMs: number
  readonly idleAfterMs: number
  readonly debounceMs: number
  readonly maxWaitMs: number
}
export const DEFAULT_TIMING: CostTiming = { pollIntervalMs: 5_000, idlePollIntervalMs: 60_000, idleAfterMs: 60_000, debounceMs: 1_000, maxWaitMs: 5_000 }
/** Input before each edit: typing the query or the message it saves. */
const TYPING_MS = 30_000
const HEARTBEAT_MS = 6 * 3_600_000
const DAYS = 30

/**
 * Records pushed by each cycle of one simulated day (0 = idle poll), following the engine's loop: the app opening runs
 * a cycle; every edit (re)arms the 1 s debounce, and the first of a burst the 5 s flush; a cycle clears both and arms
 * the poll, 5 s after it ends while the user is active (input in the last minute), 60 s otherwise; input after an idle
 * spell runs a cycle at once. The page counts as visible the whole time the app is open (the costlier case), and the
 * user's input is the edits and the 30 s of typing before each.
 */
export const replayDay = (profile: Profile, cycleMs: number, seed = 7, timing: CostTiming = DEFAULT_TIMING): number[] => {
  const { pollIntervalMs: POLL_MS, idlePollIntervalMs: IDLE_POLL_MS, idleAfterMs: IDLE_AFTER_MS, debounceMs: DEBOUNCE_MS, maxWaitMs: MAX_WAIT_MS } = timing
  const random = seededRandom(seed)
  const open = profile.hoursOpen * 3_600_000
  const meanGap = open / (profile.briefWrites / DAYS)
  const edits: number[] = []
  for (let t = -Math.log(1 - random()) * meanGap; t < open; t += -Math.log(1 - random()) * meanGap) edits.push(t)
  // The user's input: typing the query or message (from TYPING_MS before the edit) and running it (the edit).
  const inputs = edits.flatMap((t) => [Math.max(0, t - TYPING_MS), t]).sort((a, b) => a - b)
  const cycles: number[] = []
  let pollAt = 0
  let debounceAt = Infinity
  let flushAt = Infinity
  let lastInput = 0 // opening the app
  let pending = 0
  let lastHeartbeat = -Infinity
  for (let e = 0, i = 0; ; ) {
    const at = Math.min(pollAt, debounceAt, flushAt)
    const input = inputs[i] ?? Infinity
    const edit = edits[e] ?? Infinity
    if (input <= at && input <= edit) {
      if (input - lastInput >= IDLE_AFTER_MS) pollAt = input // back from idle: a cycle at once
      lastInput = input
      i += 1
      continue
    }
    if (edit < at) {
      pending += 1
      debounceAt = edit + DEBOUNCE_MS
      if (flushAt === Infinity) flushAt = edit + MAX_WAIT_MS
      e += 1
      continue
    }
    if (at >= open) break
    const heartbeat = at - lastHeartbeat >= HEARTBEAT_MS ? 1 : 0
    if (heartbeat === 1) lastHeartbeat = at
    cycles.push(pending + heartbeat)
    pending = 0
    debounceAt = Infinity
    flushAt = Infinity
    pollAt = at + cycleMs + (at - lastInput < IDLE_AFTER_MS ? POLL_MS : IDLE_POLL_MS)
  }
  return cycles
}

const syncColumns = (i: number, seq: number): Row => ({
  user_id: 'bench-user', created_at: 1_700_000_000_000 + i, updated_at: 1_700_000_000_000 + i, deleted_at: null,
  sync_version: 1, server_seq: seq, hlc: `seed${String(i).padStart(10, '0')}`, mutation_id: `seed-${i}`, origin_device_id: 'seed-device',
})

/** Inserts `records` rows in the bootstrap mix directly into the server database (not counted); returns the last seq. */
export const seedServer = async (world: World, user: User, records: number): Promise<number> => {
  let seq = 0
  for (const [table, share] of MIX) {
    const n = Math.round((records * share) / 100)
    const cols = localColumns(table)
    const CHUNK = 200
    for (let start = 0; start < n; start += CHUNK) {
      const rows = Array.from({ length: Math.min(CHUNK, n - start) }, (_, k) => ({ ...makeRow(table, start + k, 'seed'), ...syncColumns(start + k, ++seq) }))
      const values = rows.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ')
      await world.emulator.query(user.name, `INSERT INTO ${table} (${cols.map((c) => c.name).join(', ')}) VALUES ${values}`, rows.flatMap((r) => cols.map((c) => toServerValue(c.kind, r[c.name]))))
    }
  }
  await world.emulator.query(user.name, 'UPDATE sync_sequence SET seq = ? WHERE id = 1', [seq])
  return seq
}

/**
 * A caught-up device with nothing but `queue` pending: pulled rows are all already known (skipped), and the pull
 * cursors it commits are kept in `cursors` for the next cycle, as the Dexie store persists them.
 */
const stubLocal = (queue: OutgoingChange[], cursors: Cursors): LocalStore => ({
  name: 'stub',
  loadState: async () => ({ deviceId: 'cost-device', cursors: {} }),
  saveState: async () => {},
  configure: () => {},
  takeOutgoing: async (limit) => queue.splice(0, limit),
  acknowledge: async () => {},
  quarantine: async () => {},
  advanceCursors: async (next) => {
    for (const [table, seq] of Object.entries(next)) if (seq !== undefined) cursors[table as SyncedTableName] = Math.max(seq, cursors[table as SyncedTableName] ?? 0)
  },
  applyPage: async (page) => {
    Object.assign(cursors, page.cursors)
    return { applied: 0, skipped: page.rows.length, conflicts: 0 }
  },
  pendingCount: async () => queue.length,
  quarantined: async () => [],
  onLocalChange: () => () => {},
  write: async () => {},
  read: async () => null,
  list: async () => [],
  statistics: async () => { throw new Error('not used by a sync cycle') },
  purgeLocal: async () => {},
  prune: async () => 0,
  repushLost: async () => 0,
  resolveHeld: async () => {},
  releaseQuarantine: async () => {},
})

const EDIT_TABLES: readonly SyncedTableName[] = ['query_history', 'ai_memory_messages', 'query_history', 'saved_queries', 'ai_memory_messages', 'ai_memory_sessions']
let editCounter = 0
/** `k` new records, cycling through EDIT_TABLES from its start (k a multiple of 6 gives the whole mix). */
const edits = (k: number, first: number): OutgoingChange[] =>
  Array.from({ length: k }, (_, n) => {
    const i = ++editCounter
    const table = EDIT_TABLES[(first + n) % EDIT_TABLES.length] as SyncedTableName
    const row: Row = { ...makeRow(table, i, 'edit'), ...syncColumns(i, 0), sync_version: 0, mutation_id: `edit-${i}`, origin_device_id: 'cost-device', hlc: `edit${String(i).padStart(10, '0')}` }
    const key = String(row[table === 'connection_templates' ? 'connection_id' : 'id'])
    return { table, key, op: 'upsert' as const, mutationId: `edit-${i}`, baseVersion: 0, row }
  })

interface Cost { rowsRead: number; rowsWritten: number; requests: number; ms: number }

const measureCycle = async (world: World, user: User, cursors: Cursors, k: number, first = 0): Promise<Cost> => {
  const remote = createLibsqlRemote({ url: user.url, authToken: user.authToken, guard: guardRequestBody })
  const queue = edits(k, first)
  world.emulator.resetStats(user.name)
  const { ms, value } = await timed(() =>
    runCycle({
      local: stubLocal(queue, cursors), remote, cursors: { ...cursors }, decide: (_ctx: PullContext): PullDecision => ({ kind: 'apply' }),
      userId: 'bench-user', deviceId: 'cost-device', now: Date.now, screen: screenChange,
      pushBatchSize: 1000, pullPageSize: 1000, bootstrapped: true,
      onProgress: () => {}, onPhase: () => {}, requestCount: () => remote.stats.requests,
    }),
  )
  remote.close()
  if (value.pushed !== k) throw new Error(`cost cycle pushed ${value.pushed} of ${k}`)
  const s = world.emulator.stats(user.name)
  return { rowsRead: s.rowsRead, rowsWritten: s.rowsWritten, requests: s.requests, ms }
}

const DAY = 86_400_000

/**
 * Rows of the engine's daily maintenance request (retention + statistics, engine.ts defaults). It runs twice: the
 * first run clears the seeded backlog (history beyond 1,000 rows), the second is the steady daily cost counted.
 */
const measureMaintenance = async (world: World, user: User): Promise<Cost> => {
  const remote = createLibsqlRemote({ url: user.url, authToken: user.authToken, guard: guardRequestBody })
  const plan = {
    now: Date.now(), userId: 'bench-user', deviceId: 'cost-device', historyLimit: 1000, historyMaxAgeMs: 90 * DAY, tombstoneMaxAgeMs: 30 * DAY, archiveMaxAgeMs: 30 * DAY,
    statistics: { connections: 0, savedQueries: 0, queryHistory: 0, aiSessions: 0, aiMessages: 0, devices: 1, storageBytes: 0, lastActivityAt: null },
  }
  await remote.maintain(plan)
  world.emulator.resetStats(user.name)
  const { ms } = await timed(() => remote.maintain({ ...plan, now: plan.now + DAY }))
  remote.close()
  const s = world.emulator.stats(user.name)
  return { rowsRead: s.rowsRead, rowsWritten: s.rowsWritten, requests: s.requests, ms }
}

const SWEEP: ReadonlyArray<readonly [string, Partial<CostTiming>]> = [
  ['defaults (5 s active, 60 s idle)', {}],
  ['pollIntervalMs 10 s', { pollIntervalMs: 10_000 }],
  ['pollIntervalMs 30 s', { pollIntervalMs: 30_000 }],
  ['idleAfterMs 20 s', { idleAfterMs: 20_000 }],
  ['idlePollIntervalMs 300 s', { idlePollIntervalMs: 300_000 }],
  ['pollIntervalMs 30 s, idlePollIntervalMs 300 s', { pollIntervalMs: 30_000, idlePollIntervalMs: 300_000 }],
]

export const benchCost = async (world: World, log: (line: string) => void, profiles: readonly Profile[] = PROFILES): Promise<{ metrics: Metrics; table: string[]; sweep: string[] }> => {
  const m: Metrics = {}
  const sweep: string[] = []
  const lines: string[] = []
  for (const profile of profiles) {
    const records = profile.briefWrites // one month of the profile's edits
    const user = await world.createUser()
    const seq = await seedServer(world, user, records)
    const cursors: Cursors = Object.fromEntries(PULLED_TABLES.map((t) => [t, seq]))
    const idle = await measureCycle(world, user, cursors, 0)
    // FTS5 segment merges make the odd write cost dozens of rows: take the median of 6 one-record cycles (one per edit
    // kind) and of 4 six-record ones.
    const ones: Cost[] = []
    for (let i = 0; i < EDIT_TABLES.length; i++) ones.push(await measureCycle(world, user, cursors, 1, i))
    const sixes: Cost[] = []
    for (let i = 0; i < 4; i++) sixes.push(await measureCycle(world, user, cursors, EDIT_TABLES.length, 0))
    const mean = (list: Cost[], key: 'rowsRead' | 'rowsWritten'): number => median(list.map((c) => c[key]))
    const perRecord = {
      read: (mean(sixes, 'rowsRead') - mean(ones, 'rowsRead')) / (EDIT_TABLES.length - 1),
      written: (mean(sixes, 'rowsWritten') - mean(ones, 'rowsWritten')) / (EDIT_TABLES.length - 1),
    }
    const fixed = { read: mean(ones, 'rowsRead') - idle.rowsRead - perRecord.read, written: mean(ones, 'rowsWritten') - idle.rowsWritten - perRecord.written }
    const maintenance = await measureMaintenance(world, user)
    const month = (timing: CostTiming): { reads: number; writes: number; day: number[]; polls: number; pushes: number } => {
      const day = replayDay(profile, idle.ms, 7, timing)
      let polls = 0
      let pushes = 0
      let written = maintenance.rowsWritten
      for (const k of day) {
        polls += idle.rowsRead
        pushes += k > 0 ? fixed.read + k * perRecord.read : 0
        written += idle.rowsWritten + (k > 0 ? fixed.written + k * perRecord.written : 0)
      }
      return { reads: Math.round((maintenance.rowsRead + polls + pushes) * DAYS), writes: Math.round(written * DAYS), day, polls: polls * DAYS, pushes: Math.round(pushes * DAYS) }
    }
    const { reads, writes, day, polls, pushes } = month(DEFAULT_TIMING)
    if (profile.name === 'average') {
      // The trade-off (docs/latency.md): what the quick poll costs, for a few settings of the options that move it.
      for (const [label, timing] of SWEEP) {
        const r = month({ ...DEFAULT_TIMING, ...timing })
        sweep.push(`| ${label} | ${r.reads.toLocaleString('en-US')} | ${r.polls.toLocaleString('en-US')} | ${r.day.length} |`)
      }
      log(`  average user, reads/month by setting:\n${sweep.join('\n')}`)
    }
    const pushing = day.filter((k) => k > 0).length
    const how = `${profile.hoursOpen} h/day open, ${profile.briefWrites / DAYS} edits/day; server seeded with ${records.toLocaleString('en-US')} records; per idle cycle ${idle.rowsRead} read / ${idle.rowsWritten} written (${idle.requests} req, ${round(idle.ms, 0)} ms); per pushed record ${round(perRecord.read, 1)} read / ${round(perRecord.written, 1)} written (+ ${round(fixed.read, 1)} / ${round(fixed.written, 1)} per pushing cycle); daily maintenance ${maintenance.rowsRead} read / ${maintenance.rowsWritten} written; one simulated day = ${day.length} cycles (${pushing} pushing); × ${DAYS}: ${(maintenance.rowsRead * DAYS).toLocaleString('en-US')} maintenance + ${polls.toLocaleString('en-US')} polls + ${pushes.toLocaleString('en-US')} pushes.`
    // The brief's figures are its estimates, shown for comparison: not targets.
    m[`reads_per_month_${profile.name}_user`] = metric(reads, 'rows read', 'none', 0, how, `brief est. ${profile.briefReads.toLocaleString('en-US')}`)
    m[`writes_per_month_${profile.name}_user`] = metric(writes, 'rows written', 'none', 0, how, `brief est. ${profile.briefWrites.toLocaleString('en-US')}`)
    lines.push(`| ${profile.name} | ${profile.storageMb} MB / ${records.toLocaleString('en-US')} records | ${profile.hoursOpen} h, ${profile.briefWrites / DAYS}/day | ${day.length} (${pushing} pushing) | ${idle.rowsRead.toLocaleString('en-US')} | ${round(perRecord.written, 1)} | ${reads.toLocaleString('en-US')} (brief ${profile.briefReads.toLocaleString('en-US')}) | ${writes.toLocaleString('en-US')} (brief ${profile.briefWrites.toLocaleString('en-US')}) |`)
    log(`  ${profile.name}: ${how} → ${reads.toLocaleString('en-US')} reads, ${writes.toLocaleString('en-US')} writes / month`)
  }
  return { metrics: m, table: lines, sweep }
}
