import { createRng, type Rng } from './random'

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

export type Step =
  /** Create or edit a record on a device (tab): `field` gets a value carrying the step's unique marker. */
  | { readonly t: 'edit'; readonly d: number; readonly tab: number; readonly table: EditTable; readonly key: string; readonly field: string; readonly secret?: boolean; readonly private?: boolean }
  | { readonly t: 'delete'; readonly d: number; readonly tab: number; readonly table: EditTable; readonly key: string }
  /** syncNow on one tab and wait for it. */
  | { readonly t: 'sync'; readonly d: number; readonly tab: number }
  /** Start a sync and go on without waiting: later steps run while it is in flight. */
  | { readonly t: 'sync-start'; readonly d: number; readonly tab: number }
  /** Both tabs of a device sync at the same time (leadership moving between tabs). */
  | { readonly t: 'sync-both'; readonly d: number }
  | { readonly t: 'offline'; readonly d: number; readonly on: boolean }
  /** A one-shot fault on the device's next request (`on: 'push'` = next write request only). */
  | { readonly t: 'fault'; readonly d: number; readonly kind: FaultKind; readonly on: 'push' | 'any'; readonly via: 'device' | 'emulator' }
  /** Drop every in-memory state of the device and reload from IndexedDB; the clock may be corrected. */
  | { readonly t: 'restart'; readonly d: number; readonly skewMs: number }
  | { readonly t: 'tab-open'; readonly d: number }
  | { readonly t: 'tab-close'; readonly d: number }
  | { readonly t: 'advance'; readonly ms: number }

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
}

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
}

export interface Plan {
  readonly seed: number
  readonly devices: ReadonlyArray<{ readonly skewMs: number }>
  readonly steps: readonly Step[]
}

export interface PlanOptions {
  readonly devices?: readonly [number, number]
  readonly ops?: readonly [number, number]
  readonly features?: Partial<Features>
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

const weighted = <T>(rng: Rng, items: ReadonlyArray<readonly [T, number]>): T => {
  const total = items.reduce((s, [, w]) => s + w, 0)
  let r = rng.next() * total
  for (const [item, w] of items) {
    r -= w
    if (r < 0) return item
  }
  return (items[items.length - 1] as readonly [T, number])[0]
}

export const generatePlan = (seed: number, options: PlanOptions = {}): Plan => {
  const rng = createRng(seed)
  const f: Features = { ...ALL_FEATURES, ...options.features }
  const [dLo, dHi] = options.devices ?? [3, 5]
  const [oLo, oHi] = options.ops ?? [20, 40]
  const deviceCount = rng.int(dLo, dHi)
  const skew = (): number => (f.skew ? rng.int(-3_600_000, 3_600_000) : 0)
  const devices = Array.from({ length: deviceCount }, () => ({ skewMs: skew() }))
  const steps: Step[] = []
  const tabs = new Array<boolean>(deviceCount).fill(false)
  const offline = new Array<boolean>(deviceCount).fill(false)
  const opCount = rng.int(oLo, oHi)
  let privateCounter = 0
  const deleted = new Set<string>()

  for (let ops = 0; ops < opCount; ) {
    const d = rng.int(0, deviceCount - 1)
    const tab = tabs[d] === true && rng.chance(0.4) ? 1 : 0
    const roll = rng.next()
    if (roll < 0.5) {
      ops += 1
      const table = weighted(rng, TABLE_WEIGHTS)
      if (f.deletes && rng.chance(0.12)) {
        const key = `${PREFIX[table]}-${rng.int(0, POOL[table] - 1)}`
        deleted.add(key)
        steps.push({ t: 'delete', d, tab, table, key })
        continue
      }
      const fields = MARKER_FIELDS[table]
      const field = rng.pick(fields)
      const makePrivate = f.privateRecords && (table === 'query_history' || table === 'user_preferences') && rng.chance(0.1)
      // Private records live in their own key space: a record never changes between private and shared.
      const key = makePrivate
        ? `${PREFIX[table]}-private-${d}-${privateCounter++}`
        : table === 'ai_memory_messages' && rng.chance(0.5)
          ? `${PREFIX[table]}-new-${steps.length}`
          : `${PREFIX[table]}-${rng.int(0, POOL[table] - 1)}`
      if (!f.recreate && deleted.has(key)) continue
      const secret = f.secrets && (table === 'connection_templates' || table === 'query_history') && rng.chance(0.25)
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
  return { seed, devices, steps }
}

/** One line per step, for traces. */
export const describeStep = (step: Step): string => {
  switch (step.t) {
    case 'edit':
      return `d${step.d}${step.tab === 1 ? '/tab2' : ''} edit ${step.table} ${step.key}.${step.field}${step.secret ? ' +secret' : ''}${step.private ? ' (private)' : ''}`
    case 'delete':
      return `d${step.d}${step.tab === 1 ? '/tab2' : ''} delete ${step.table} ${step.key}`
    case 'sync':
    case 'sync-start':
      return `d${step.d}${step.tab === 1 ? '/tab2' : ''} ${step.t}`
    case 'sync-both':
      return `d${step.d} sync both tabs at once`
    case 'offline':
      return `d${step.d} ${step.on ? 'goes offline' : 'comes online'}`
    case 'fault':
      return `d${step.d} fault ${step.kind} on next ${step.on === 'push' ? 'push' : 'request'} (${step.via})`
    case 'restart':
      return `d${step.d} restart (skew ${Math.round(step.skewMs / 1000)} s)`
    case 'tab-open':
    case 'tab-close':
      return `d${step.d} ${step.t}`
    case 'advance':
      return `clock +${step.ms} ms`
  }
}
