import type { SyncDatabase } from '@howlerops/sync/dexie'
import { describeStep, type EditTable, type Plan, type Step } from './plan'
import { fieldValue, markerOf, markersIn, newRow, recordKey, secretOf, withSecrets } from './records'
import { createWorld, type SimDevice, type Tab, type World } from './world'
import { checkWorld, NO_KNOWN_BUGS, type KnownBugs, type Ledger } from './checks'

/** How a run went: what it did, and what the checks found (empty `failures` = the invariants held). */
export interface RunResult {
  readonly seed: number
  readonly failures: readonly string[]
  /** Divergences explained by a known open bug (not failures; see `KnownBugs`). */
  readonly known: readonly string[]
  readonly trace: readonly string[]
  readonly stats: RunStats
}

export interface RunStats {
  devices: number
  steps: number
  ops: number
  edits: number
  deletes: number
  syncs: number
  concurrentSyncs: number
  faults: number
  faultsByKind: Record<string, number>
  offlinePeriods: number
  restarts: number
  tabsOpened: number
  conflicts: number
  settleRounds: number
  requests: number
  errors: Record<string, number>
  ms: number
}

/** Errors a sync may report in this world; anything else is a finding. */
const EXPECTED_ERRORS = new Set(['network', 'server', 'rate-limited', 'aborted'])
const MAX_SETTLE_ROUNDS = 8

/** `extra` adds scenario-specific checks (regression tests) to the standard ones, on the settled world. */
export const runPlan = async (
  plan: Plan,
  bugs: KnownBugs = NO_KNOWN_BUGS,
  extra?: (world: World) => Promise<string[]>,
): Promise<RunResult> => {
  const clockStart = (): number => performance.now()
  const started = clockStart()
  const known: string[] = []
  const world = await createWorld(plan.seed, plan.devices.map((d) => d.skewMs))
  const trace: string[] = []
  const failures: string[] = []
  const stats: RunStats = {
    devices: plan.devices.length,
    steps: plan.steps.length,
    ops: 0,
    edits: 0,
    deletes: 0,
    syncs: 0,
    concurrentSyncs: 0,
    faults: 0,
    faultsByKind: {},
    offlinePeriods: 0,
    restarts: 0,
    tabsOpened: 0,
    conflicts: 0,
    settleRounds: 0,
    requests: 0,
    errors: {},
    ms: 0,
  }
  const ledger: Ledger = { edits: [], superseded: new Set(), deletes: [], secrets: [] }
  try {
    for (const device of world.devices) await world.openTab(device)
    for (const [i, step] of plan.steps.entries()) {
      world.clock.advance(137)
      trace.push(`#${i} ${describeStep(step)}`)
      const note = await execute(world, step, i, ledger, stats)
      if (note !== undefined) trace[trace.length - 1] += `  → ${note}`
    }
    trace.push('-- settle: all online, no faults, every tab syncs until nothing moves')
    await settle(world, stats, failures, trace)
    failures.push(...(await checkWorld(world, ledger, bugs, known)))
    if (extra !== undefined) failures.push(...(await extra(world)))
  } catch (error) {
    failures.push(`simulation crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  } finally {
    stats.requests = world.counters.requests
    stats.errors = { ...world.counters.errors }
    for (const [kind, n] of Object.entries(world.counters.faultsFired)) stats.faultsByKind[kind] = (stats.faultsByKind[kind] ?? 0) + n
    await world.close().catch(() => {})
    stats.ms = Math.round(clockStart() - started)
  }
  for (const [code, n] of Object.entries(stats.errors)) {
    if (!EXPECTED_ERRORS.has(code)) failures.push(`unexpected sync error "${code}" (${n}×)`)
  }
  return { seed: plan.seed, failures, known, trace, stats }
}

const tabOf = (device: SimDevice, tab: number): Tab => (device.tabs[tab] ?? device.tabs[0]) as Tab

const deviceOf = (world: World, d: number): SimDevice => world.devices[d] as SimDevice

const waitInflight = async (tab: Tab): Promise<void> => {
  const pending = tab.inflight
  tab.inflight = undefined
  await pending
}

const execute = async (world: World, step: Step, i: number, ledger: Ledger, stats: RunStats): Promise<string | undefined> => {
  switch (step.t) {
    case 'edit':
      stats.ops += 1
      stats.edits += 1
      return edit(world, step, i, ledger)
    case 'delete':
      stats.ops += 1
      stats.deletes += 1
      return remove(world, step, i, ledger)
    case 'sync': {
      const device = deviceOf(world, step.d)
      const tab = tabOf(device, step.tab)
      await waitInflight(tab)
      stats.syncs += 1
      const out = await world.sync(device, tab)
      stats.conflicts += out.summary?.conflicts ?? 0
      return out.error !== undefined ? `error ${out.error.code}` : `pushed ${out.summary?.pushed} pulled ${out.summary?.pulled} conflicts ${out.summary?.conflicts}`
    }
    case 'sync-start': {
      const device = deviceOf(world, step.d)
      const tab = tabOf(device, step.tab)
      if (tab.inflight !== undefined) return 'already in flight'
      stats.syncs += 1
      stats.concurrentSyncs += 1
      tab.inflight = world.sync(device, tab).then((out) => {
        stats.conflicts += out.summary?.conflicts ?? 0
      })
      return undefined
    }
    case 'sync-both': {
      const device = deviceOf(world, step.d)
      for (const tab of device.tabs) await waitInflight(tab)
      stats.syncs += device.tabs.length
      if (device.tabs.length > 1) stats.concurrentSyncs += 1
      const outs = await Promise.all(device.tabs.map((tab) => world.sync(device, tab)))
      for (const out of outs) stats.conflicts += out.summary?.conflicts ?? 0
      return outs.map((o) => (o.error !== undefined ? o.error.code : `+${o.summary?.pushed}/${o.summary?.pulled}`)).join(' | ')
    }
    case 'offline': {
      const device = deviceOf(world, step.d)
      if (step.on && !device.offline) stats.offlinePeriods += 1
      device.offline = step.on
      return undefined
    }
    case 'fault': {
      stats.faults += 1
      stats.faultsByKind[step.kind] = (stats.faultsByKind[step.kind] ?? 0)
      if (step.via === 'device') deviceOf(world, step.d).faults.push({ kind: step.kind, on: step.on })
      else {
        const target = { database: world.dbName, ...(step.on === 'push' ? { match: (body: string) => body.includes('INSERT INTO sync_metadata') } : {}) }
        if (step.kind === 'network') world.emulator.faults.add({ ...target, kind: 'network' })
        else if (step.kind === 'lost-after-commit') world.emulator.faults.add({ ...target, kind: 'lost-after-commit' })
        else if (step.kind === '5xx') world.emulator.faults.add({ ...target, kind: 'status', status: 500 })
        else if (step.kind === '429') world.emulator.faults.add({ ...target, kind: 'status', status: 429, retryAfterSeconds: 2 })
        else world.emulator.faults.add({ ...target, kind: 'latency', ms: 1_500, times: 1 })
      }
      return undefined
    }
    case 'restart': {
      const device = deviceOf(world, step.d)
      stats.restarts += 1
      for (const tab of [...device.tabs]) await world.closeTab(device, tab)
      device.skewMs = step.skewMs
      await world.openTab(device)
      return undefined
    }
    case 'tab-open': {
      const device = deviceOf(world, step.d)
      if (device.tabs.length > 1) return 'already open'
      stats.tabsOpened += 1
      await world.openTab(device)
      return undefined
    }
    case 'tab-close': {
      const device = deviceOf(world, step.d)
      const tab = device.tabs[1]
      if (tab === undefined) return 'no second tab'
      await world.closeTab(device, tab)
      return undefined
    }
    case 'advance':
      world.clock.advance(step.ms)
      return undefined
  }
}

const edit = async (world: World, step: Extract<Step, { t: 'edit' }>, i: number, ledger: Ledger): Promise<string> => {
  const device = deviceOf(world, step.d)
  const { db } = tabOf(device, step.tab)
  const marker = markerOf(i)
  const secret = step.secret === true ? secretOf(i) : undefined
  const table = db.table(step.table)
  const key = recordKey(step.table, step.key, step.d, step.private === true)
  let overwritten: string[] = []
  let created = false
  await db.transaction('rw', table, async () => {
    const current = (await table.get(key)) as Record<string, unknown> | undefined
    created = current === undefined
    overwritten = markersIn(current?.[step.field])
    let row = current ?? newRow(step.table, step.key, step.d, world.clock.now() + device.skewMs, step.private === true)
    row = { ...row, [step.field]: fieldValue(step.table, step.field, marker, secret) }
    if (secret !== undefined) row = withSecrets(step.table, row, secret)
    await table.put(row)
  })
  // The write committed: the app was told it is saved, so it must survive (I4, I12).
  for (const m of overwritten) ledger.superseded.add(m)
  ledger.edits.push({ marker, step: i, device: step.d, table: step.table, key, field: step.field, isPrivate: step.private === true })
  if (secret !== undefined) ledger.secrets.push(secret)
  return `${created ? 'created' : 'edited'} ${marker}${overwritten.length > 0 ? ` over ${overwritten.join(',')}` : ''}`
}

const remove = async (world: World, step: Extract<Step, { t: 'delete' }>, i: number, ledger: Ledger): Promise<string> => {
  const device = deviceOf(world, step.d)
  const { db } = tabOf(device, step.tab)
  const table = db.table(step.table)
  const key = recordKey(step.table, step.key, step.d, false)
  const contested = await isContested(world, device, step.table, key)
  let overwritten: string[] = []
  let existed = false
  await db.transaction('rw', table, async () => {
    const current = (await table.get(key)) as Record<string, unknown> | undefined
    existed = current !== undefined
    overwritten = markersIn(current ?? null)
    if (existed) await table.delete(key)
  })
  if (!existed) return 'absent here'
  for (const m of overwritten) ledger.superseded.add(m)
  ledger.deletes.push({ step: i, table: step.table, key, contested })
  return `deleted${contested ? ' (contested)' : ''}${overwritten.length > 0 ? ` over ${overwritten.join(',')}` : ''}`
}

/**
 * A delete is uncontested when every device is in step with the server for that record: same version, nothing
 * pending, no sync in flight. Such a delete must stick unless someone writes the record again later.
 */
const isContested = async (world: World, deleter: SimDevice, table: EditTable, key: string): Promise<boolean> => {
  const server = await world.emulator.query(world.dbName, `SELECT sync_version, deleted_at FROM ${table} WHERE ${table === 'connection_templates' ? 'connection_id' : 'id'} = ?`, [key])
  const version = Number(server[0]?.['sync_version'] ?? 0)
  if (server[0]?.['deleted_at'] !== null && server[0]?.['deleted_at'] !== undefined) return true
  for (const device of world.devices) {
    if (device.tabs.some((t) => t.inflight !== undefined)) return true
    const db = (device.tabs[0] as Tab).db as SyncDatabase
    const row = (await db.table(table).get(key)) as Record<string, unknown> | undefined
    if (device === deleter) {
      // The deleter's own pending edits are causally before its delete.
      if (Number(row?.['sync_version'] ?? 0) !== version) return true
      continue
    }
    if ((await db._outbox.where('[table+key]').equals([table, key]).count()) > 0) return true
    if (row !== undefined && Number(row['sync_version'] ?? 0) !== version) return true
  }
  return false
}

const settle = async (world: World, stats: RunStats, failures: string[], trace: string[]): Promise<void> => {
  world.emulator.faults.clear()
  for (const device of world.devices) {
    device.offline = false
    device.faults.length = 0
    for (const tab of device.tabs) await waitInflight(tab)
  }
  for (let round = 1; round <= MAX_SETTLE_ROUNDS; round += 1) {
    stats.settleRounds = round
    let moved = false
    const notes: string[] = []
    for (const device of world.devices) {
      for (const [t, tab] of device.tabs.entries()) {
        const out = await world.sync(device, tab)
        if (out.error !== undefined) {
          moved = true
          notes.push(`d${device.index}${t === 1 ? '/tab2' : ''} error ${out.error.code}: ${out.error.message}`)
          continue
        }
        const s = out.summary
        stats.conflicts += s?.conflicts ?? 0
        if ((s?.pushed ?? 0) + (s?.conflicts ?? 0) + (s?.quarantined ?? 0) > 0) moved = true
        notes.push(`d${device.index}${t === 1 ? '/tab2' : ''} +${s?.pushed}/${s?.pulled}/c${s?.conflicts}`)
      }
    }
    let pending = 0
    for (const device of world.devices) pending += await ((device.tabs[0] as Tab).db as SyncDatabase)._outbox.count()
    trace.push(`-- settle round ${round}: ${notes.join(', ')}; outbox ${pending}`)
    if (!moved && pending === 0) return
  }
  failures.push(`did not settle: still moving after ${MAX_SETTLE_ROUNDS} fault-free rounds (I12)`)
}

