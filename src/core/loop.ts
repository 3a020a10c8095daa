import type { Env } from './env'
import type { SyncSummary } from './status'

/**
 * The sync loop: when a cycle runs. {@link transition} decides (pure), {@link createLoop} carries it out with the
 * injected timers.
 *
 *                    change: re-arm the debounce (the flush stays)
 *                        ┌──┐
 *             change     │  ▼
 *     idle ──────────► debouncing    arms the debounce (short: one edit leaves at once) and the flush (the longest a
 *      ▲ │                  │         burst waits), so a burst batches into one upload yet never waits forever (I8)
 *      │ │ poll             │ debounce or flush
 *      │ │                  ▼
 *      │ └──────────────► syncing ◄──── request; online, focus, lead (leader): from any state (focus and lead
 *      │                 │  │  │        not while offline); clears debounce, flush, retry
 *      │                 │  │  │        request or poll during a cycle: one cycle queued, run when it ends
 *      │    done, poll   │  │  │        change during a cycle: nothing armed (the end looks at what is pending)
 *      └─── armed ───────┘  │  │
 *        (→ debouncing if edits wait; again at once if it pushed and more waits)
 *                           │  └─ transient failure ─► backing-off / offline ── retry ─► syncing
 *                           │                         (poll and debounce cleared, changes arm nothing:
 *                           │                          Retry-After is law, R8)
 *                           └─ another device deactivated this one ─► deactivated (no timers)
 *
 *     offline (the platform says so): from idle or debouncing ─► offline, every timer cleared, changes arm nothing;
 *     online ─► syncing. Nothing is sent while the browser knows it cannot reach anything.
 *
 * Only the leader tab arms timers (I11); `role` says whether this tab leads. A follower or a stopped engine still
 * runs a cycle when asked (`syncNow` before `start`, a store's action), and arms nothing after it.
 */
/**
 * `offline` is `backing-off` after a network error or while the device is offline: it waits for the retry or the
 * `online` event, whichever comes first.
 */
export type LoopState = 'idle' | 'debouncing' | 'syncing' | 'backing-off' | 'offline' | 'deactivated'

export type LoopRole = 'stopped' | 'follower' | 'leader'

/** `flush`: the end of a burst's longest wait, armed with the first change after a cycle. */
export type LoopTimer = 'debounce' | 'flush' | 'poll' | 'retry'

export interface LoopModel {
  readonly state: LoopState
  readonly role: LoopRole
  /** A cycle was asked for while one ran: it starts when that one ends. */
  readonly queued: boolean
}

export type LoopEvent =
  | { readonly type: 'start' }
  | { readonly type: 'lead' }
  | { readonly type: 'stop' }
  /** A captured local write committed. */
  | { readonly type: 'change' }
  /** `syncNow`, a follower's forward, a store's action. */
  | { readonly type: 'request' }
  | { readonly type: 'online' }
  /** The platform reports no network. */
  | { readonly type: 'offline' }
  | { readonly type: 'focus' }
  | { readonly type: 'timer'; readonly timer: LoopTimer }
  /** The cycle succeeded. `worked`: it pushed, conflicted or quarantined something. */
  | { readonly type: 'done'; readonly pending: number; readonly worked: boolean; readonly deactivated: boolean }
  /** The cycle failed. `retryInMs` null: nothing to retry (auth, aborted). */
  | { readonly type: 'failed'; readonly retryInMs: number | null; readonly offline: boolean; readonly deactivated: boolean }

export type LoopEffect =
  | { readonly type: 'arm'; readonly timer: LoopTimer; readonly ms: number }
  | { readonly type: 'clear'; readonly timer: LoopTimer }
  | { readonly type: 'run' }

export interface LoopTiming {
  /** Quiet time after the last change before an upload. */
  readonly debounceMs: number
  /** The longest the first change of a burst waits, however the debounce is re-armed. */
  readonly maxWaitMs: number
  /** Until the next poll; the engine picks it from the page's visibility and the user's activity. */
  readonly pollIntervalMs: number
}

export interface Step {
  readonly model: LoopModel
  readonly effects: readonly LoopEffect[]
}

export const INITIAL_LOOP: LoopModel = { state: 'idle', role: 'stopped', queued: false }

const run = (model: LoopModel): Step =>
  model.state === 'syncing'
    ? { model: { ...model, queued: true }, effects: [] }
    : {
        model: { ...model, state: 'syncing' },
        effects: [{ type: 'clear', timer: 'debounce' }, { type: 'clear', timer: 'flush' }, { type: 'clear', timer: 'retry' }, { type: 'run' }],
      }

/** Entering `debouncing`: the debounce, and the flush that bounds the whole burst. */
const debounce = (timing: LoopTiming): LoopEffect[] => [
  { type: 'arm', timer: 'debounce', ms: timing.debounceMs },
  ...(timing.maxWaitMs > timing.debounceMs ? [{ type: 'arm', timer: 'flush', ms: timing.maxWaitMs } as const] : []),
]

const ALL_TIMERS: readonly LoopTimer[] = ['debounce', 'flush', 'poll', 'retry']
const clearAll = (): LoopEffect[] => ALL_TIMERS.map((timer) => ({ type: 'clear', timer }))

/** After a cycle: a queued request starts the next one at once (it clears what the cycle's end armed). */
const next = (model: LoopModel, effects: LoopEffect[], queued: boolean): Step => {
  if (!queued) return { model: { ...model, queued: false }, effects }
  const then = run({ ...model, queued: false })
  return { model: then.model, effects: [...effects, ...then.effects] }
}

export const transition = (model: LoopModel, event: LoopEvent, timing: LoopTiming): Step => {
  const leads = model.role === 'leader'
  switch (event.type) {
    case 'start':
      return { model: model.role === 'stopped' ? { ...model, role: 'follower' } : model, effects: [] }
    case 'lead':
      // A tab stopped before its turn came must not lead; an offline one leads from `online`.
      if (model.role === 'stopped') return { model, effects: [] }
      return model.state === 'offline' ? { model: { ...model, role: 'leader' }, effects: [] } : run({ ...model, role: 'leader' })
    case 'stop': {
      const state = model.state === 'syncing' || model.state === 'deactivated' ? model.state : 'idle'
      return { model: { ...model, role: 'stopped', state }, effects: clearAll() }
    }
    case 'offline':
      // A cycle in flight ends on its own (a network failure lands in `offline` with its retry).
      if (model.state !== 'idle' && model.state !== 'debouncing' && model.state !== 'backing-off') return { model, effects: [] }
      return { model: { ...model, state: 'offline' }, effects: clearAll() }
    case 'change':
      // The engine's own outbox writes during a cycle (acknowledgements, re-queues) arm nothing: the cycle looks at
      // what is pending when it ends. While backing off, neither may a debounce come sooner than the retry (R8).
      if (!leads || (model.state !== 'idle' && model.state !== 'debouncing')) return { model, effects: [] }
      if (model.state === 'debouncing') return { model, effects: [{ type: 'arm', timer: 'debounce', ms: timing.debounceMs }] }
      return { model: { ...model, state: 'debouncing' }, effects: debounce(timing) }
    case 'online':
      return leads ? run(model) : { model, effects: [] }
    case 'focus':
      // Coming back to the page looks at once, unless there is no network to look with: `online` will.
      return leads && model.state !== 'offline' ? run(model) : { model, effects: [] }
    case 'request':
    case 'timer':
      return run(model)
    case 'done': {
      const effects: LoopEffect[] = []
      // A debounce armed by writes this cycle already uploaded (the heartbeat, conflict copies) has nothing to do.
      if (event.pending === 0) effects.push({ type: 'clear', timer: 'debounce' }, { type: 'clear', timer: 'flush' })
      // Conflicts re-queued records or edits arrived during the cycle: go again.
      const again = event.pending > 0 && event.worked && !event.deactivated
      const wait = !again && event.pending > 0 && !event.deactivated && leads
      // Edits made while this cycle pulled: upload them after the usual debounce.
      if (wait) effects.push(...debounce(timing))
      if (leads && !event.deactivated) effects.push({ type: 'arm', timer: 'poll', ms: timing.pollIntervalMs })
      const state: LoopState = event.deactivated ? 'deactivated' : wait ? 'debouncing' : 'idle'
      return next({ ...model, state }, effects, model.queued || again)
    }
    case 'failed': {
      if (event.retryInMs !== null && leads) {
        // The retry is the next cycle: an armed poll or debounce must not come sooner (R8).
        const effects: LoopEffect[] = [
          { type: 'clear', timer: 'poll' },
          { type: 'clear', timer: 'debounce' },
          { type: 'clear', timer: 'flush' },
          { type: 'arm', timer: 'retry', ms: event.retryInMs },
        ]
        return next({ ...model, state: event.offline ? 'offline' : 'backing-off' }, effects, model.queued)
      }
      const effects: LoopEffect[] = leads && !event.deactivated ? [{ type: 'arm', timer: 'poll', ms: timing.pollIntervalMs }] : []
      return next({ ...model, state: event.deactivated ? 'deactivated' : 'idle' }, effects, model.queued)
    }
  }
}

export interface LoopHooks {
  /** One cycle. */
  cycle(): Promise<SyncSummary>
  /** The engine's bookkeeping after a cycle that succeeded; returns what the loop decides on. */
  succeeded(summary: SyncSummary, latencyMs: number): Promise<{ readonly pending: number; readonly deactivated: boolean }>
  /** Reports a failed cycle (`failures` before it, for the backoff); never rejects. */
  failed(error: unknown, failures: number): Promise<{ readonly retryInMs: number | null; readonly offline: boolean; readonly deactivated: boolean }>
}

export interface Loop {
  /** Sends an event that may start a cycle nobody waits for. */
  send(event: Exclude<LoopEvent, { type: 'done' | 'failed' | 'request' | 'timer' }>): void
  /** Runs a cycle now, or after the running one; callers during a cycle share the next one. */
  request(): Promise<SyncSummary>
  /** Resolves when no cycle is running or queued. */
  whenIdle(): Promise<void>
  /** The running cycle, if any. */
  running(): Promise<SyncSummary> | undefined
  model(): LoopModel
}

/** `timing` may be a getter: it is read at every step, so the poll follows the page's visibility and activity. */
export const createLoop = (input: { readonly env: Env; readonly timing: LoopTiming | (() => LoopTiming); readonly hooks: LoopHooks }): Loop => {
  const { env, hooks } = input
  const timing = (): LoopTiming => (typeof input.timing === 'function' ? input.timing() : input.timing)
  let model = INITIAL_LOOP
  let running: Promise<SyncSummary> | undefined
  let waiting: { promise: Promise<SyncSummary>; resolve: (p: Promise<SyncSummary>) => void } | undefined
  let failures = 0
  const timers = new Map<LoopTimer, unknown>()

  /** `claimed`: the caller of `request` holds the promise; otherwise nobody may see a rejection go unhandled. */
  const start = (claimed: boolean): Promise<SyncSummary> => {
    const startedAt = env.now()
    let outcome: LoopEvent = { type: 'failed', retryInMs: null, offline: false, deactivated: false }
    const cycle = hooks
      .cycle()
      .then(async (summary) => {
        failures = 0
        const { pending, deactivated } = await hooks.succeeded(summary, env.now() - startedAt)
        outcome = { type: 'done', pending, deactivated, worked: summary.pushed + summary.conflicts + summary.quarantined > 0 }
        return summary
      })
      .catch(async (error: unknown) => {
        const failed = await hooks.failed(error, failures)
        if (failed.retryInMs !== null) failures += 1
        outcome = { type: 'failed', ...failed }
        throw error
      })
      .finally(() => {
        running = undefined
        apply(transition(model, outcome, timing()))
      })
    running = cycle
    if (waiting !== undefined) {
      waiting.resolve(cycle)
      waiting = undefined
    } else if (!claimed) cycle.catch(() => {})
    return cycle
  }

  const apply = (step: Step, claimed = false): void => {
    model = step.model
    for (const effect of step.effects) {
      if (effect.type === 'run') start(claimed)
      else {
        if (timers.has(effect.timer)) env.clearTimeout(timers.get(effect.timer))
        timers.delete(effect.timer)
        if (effect.type === 'arm') {
          const timer = effect.timer
          timers.set(timer, env.setTimeout(() => {
            timers.delete(timer)
            apply(transition(model, { type: 'timer', timer }, timing()))
          }, effect.ms))
        }
      }
    }
  }

  return {
    send: (event) => apply(transition(model, event, timing())),
    request() {
      const step = transition(model, { type: 'request' }, timing())
      if (step.model.queued) {
        model = step.model
        if (waiting === undefined) {
          let resolve!: (p: Promise<SyncSummary>) => void
          const promise = new Promise<SyncSummary>((r) => (resolve = r))
          waiting = { promise, resolve }
        }
        return waiting.promise
      }
      apply(step, true)
      return running!
    },
    async whenIdle() {
      while (running !== undefined || waiting !== undefined) await (waiting?.promise ?? running)?.catch(() => {})
    },
    running: () => running,
    model: () => model,
  }
}
