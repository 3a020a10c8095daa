import { planKey } from './records'
import { createRng, type Rng } from './random'
import { ENV_CLASSES, describeEnv, planEnv, type EnvClass, type EnvStep } from './environment'

/**
 * A simulation plan: the devices and a list of steps, generated from the seed before anything runs. Steps are plain
 * data that name devices and records by index, so any sub-list of a plan is still a valid plan (that is what makes
 * shrinking a failure possible).
 */
export type EditTable =
  | 'user_preferences'
  | 'connection_templates'
  | 'query_history'
  | 'saved_queries'
  | 'ai_memory_sessions'
  | 'ai_memory_messages'

export type FaultKind = 'network' | 'lost-after-commit' | '5xx' | '429' | 'latency'

/** A privacy transition: history private ↔ normal, a preference device-specific ↔ global. */
export type Privacy = 'private' | 'shared'

/** A scripted user answer to a held (manual) conflict. */
export type Answer = 'local' | 'remote' | 'both'

export type Step =
  /**
   * Create or edit a record on a device (tab): `field` gets a value carrying the step's unique marker. `privacy`
   * switches the record's privacy in the same write; `poison` writes a value the server refuses (quarantine).
   */
  | { readonly t: 'edit'; readonly d: number; readonly tab: number; readonly table: EditTable; readonly key: string; readonly field: string; readonly secret?: boolean; readonly private?: boolean; readonly privacy?: Privacy; readonly poison?: boolean }
  | { readonly t: 'delete'; readonly d: number; readonly tab: number; readonly table: EditTable; readonly key: string }
  /** syncNow on one tab and wait for it. */
  | { readonly t: 'sync'; readonly d: number; readonly tab: number }
  /** syncNow on one tab; the edit is made while the cycle's first pull request is on the wire (after its push). */
  | { readonly t: 'sync-edit'; readonly d: number; readonly tab: number; readonly edit: Extract<Step, { t: 'edit' }> }
  /** Start a sync and go on without waiting: later steps run while it is in flight. */
  | { readonly t: 'sync-start'; readonly d: number; readonly tab: number }
  /** Both tabs of a device sync at the same time (leadership moving between tabs). */
  | { readonly t: 'sync-both'; readonly d: number }
  | { readonly t: 'offline'; readonly d: number; readonly on: boolean }
  /** A one-shot fault on the device's next request (`on: 'push'` = next write request only). */
  | { readonly t: 'fault'; readonly d: number; readonly kind: FaultKind; readonly on: 'push' | 'any'; readonly via: 'device' | 'emulator' }
  /**
   * Drop every in-memory state of the device and reload from IndexedDB; the clock may be corrected. `lazy`: the new
   * engine does not sync at start, so the app's next writes come before the new engine's first cycle.
   */
  | { readonly t: 'restart'; readonly d: number; readonly skewMs: number; readonly lazy?: boolean }
  /** `follower`: the tab's engine is started but another tab holds the sync lock, so it never runs a cycle. */
  | { readonly t: 'tab-open'; readonly d: number; readonly follower?: boolean }
  /** The user answers the oldest held (manual) conflict on the device. */
  | { readonly t: 'resolve'; readonly d: number; readonly choice: Answer }
  | { readonly t: 'tab-close'; readonly d: number }
  | { readonly t: 'advance'; readonly ms: number }
  /** The server's backup is taken now (issue 26). */
  | { readonly t: 'backup' }
  /** The server database is restored to the last backup: rows, sequence and identity go back; no device is told. */
  | { readonly t: 'restore' }
  /**
   * R14, R16: write one value from the whole JS value domain (`values.ts`, fast-check sample `seed`) into a column of
   * `kind` of a record of its own; it must fail the write with a SchemaError or reach every device exactly.
   */
  | { readonly t: 'value'; readonly d: number; readonly tab: number; readonly kind: 'text' | 'integer' | 'json'; readonly seed: number }
  /** Issue 26: the user, the local database, the token provider, the registry row or the clock changes (`environment.ts`). */
  | EnvStep

export interface Features {
  readonly faults: boolean
  readonly offline: boolean
  readonly restarts: boolean
  readonly tabs: boolean
  readonly inflight: boolean
  readonly skew: boolean
  readonly secrets: boolean
  readonly privateRecords: boolean
  readonly deletes: boolean
  /** A restart may correct the device clock (possibly backwards). Off in CI seeds: bug 2. */
  readonly restartSkew: boolean
  /** A record may be written again after a device deleted it (same id). Off in CI seeds: bug 3. */
  readonly recreate: boolean
  // Transition classes of issue 14 (each one can be switched on alone to attribute a failure to it):
  /** Restarts whose new engine gets edits before its first cycle (defect 4). */
  readonly lazyReloads: boolean
  /** A second tab whose engine follows (does not hold the sync lock) and writes (defect 4). */
  readonly followerTabs: boolean
  /** Device clocks off by up to ±7 days, changing at restarts (defects 5, 7). */
  readonly bigSkew: boolean
  /** History private ↔ normal and preferences device-specific ↔ global on shared records (defect 1). */
  readonly privacyFlips: boolean
  /** Devices away for days to weeks while others sync and run maintenance: full reconciles, purges (defects 2, 7). */
  readonly longAways: boolean
  /** Records the server refuses, so they sit in quarantine (defect 2). */
  readonly poison: boolean
  /** A response lost after commit, then a delete of that record before the retry (defect 3). */
  readonly lostThenDelete: boolean
  /** One keep-both table uses the manual strategy, with scripted user answers (defect 6). */
  readonly manual: boolean
  /** The app keeps AI-session counts as it appends messages; counts must equal the union of messages (defect 8). */
  readonly sessionCounts: boolean
  // Environment classes of issue 26 (R13, R16):
  /** The server is restored from a backup taken a few acknowledged edits earlier. */
  readonly serverRestore: boolean
  /** Values from the whole JS value domain written to text, integer and JSON columns (issue 27, R14). */
  readonly values: boolean
  /** Another user's engine on the same local database (R12). */
  readonly userSwitch: boolean
  /** Sign-out in one tab while another tab's engine runs (R12). */
  readonly signOutTab: boolean
  /** The IndexedDB database deleted or upgraded elsewhere, mid-pull or between cycles (R13). */
  readonly dbGone: boolean
  /** QuotaExceededError at an apply or an acknowledgement (R13). */
  readonly quota: boolean
  /** A token provider that never answers (R13). */
  readonly tokenHang: boolean
  /** A device deactivated from another device, edits while off, reactivated (R13). */
  readonly reactivation: boolean
  /** A device clock a month ahead running maintenance (R15). */
  readonly clockAhead: boolean
}

/** The transition classes of issue 14, in the order REPORT.md lists them. */
export const TRANSITIONS = ['lazyReloads', 'followerTabs', 'bigSkew', 'privacyFlips', 'longAways', 'poison', 'lostThenDelete', 'manual', 'sessionCounts', 'serverRestore', ...ENV_CLASSES] as const
export type Transition = (typeof TRANSITIONS)[number]

export const ALL_FEATURES: Features = {
  faults: true,
  offline: true,
  restarts: true,
  tabs: true,
  inflight: true,
  skew: true,
  secrets: true,
  privateRecords: true,
  deletes: true,
  restartSkew: true,
  recreate: true,
  lazyReloads: true,
  followerTabs: true,
  bigSkew: true,
  privacyFlips: true,
  longAways: true,
  poison: true,
  lostThenDelete: true,
  manual: true,
  sessionCounts: true,
  // Off in the mix of every class at once until its combinations pass (REPORT.md, issue 26): on with `--only`.
  serverRestore: false,
  values: true,
  // Issue 26's other environment classes (`environment.ts`): every class at once passes 200 seeds with them (REPORT.md).
  userSwitch: true,
  signOutTab: true,
  dbGone: true,
  quota: true,
  tokenHang: true,
  reactivation: true,
  clockAhead: true,
}

/** The wave-1 mix only: every transition class of issue 14 off. */
export const NO_TRANSITIONS: Partial<Features> = Object.fromEntries(TRANSITIONS.map((t) => [t, false]))

export interface Plan {
  readonly seed: number
  readonly devices: ReadonlyArray<{ readonly skewMs: number }>
  readonly steps: readonly Step[]
  /** Tables whose strategy is overridden on every device (the manual strategy). */
  readonly strategies?: Partial<Record<EditTable, 'manual'>>
  /** The app keeps `ai_memory_sessions` counts up to date when it writes messages. */
  readonly appCounts?: boolean
}

export interface PlanOptions {
  readonly devices?: readonly [number, number]
  readonly ops?: readonly [number, number]
  readonly features?: Partial<Features>
  /**
   * Mixed into the `values` feature's stream: 0 (the default) is the fixed stream of `npm test`; the soak picks a
   * random one per run and prints it (`VALUES_SEED`), so the value generator covers new ground on every soak.
   */
  readonly valuesSeed?: number
}

/** Record keys per table: a small pool so that devices keep editing the same records (conflicts). */
const POOL: Record<EditTable, number> = {
  user_preferences: 3,
  connection_templates: 3,
  query_history: 4,
  saved_queries: 4,
  ai_memory_sessions: 2,
  ai_memory_messages: 4,
}

const PREFIX: Record<EditTable, string> = {
  user_preferences: 'pref',
  connection_templates: 'conn',
  query_history: 'qh',
  saved_queries: 'sq',
  ai_memory_sessions: 'sess',
  ai_memory_messages: 'msg',
}

/** The fields an edit may put its marker in (text fields, so the marker can be found again). */
export const MARKER_FIELDS: Record<EditTable, readonly string[]> = {
  user_preferences: ['value'],
  connection_templates: ['name', 'folder'],
  query_history: ['query_text', 'error_message'],
  saved_queries: ['name', 'description', 'query_text'],
  ai_memory_sessions: ['title', 'summary'],
  ai_memory_messages: ['content'],
}

const TABLE_WEIGHTS: ReadonlyArray<readonly [EditTable, number]> = [
  ['saved_queries', 5],
  ['connection_templates', 3],
  ['query_history', 3],
  ['user_preferences', 2],
  ['ai_memory_sessions', 2],
  ['ai_memory_messages', 4],
]

/** With app-kept session counts, messages are appended more often (mixed pull pages of sessions and messages). */
const SESSION_WEIGHTS: ReadonlyArray<readonly [EditTable, number]> = TABLE_WEIGHTS.map(([t, w]) => [t, t === 'ai_memory_messages' ? w + 2 : w] as const)

const weighted = <T>(rng: Rng, items: ReadonlyArray<readonly [T, number]>): T => {
  const total = items.reduce((s, [, w]) => s + w, 0)
  let r = rng.next() * total
  for (const [item, w] of items) {
    r -= w
    if (r < 0) return item
  }
  return (items[items.length - 1] as readonly [T, number])[0]
}

const DAY = 86_400_000
const HOUR = 3_600_000

/** Long aways never add up past this: query-history retention (90 days by `executed_at`) stays out of play. */
const MAX_AWAY_TOTAL_MS = 55 * DAY

export const generatePlan = (seed: number, options: PlanOptions = {}): Plan => {
  const rng = createRng(seed)
  const f: Features = { ...ALL_FEATURES, ...options.features }
  const [dLo, dHi] = options.devices ?? [3, 5]
  const [oLo, oHi] = options.ops ?? [20, 40]
  const deviceCount = rng.int(dLo, dHi)
  // Big skew: half the devices are off by up to a week, the rest by up to an hour.
  const skew = (): number => (!f.skew ? 0 : f.bigSkew && rng.chance(0.5) ? rng.int(-7 * DAY, 7 * DAY) : rng.int(-HOUR, HOUR))
  const devices = Array.from({ length: deviceCount }, () => ({ skewMs: skew() }))
  const steps: Step[] = []
  const tabs = new Array<boolean>(deviceCount).fill(false)
  const offline = new Array<boolean>(deviceCount).fill(false)
  const opCount = rng.int(oLo, oHi)
  let privateCounter = 0
  let poisonCounter = 0
  let awayTotal = 0
  let restored = false
  const deleted = new Set<string>()
  const privateNow = new Set<string>()
  /** Shared records the plan has written so far. */
  const written: Array<[EditTable, string]> = []
  const strategies: Partial<Record<EditTable, 'manual'>> | undefined =
    f.manual && rng.chance(0.6) ? { [rng.chance(0.7) ? 'saved_queries' : 'connection_templates']: 'manual' } : undefined
  const special: Transition[] = (['lazyReloads', 'followerTabs', 'bigSkew', 'privacyFlips', 'longAways', 'poison', 'lostThenDelete', 'sessionCounts', 'serverRestore', ...ENV_CLASSES] as const).filter((t) => f[t])
  if (strategies !== undefined) special.push('manual')
  /**
   * The transition to make. Mixed with other classes, issue 26's environment classes count as one class together
   * (each has 1/n of a class's weight), so they neither crowd out the others nor make a seed much costlier; alone,
   * every class is equally likely (the same draw as a plain pick).
   */
  const isEnv = (k: Transition): boolean => (ENV_CLASSES as readonly string[]).includes(k)
  const envCount = special.filter(isEnv).length
  const pickSpecial = (): Transition =>
    envCount === 0 || envCount === special.length ? rng.pick(special) : weighted<Transition>(rng, special.map((k) => [k, isEnv(k) ? 1 / envCount : 1] as const))
  const poolKey = (table: EditTable): string => planKey(table, `${PREFIX[table]}-${rng.int(0, POOL[table] - 1)}`)
  const editOf = (d: number, tab: number, table: EditTable): Step => ({ t: 'edit', d, tab, table, key: poolKey(table), field: rng.pick(MARKER_FIELDS[table]) })

  /** One transition of issue 14, as a few consecutive steps. */
  const transition = (kind: Transition, d: number): number => {
    switch (kind) {
      case 'lazyReloads': {
        steps.push({ t: 'restart', d, skewMs: f.restartSkew && rng.chance(0.5) ? skew() : (devices[d] as { skewMs: number }).skewMs, lazy: true })
        tabs[d] = false
        const n = rng.int(1, 2)
        for (let i = 0; i < n; i += 1) steps.push(editOf(d, 0, weighted(rng, TABLE_WEIGHTS)))
        return n
      }
      case 'followerTabs': {
        if (tabs[d] === true) steps.push({ t: 'tab-close', d })
        steps.push({ t: 'tab-open', d, follower: true })
        tabs[d] = true
        const n = rng.int(1, 2)
        for (let i = 0; i < n; i += 1) steps.push(editOf(d, 1, weighted(rng, TABLE_WEIGHTS)))
        return n
      }
      case 'bigSkew': {
        // A causal chain across skewed clocks: e changes a record, both sync, d edits it after seeing the change.
        if (deviceCount < 2) return 0
        const e = (d + rng.int(1, deviceCount - 1)) % deviceCount
        const table = weighted<EditTable>(rng, [['user_preferences', 2], ['query_history', 1], ['ai_memory_messages', 1]])
        const field = rng.pick(MARKER_FIELDS[table])
        if (rng.chance(0.5)) {
          // On a record of its own (nobody else has anything pending for it): e creates it, everyone sees it, e
          // deletes it, d sees the tombstone and writes the record again.
          const key = planKey(table, `${PREFIX[table]}-chain-${steps.length}`)
          steps.push({ t: 'edit', d: e, tab: 0, table, key, field }, { t: 'sync', d: e, tab: 0 }, { t: 'sync', d, tab: 0 })
          steps.push({ t: 'delete', d: e, tab: 0, table, key }, { t: 'sync', d: e, tab: 0 }, { t: 'sync', d, tab: 0 }, { t: 'edit', d, tab: 0, table, key, field })
          return 3
        }
        const key = poolKey(table)
        steps.push(rng.chance(0.5) ? { t: 'delete', d: e, tab: 0, table, key } : { t: 'edit', d: e, tab: 0, table, key, field })
        steps.push({ t: 'sync', d: e, tab: 0 }, { t: 'sync', d, tab: 0 }, { t: 'edit', d, tab: 0, table, key, field })
        return 2
      }
      case 'privacyFlips': {
        const table: EditTable = rng.chance(0.5) ? 'query_history' : 'user_preferences'
        const key = poolKey(table)
        const id = `${d}:${key}`
        const privacy: Privacy = privateNow.has(id) ? 'shared' : 'private'
        if (privacy === 'private') privateNow.add(id)
        else privateNow.delete(id)
        steps.push({ t: 'edit', d, tab: 0, table, key, field: rng.pick(MARKER_FIELDS[table]), privacy })
        return 1
      }
      case 'longAways': {
        if (awayTotal >= MAX_AWAY_TOTAL_MS) return 0
        // Some devices go away; the others sync (and run maintenance) while days pass; then everyone is back.
        const away = Array.from({ length: deviceCount }, (_, i) => i).filter((i) => i === d || rng.chance(0.3))
        // The leaving devices sync on their way out (the last time they see the server for a while).
        for (const i of away) {
          if (offline[i] === true) steps.push({ t: 'offline', d: i, on: false })
          steps.push({ t: 'sync', d: i, tab: 0 }, { t: 'offline', d: i, on: true })
        }
        // Half the aways end close to the tombstone retention (30 days), where device clocks decide the most.
        const total = Math.min(MAX_AWAY_TOTAL_MS - awayTotal, rng.chance(0.5) ? rng.int(25 * DAY, 31 * DAY) : rng.int(12 * HOUR, 20 * DAY))
        // The devices at home keep working while the others are away: they delete, and sync the tombstones.
        for (let i = 0; i < deviceCount; i += 1) {
          if (away.includes(i) || !rng.chance(0.6)) continue
          // A record the plan has written (so it likely exists), deleted after the deleter caught up.
          const [table, key] = written.length > 0 ? rng.pick(written) : ((t: EditTable): [EditTable, string] => [t, poolKey(t)])(weighted(rng, TABLE_WEIGHTS))
          steps.push({ t: 'sync', d: i, tab: 0 }, { t: 'delete', d: i, tab: 0, table, key }, { t: 'sync', d: i, tab: 0 })
        }
        const chunks = rng.int(1, 3)
        for (let c = 0; c < chunks; c += 1) {
          const ms = Math.round(total / chunks)
          awayTotal += ms
          steps.push({ t: 'advance', ms })
          for (let i = 0; i < deviceCount; i += 1) {
            if (away.includes(i)) continue
            // Their syncs run maintenance (the purge), now and then after another delete.
            if (rng.chance(0.2)) {
              const table = weighted(rng, TABLE_WEIGHTS)
              steps.push({ t: 'delete', d: i, tab: 0, table, key: poolKey(table) })
            }
            if (c === chunks - 1 || rng.chance(0.6)) steps.push({ t: 'sync', d: i, tab: 0 })
          }
        }
        for (const i of away) {
          steps.push({ t: 'offline', d: i, on: false })
          offline[i] = false
        }
        return 1
      }
      case 'poison': {
        steps.push({ t: 'edit', d, tab: 0, table: 'saved_queries', key: `sq-poison-${d}-${poisonCounter++}`, field: 'name', poison: true })
        return 1
      }
      case 'lostThenDelete': {
        const table = weighted(rng, TABLE_WEIGHTS)
        const key = poolKey(table)
        steps.push({ t: 'fault', d, kind: 'lost-after-commit', on: 'push', via: rng.chance(0.5) ? 'device' : 'emulator' })
        steps.push({ t: 'edit', d, tab: 0, table, key, field: rng.pick(MARKER_FIELDS[table]) })
        steps.push({ t: 'sync', d, tab: 0 })
        steps.push({ t: 'delete', d, tab: 0, table, key })
        return 2
      }
      case 'sessionCounts': {
        // Two devices append to one session; the second appends while its pull brings the first one's page
        // (session and messages together), so the session's conflict shows up during the pull.
        if (deviceCount < 2) return 0
        const e = (d + rng.int(1, deviceCount - 1)) % deviceCount
        const n = steps.length
        steps.push({ t: 'edit', d: e, tab: 0, table: 'ai_memory_messages', key: `msg-new-${n}`, field: 'content' })
        steps.push({ t: 'sync', d: e, tab: 0 })
        steps.push({ t: 'sync-edit', d, tab: 0, edit: { t: 'edit', d, tab: 0, table: 'ai_memory_messages', key: `msg-new-${n + 1}`, field: 'content' } })
        return 2
      }
      case 'serverRestore': {
        // Once per plan: a backup, a few edits acknowledged after it (and maybe pulled elsewhere), then the restore.
        if (restored) return 0
        restored = true
        steps.push({ t: 'backup' })
        const n = rng.int(1, 4)
        for (let i = 0; i < n; i += 1) {
          const e = rng.int(0, deviceCount - 1)
          steps.push(editOf(e, 0, weighted(rng, TABLE_WEIGHTS)), { t: 'sync', d: e, tab: 0 })
          if (rng.chance(0.4)) steps.push({ t: 'sync', d: rng.int(0, deviceCount - 1), tab: 0 })
        }
        steps.push({ t: 'restore' })
        return n
      }
      case 'manual': {
        steps.push({ t: 'resolve', d, choice: weighted<Answer>(rng, [['local', 3], ['remote', 1], ['both', 1]]) })
        return 0
      }
      default:
        if ((ENV_CLASSES as readonly string[]).includes(kind)) {
          return planEnv(kind as EnvClass, d, {
            rng,
            deviceCount,
            edit: (e) => editOf(e, 0, weighted(rng, TABLE_WEIGHTS)),
            online: (e) => {
              if (offline[e] === true) steps.push({ t: 'offline', d: e, on: false })
              offline[e] = false
            },
            oneTab: (e) => {
              tabs[e] = false
            },
            push: (...more) => steps.push(...more),
          })
        }
        return 0
    }
  }

  for (let ops = 0, guard = 0; ops < opCount && guard < 10 * oHi; guard += 1) {
    const d = rng.int(0, deviceCount - 1)
    const tab = tabs[d] === true && rng.chance(0.4) ? 1 : 0
    if (special.length > 0 && rng.chance(0.14)) {
      ops += transition(pickSpecial(), d)
      continue
    }
    const roll = rng.next()
    if (roll < 0.5) {
      ops += 1
      const table = weighted(rng, f.sessionCounts ? SESSION_WEIGHTS : TABLE_WEIGHTS)
      if (f.deletes && rng.chance(0.12)) {
        const key = planKey(table, `${PREFIX[table]}-${rng.int(0, POOL[table] - 1)}`)
        deleted.add(key)
        steps.push({ t: 'delete', d, tab, table, key })
        continue
      }
      const fields = MARKER_FIELDS[table]
      const field = rng.pick(fields)
      const makePrivate = f.privateRecords && (table === 'query_history' || table === 'user_preferences') && rng.chance(0.1)
      // Private records live in their own key space: a record never changes between private and shared here
      // (privacy transitions on shared records are their own class, `privacyFlips`).
      const key = makePrivate
        ? planKey(table, `${PREFIX[table]}-private-${d}-${privateCounter++}`, d)
        : table === 'ai_memory_messages' && rng.chance(0.5)
          ? planKey(table, `${PREFIX[table]}-new-${steps.length}`)
          : planKey(table, `${PREFIX[table]}-${rng.int(0, POOL[table] - 1)}`)
      if (!f.recreate && deleted.has(key)) continue
      const secret = f.secrets && (table === 'connection_templates' || table === 'query_history') && rng.chance(0.25)
      if (!makePrivate) written.push([table, key])
      steps.push({ t: 'edit', d, tab, table, key, field, ...(secret ? { secret } : {}), ...(makePrivate ? { private: true } : {}) })
    } else if (roll < 0.68) {
      steps.push({ t: 'sync', d, tab })
    } else if (roll < 0.74 && f.inflight) {
      steps.push({ t: 'sync-start', d, tab })
    } else if (roll < 0.8 && f.faults) {
      const kind = weighted<FaultKind>(rng, [['network', 2], ['lost-after-commit', 3], ['5xx', 2], ['429', 1], ['latency', 1]])
      steps.push({ t: 'fault', d, kind, on: rng.chance(0.6) ? 'push' : 'any', via: rng.chance(0.5) ? 'device' : 'emulator' })
    } else if (roll < 0.85 && f.offline) {
      offline[d] = !offline[d]
      steps.push({ t: 'offline', d, on: offline[d] === true })
    } else if (roll < 0.89 && f.restarts) {
      const corrected = rng.chance(0.5) ? skew() : undefined
      steps.push({ t: 'restart', d, skewMs: f.restartSkew && corrected !== undefined ? corrected : (devices[d] as { skewMs: number }).skewMs })
      tabs[d] = false
    } else if (roll < 0.93 && f.tabs) {
      if (tabs[d] === true && rng.chance(0.5)) {
        steps.push({ t: 'sync-both', d })
      } else {
        tabs[d] = !tabs[d]
        steps.push(tabs[d] === true ? { t: 'tab-open', d } : { t: 'tab-close', d })
      }
    } else {
      steps.push({ t: 'advance', ms: rng.chance(0.2) ? rng.int(60_000, 3 * 3_600_000) : rng.int(1, 5_000) })
    }
  }
  if (f.values) {
    // A stream of its own: the rest of a seed's plan is the same with or without values. Only tab 0 (always open).
    const vrng = createRng(seed ^ 0x27270027 ^ (options.valuesSeed ?? 0))
    for (let n = vrng.int(1, 3); n > 0; n -= 1) {
      const at = vrng.int(0, steps.length)
      steps.splice(at, 0, { t: 'value', d: vrng.int(0, deviceCount - 1), tab: 0, kind: vrng.pick(['text', 'integer', 'json'] as const), seed: vrng.int(0, 2 ** 30) })
    }
  }
  return { seed, devices, steps, ...(strategies === undefined ? {} : { strategies }), ...(f.sessionCounts ? { appCounts: true } : {}) }
}

/** One line per step, for traces. */
export const describeStep = (step: Step): string => {
  switch (step.t) {
    case 'value':
      return `d${step.d}${step.tab === 1 ? '/tab2' : ''} writes 4 ${step.kind} values (samples of seed ${step.seed})`
    case 'edit':
      return `d${step.d}${step.tab === 1 ? '/tab2' : ''} edit ${step.table} ${step.key}.${step.field}${step.secret ? ' +secret' : ''}${step.private ? ' (private)' : ''}${step.privacy === undefined ? '' : ` → ${step.privacy}`}${step.poison ? ' (poison)' : ''}`
    case 'delete':
      return `d${step.d}${step.tab === 1 ? '/tab2' : ''} delete ${step.table} ${step.key}`
    case 'sync':
    case 'sync-start':
      return `d${step.d}${step.tab === 1 ? '/tab2' : ''} ${step.t}`
    case 'sync-both':
      return `d${step.d} sync both tabs at once`
    case 'sync-edit':
      return `d${step.d}${step.tab === 1 ? '/tab2' : ''} sync, and while its pull is on the wire: ${describeStep(step.edit)}`
    case 'offline':
      return `d${step.d} ${step.on ? 'goes offline' : 'comes online'}`
    case 'fault':
      return `d${step.d} fault ${step.kind} on next ${step.on === 'push' ? 'push' : 'request'} (${step.via})`
    case 'restart':
      return `d${step.d} restart (skew ${Math.round(step.skewMs / 1000)} s)${step.lazy ? ', edits before the first cycle' : ''}`
    case 'tab-open':
      return `d${step.d} tab-open${step.follower ? ' (follower)' : ''}`
    case 'tab-close':
      return `d${step.d} ${step.t}`
    case 'resolve':
      return `d${step.d} user resolves the oldest held conflict: ${step.choice}`
    case 'advance':
      return `clock +${step.ms} ms`
    case 'backup':
      return 'server backup taken'
    case 'restore':
      return 'server restored to the last backup'
    default:
      return describeEnv(step)
  }
}
