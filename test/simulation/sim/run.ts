import type { SyncDatabase } from '@howlerops/sync/dexie'
import { isLocalOnly } from '@howlerops/sync'
import { describeStep, type Answer, type EditTable, type Plan, type Step } from './plan'
import { fieldValue, markerOf, markersIn, newRow, plainMarkersIn, planKey, secretOf, withPoison, withPrivacy, withSecrets } from './records'
import { createWorld, type SimDevice, type Tab, type World } from './world'
import { checkWorld, createLedger, snapshotArchive, NO_KNOWN_BUGS, type KnownBugs, type Ledger, type Row } from './checks'
import { archiveIdsOf, isContested, isInStep, rewind } from './inStep'
import { ANSWERS, answer, noteHeld } from './user'
import { checkValues, writeValue } from './valueSteps'
import { executeEnv } from './environment'

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
  /** How often each transition of issue 14 happened (proof that the random mix produces them). */
  transitions: Record<string, number>
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
  // Hand-written plans name preferences; the records are keyed by the id the package derives from the name (R7).
  plan = { ...plan, steps: plan.steps.map((s) => ('key' in s && 'table' in s ? ({ ...s, key: planKey(s.table, s.key) } as Step) : s)) }
  const clockStart = (): number => performance.now()
  const started = clockStart()
  const known: string[] = []
  const world = await createWorld(plan.seed, plan.devices.map((d) => d.skewMs), plan.strategies === undefined ? {} : { strategies: plan.strategies })
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
    transitions: {},
    ms: 0,
  }
  const ledger: Ledger = createLedger(plan)
  // Oracle (a): no local-only content in any request body, checked as each body leaves the device.
  world.onBody = (body, device) => {
    // Every device seals (R11): a marker in a body at all is user content leaving in plaintext. (Local-only content
    // sent sealed would not show here; the server-side R4 oracle reads the opened rows.)
    for (const m of new Set(plainMarkersIn(body))) ledger.find(`PLAINTEXT user content in a request body (R11): ${m} sent by d${device.index}`)
    // Delimited markers only: bodies are ciphertext, where `mk<n>z` turns up by chance; private content sent sealed
    // is caught on the server side, where the rows are opened.
    for (const m of new Set(plainMarkersIn(body))) {
      const e = ledger.privateMarkers.get(m)
      if (e === undefined || ledger.leaked.has(m)) continue
      ledger.leaked.add(m)
      ledger.find(`PRIVATE content in a request body (R4): ${m} (step ${e.step}, d${e.device} ${e.table}/${e.key}.${e.field}, local-only when written) sent by d${device.index}`)
    }
  }
  try {
    for (const device of world.devices) await world.openTab(device)
    for (const [i, step] of plan.steps.entries()) {
      world.clock.advance(137)
      ledger.step = i
      trace.push(`#${i} ${describeStep(step)}`)
      const note = await execute(world, step, i, ledger, stats)
      if (note !== undefined) trace[trace.length - 1] += `  → ${note}`
      // A conflict can be held by any step that completes a sync (one in flight, a restart's first cycle): the user
      // may see it from then on, so an edit after this step is an edit made since (R6).
      for (const device of world.devices) if (device.tabs.length > 0) await noteHeld(device, ledger, i)
    }
    trace.push('-- settle: all online, no faults, every tab syncs until nothing moves')
    ledger.step = plan.steps.length
    await settle(world, stats, failures, trace, ledger)
    failures.push(...ledger.findings)
    failures.push(...(await checkWorld(world, ledger, bugs, known)))
    failures.push(...(await checkValues(world)))
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

const TRANSITION_OF = (step: Step): string | undefined => {
  if (step.t === 'restart' && step.lazy === true) return 'reload with edits before the first cycle'
  if (step.t === 'tab-open' && step.follower === true) return 'follower tab opened'
  if (step.t === 'edit' && step.privacy !== undefined) return `privacy → ${step.privacy}`
  if (step.t === 'edit' && step.poison === true) return 'record the server refuses'
  if (step.t === 'resolve') return 'user answer to a held conflict'
  if (step.t === 'sync-edit') return 'edit while a pull is on the wire'
  if (step.t === 'advance' && step.ms > 86_400_000) return 'days pass (long away)'
  return undefined
}

const execute = async (world: World, step: Step, i: number, ledger: Ledger, stats: RunStats): Promise<string | undefined> => {
  const transition = TRANSITION_OF(step)
  if (transition !== undefined) stats.transitions[transition] = (stats.transitions[transition] ?? 0) + 1
  switch (step.t) {
    case 'value':
      stats.ops += 1
      stats.transitions['value from the whole JS domain'] = (stats.transitions['value from the whole JS domain'] ?? 0) + 1
      return writeValue(world, step, i, ledger)
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
      await noteHeld(device, ledger, i)
      if (tab.follower) return 'follower: forwarded'
      return out.error !== undefined ? `error ${out.error.code}` : `pushed ${out.summary?.pushed} pulled ${out.summary?.pulled} conflicts ${out.summary?.conflicts}`
    }
    case 'sync-edit': {
      const device = deviceOf(world, step.d)
      const tab = tabOf(device, step.tab)
      await waitInflight(tab)
      stats.syncs += 1
      stats.ops += 1
      stats.edits += 1
      let note: string | undefined
      device.onPull = async () => {
        note = `during the pull: ${await edit(world, step.edit, i, ledger)}`
      }
      const out = await world.sync(device, tab)
      if (device.onPull !== undefined) {
        device.onPull = undefined
        note = `no pull went out; after the sync: ${await edit(world, step.edit, i, ledger)}`
      }
      stats.conflicts += out.summary?.conflicts ?? 0
      return `${out.error !== undefined ? `error ${out.error.code}` : `pushed ${out.summary?.pushed} pulled ${out.summary?.pulled} conflicts ${out.summary?.conflicts}`}; ${note ?? ''}`
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
        const target = { database: world.dbName, ...(step.on === 'push' ? { match: (body: string) => body.includes('SET seq = seq + :n') } : {}) }
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
      await world.openTab(device, step.lazy === true ? { lazy: true } : {})
      return undefined
    }
    case 'tab-open': {
      const device = deviceOf(world, step.d)
      if (device.tabs.length > 1) return 'already open'
      stats.tabsOpened += 1
      await world.openTab(device, step.follower === true ? { follower: true } : {})
      return undefined
    }
    case 'resolve': {
      const device = deviceOf(world, step.d)
      const answered = await answer(world, device, ledger, step.choice, i)
      return answered ?? 'nothing held'
    }
    case 'tab-close': {
      const device = deviceOf(world, step.d)
      const tab = device.tabs[1]
      if (tab === undefined) return 'no second tab'
      await world.closeTab(device, tab)
      return undefined
    }
    case 'backup':
      world.backup = await world.emulator.snapshot(world.dbName)
      return undefined
    case 'restore': {
      if (world.backup === undefined) return 'no backup'
      stats.transitions['server restored'] = (stats.transitions['server restored'] ?? 0) + 1
      await rewind(world, world.backup, ledger)
      return undefined
    }
    case 'user-switch':
    case 'sign-out':
    case 'db-gone':
    case 'quota':
    case 'token-hang':
    case 'deactivate':
    case 'reactivate':
    case 'clock-ahead':
      stats.ops += 1
      return executeEnv(world, step, i, ledger, stats.transitions)
    case 'advance':
      // Archive rows older than the retention are purged on the server: keep what they proved (the ledger check).
      if (step.ms > 86_400_000) await snapshotArchive(world, ledger)
      world.clock.advance(step.ms)
      return undefined
  }
}

const edit = async (world: World, step: Extract<Step, { t: 'edit' }>, i: number, ledger: Ledger): Promise<string> => {
  const device = deviceOf(world, step.d)
  const tab = tabOf(device, step.tab)
  const { db } = tab
  const marker = markerOf(i)
  const secret = step.secret === true ? secretOf(i) : undefined
  const table = db.table(step.table)
  const causal = step.poison !== true && step.privacy === undefined && step.private !== true && (await isInStep(world, device, step.table, step.key, ledger))
  let overwritten: string[] = []
  let created = false
  const now = world.clock.now() + device.skewMs
  const counted = ledger.appCounts && (step.table === 'ai_memory_messages' || step.table === 'ai_memory_sessions')
  try {
    await db.transaction('rw', counted ? [db.table('ai_memory_messages'), db.table('ai_memory_sessions')] : [table], async () => {
      const current = (await table.get(step.key)) as Record<string, unknown> | undefined
      created = current === undefined
      overwritten = markersIn(current?.[step.field])
      let row = current ?? newRow(step.table, step.key, step.d, now, step.private === true)
      row = { ...row, [step.field]: fieldValue(step.table, step.field, marker, secret) }
      if (step.privacy !== undefined) row = withPrivacy(step.table, row, step.privacy, step.d)
      if (step.poison === true) row = withPoison(row)
      if (secret !== undefined) row = withSecrets(step.table, row, secret)
      if (counted && created && step.table === 'ai_memory_sessions') row = { ...row, ...(await sessionCounts(db, step.key)) }
      await table.put(row)
      // The app keeps the session's counts as it appends a message (same transaction), as Howlerops does.
      if (counted && created && step.table === 'ai_memory_messages') {
        const sessionId = String(row['session_id'])
        const session = ((await db.table('ai_memory_sessions').get(sessionId)) as Row | undefined) ?? newRow('ai_memory_sessions', sessionId, step.d, now, false)
        await db.table('ai_memory_sessions').put({ ...session, ...(await sessionCounts(db, sessionId)), last_message_at: now })
        ledger.writes.push({ step: i, device: step.d, table: 'ai_memory_sessions', key: sessionId, privacy: false })
      }
    })
  } catch (error) {
    // A value the server would refuse may be refused at the write already (R7): then nothing was saved.
    if (step.poison === true) {
      ledger.poison.push({ device: step.d, key: step.key, marker, refused: true })
      return `refused at the write: ${error instanceof Error ? error.message.slice(0, 80) : String(error)}`
    }
    throw error
  }
  // The write committed: the app was told it is saved, so it must survive (I4, I12).
  for (const m of overwritten) ledger.superseded.add(m)
  const stored = ((await table.get(step.key)) as Row | undefined) ?? {}
  checkStamped(ledger, tab, step, i, stored)
  const isPrivate = isLocalOnly(step.table, stored)
  const entry = { marker, step: i, device: step.d, table: step.table, key: step.key, field: step.field, isPrivate, causal }
  if (isPrivate) ledger.privateMarkers.set(marker, entry)
  else {
    // Made shared by its own device: what the row holds is the user's to publish from now on.
    for (const m of markersIn(stored)) {
      const p = ledger.privateMarkers.get(m)
      if (p !== undefined && p.device === step.d && p.table === step.table && p.key === step.key) ledger.privateMarkers.delete(m)
    }
  }
  if (step.privacy !== undefined) ledger.flipped.add(`${step.table}/${step.key}`)
  if (step.poison === true) ledger.poison.push({ device: step.d, key: step.key, marker, refused: false })
  else ledger.edits.push(entry)
  ledger.writes.push({ step: i, device: step.d, table: step.table, key: step.key, privacy: step.privacy !== undefined })
  if (secret !== undefined) ledger.secrets.push(secret)
  return `${created ? 'created' : 'edited'} ${marker}${overwritten.length > 0 ? ` over ${overwritten.join(',')}` : ''}${causal ? ' (in step)' : ''}${isPrivate ? ' (local-only)' : ''}`
}

/** What the app writes into a session: its counts over the messages this device holds. */
const sessionCounts = async (db: SyncDatabase, sessionId: string): Promise<Row> => {
  const messages = (await db.table('ai_memory_messages').where('session_id').equals(sessionId).toArray()) as Row[]
  return { message_count: messages.length, token_count: messages.reduce((sum, m) => sum + Number(m['token_count'] ?? 0), 0) }
}

/** R1: every write is stamped from the first one, in every tab (device id, user id, clock). */
const checkStamped = (ledger: Ledger, tab: Tab, step: Extract<Step, { t: 'edit' }>, i: number, row: Row): void => {
  const bad = (v: unknown): boolean => typeof v !== 'string' || v === ''
  if (!bad(row['hlc']) && !bad(row['origin_device_id']) && !bad(row['user_id'])) return
  const when = tab.follower ? 'in a follower tab' : tab.engine.deviceId() === undefined ? 'before the engine\'s first cycle' : 'after the engine loaded'
  ledger.find(
    `UNSTAMPED write (R1): d${step.d}${step.tab === 1 ? '/tab2' : ''} ${step.table}/${step.key} at step ${i} (${when}) stored with hlc ${JSON.stringify(row['hlc'])}, origin_device_id ${JSON.stringify(row['origin_device_id'])}, user_id ${JSON.stringify(row['user_id'])}`,
  )
}

const remove = async (world: World, step: Extract<Step, { t: 'delete' }>, i: number, ledger: Ledger): Promise<string> => {
  const device = deviceOf(world, step.d)
  const { db } = tabOf(device, step.tab)
  const table = db.table(step.table)
  const contested = await isContested(world, device, step.table, step.key)
  const archiveIds = contested ? new Set<string>() : await archiveIdsOf(world, step.table, step.key)
  // Conflicts archived before the delete that retention has purged since are known from the ledger's snapshots.
  for (const [id, row] of ledger.archive) if (row['entity_type'] === step.table && row['entity_id'] === step.key) archiveIds.add(id)
  let overwritten: string[] = []
  let existed = false
  await db.transaction('rw', table, async () => {
    const current = (await table.get(step.key)) as Record<string, unknown> | undefined
    existed = current !== undefined
    overwritten = markersIn(current ?? null)
    if (step.table === 'ai_memory_messages' && current !== undefined) ledger.touchedSessions.add(String(current['session_id']))
    if (existed) await table.delete(step.key)
  })
  if (step.table === 'ai_memory_sessions') ledger.touchedSessions.add(step.key)
  if (!existed) return 'absent here'
  for (const m of overwritten) ledger.superseded.add(m)
  ledger.deletes.push({ step: i, device: step.d, table: step.table, key: step.key, contested, archiveIds })
  ledger.writes.push({ step: i, device: step.d, table: step.table, key: step.key, privacy: false })
  return `deleted${contested ? ' (contested)' : ''}${overwritten.length > 0 ? ` over ${overwritten.join(',')}` : ''}`
}

const settle = async (world: World, stats: RunStats, failures: string[], trace: string[], ledger: Ledger): Promise<void> => {
  world.emulator.faults.clear()
  for (const device of world.devices) {
    device.offline = false
    device.faults.length = 0
    for (const tab of device.tabs) await waitInflight(tab)
  }
  // The user answers every held conflict (scripted), then everything syncs again; answers can raise new conflicts.
  for (let pass = 0; pass < 4; pass += 1) {
    if (!(await settleRounds(world, stats, failures, trace))) return
    let answered = 0
    for (const device of world.devices) {
      for (let n = 0; n < 20; n += 1) {
        const note = await answer(world, device, ledger, ANSWERS[(answered + device.index) % ANSWERS.length] as Answer, ledger.step)
        if (note === undefined) break
        answered += 1
        trace.push(`-- settle: d${device.index} ${note}`)
      }
    }
    if (answered === 0) return
  }
  failures.push('did not settle: the user kept being asked about new held conflicts (4 passes)')
}

/** Every tab syncs until a whole round moves nothing. False (and a failure) if it never gets there. */
const settleRounds = async (world: World, stats: RunStats, failures: string[], trace: string[]): Promise<boolean> => {
  for (let round = 1; round <= MAX_SETTLE_ROUNDS; round += 1) {
    stats.settleRounds += 1
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
    // A held record (manual conflict) waits for the user, not for the network: the settle loop answers it next.
    for (const device of world.devices) pending += await ((device.tabs[0] as Tab).db as SyncDatabase)._outbox.filter((e) => e.held !== 1).count()
    trace.push(`-- settle round ${round}: ${notes.join(', ')}; outbox ${pending}`)
    if (!moved && pending === 0) return true
  }
  failures.push(`did not settle: still moving after ${MAX_SETTLE_ROUNDS} fault-free rounds (I12)`)
  return false
}

