import { PULLED_TABLES, type SyncedTableName } from '../schema/tables'
import { backoffDelay, type BackoffOptions } from './backoff'
import { createConflictResolver, type StrategyOption } from './conflicts/resolve'
import { runCycle, type ScreenSource } from './cycle'
import { describeDevice, deviceRow, type DeviceInfo } from './devices'
import { defaultEnv, type Env } from './env'
import { SyncError } from './errors'
import { createHybridClock, type HybridClock } from './hlc'
import { createLeadership, type Leadership } from './leader'
import type { LocalStore, PersistedState, RemoteStore } from './ports'
import { initialStatus, type SyncStatus, type SyncSummary } from './status'
import { createStore, shallowEqual, type ReadableStore } from './store'
import { createConflictCenter, type ConflictCenter } from './conflicts/center'
import { createDeviceRegistry, type DeviceRegistry } from './deviceRegistry'
import { createQuarantineCenter, type QuarantineCenter } from './quarantine'
export type { QuarantineCenter } from './quarantine'
import { DEFAULT_RETENTION, runMaintenance, type RetentionOptions } from './maintenance'

export type { RetentionOptions } from './maintenance'

export type { DeviceRegistry } from './deviceRegistry'
import type { AlertThresholds, EngineMetrics, PriceTable, SyncAlert } from './metrics'
import { createEngineMeter } from './engineMetrics'

export type { EngineMetrics } from './metrics'

/**
 * The engine: scheduling, leadership and status around {@link runCycle}.
 *
 *   local change ─► debounce (5 s) ─┐
 *   poll (30 s), online, focus ─────┼─► cycle (one at a time) ─► idle
 *   syncNow() ──────────────────────┘        │ transient error ─► backoff (full jitter, Retry-After) ─► cycle
 *                                            │ auth error ─► fresh token once ─► needs-auth
 *                                            └ device deactivated ─► deactivated (stops)
 */
export interface EngineOptions {
  local: LocalStore
  remote: RemoteStore & { stats?: { requests: number; bytesUp: number; bytesDown: number; rowsRead: number; rowsWritten: number }; abort?: () => void }
  userId: string
  deviceName?: string
  device?: Partial<DeviceInfo>
  /** @default 5000 */
  debounceMs?: number
  /** @default 30000 */
  pollIntervalMs?: number
  /** How often `last_seen` is written at most. Idle polls write nothing in between. @default 21_600_000 (6 h) */
  heartbeatIntervalMs?: number
  /** @default 1000 */
  pushBatchSize?: number
  /** Bytes one push request may carry; a single record larger than this is quarantined as too large. @default 4 MB */
  pushBudgetBytes?: number
  /** Rows per table per pull request. @default 1000 */
  pullPageSize?: number
  backoff?: BackoffOptions
  strategies?: Partial<Record<SyncedTableName, StrategyOption>>
  /** Retention (the brief's defaults). Runs on the leader at most once a day. */
  retention?: Partial<RetentionOptions>
  /** Prices for the cost meter. @default DEFAULT_PRICES */
  prices?: PriceTable
  /** Alert thresholds (the brief's table). */
  alerts?: Partial<AlertThresholds>
  /** Called when a metric crosses its threshold (once per crossing). */
  onAlert?: (alert: SyncAlert) => void
  /**
   * Makes an outgoing row safe to send, and reports a credential it still carries (I10). Required: there is no
   * engine without a screen (`createSyncEngine` passes a loader of the package's sanitizer: see `ScreenSource`).
   */
  screen: ScreenSource
  env?: Partial<Env>
}

export interface SyncEngine {
  start(): void
  stop(): Promise<void>
  syncNow(): Promise<SyncSummary>
  getStatus(): SyncStatus
  subscribe(listener: () => void): () => void
  /** Resolves when no cycle is running or queued. */
  whenIdle(): Promise<void>
  readonly status: ReadableStore<SyncStatus>
  readonly conflicts: ConflictCenter
  /** Records the server refused, with retry and discard. */
  readonly quarantine: QuarantineCenter
  readonly devices: DeviceRegistry
  metrics(): EngineMetrics
  /** The device id, once loaded. */
  deviceId(): string | undefined
}


const EMPTY_SUMMARY: SyncSummary = { pushed: 0, pulled: 0, conflicts: 0, quarantined: 0, requests: 0, durationMs: 0 }

export const createEngine = (options: EngineOptions): SyncEngine => {
  const env = defaultEnv(options.env)
  const { local, remote } = options
  const info = describeDevice(typeof navigator === 'undefined' ? undefined : navigator.userAgent, {
    ...options.device,
    ...(options.deviceName === undefined ? {} : { deviceName: options.deviceName }),
  })
  const status = createStore<SyncStatus>(initialStatus(env.online.isOnline()), shallowEqual)
  const patch = (p: Partial<SyncStatus>): void => status.set((s) => ({ ...s, ...p }))

  let state: PersistedState | undefined
  let clock: HybridClock | undefined
  let loading: Promise<PersistedState> | undefined
  let running: Promise<SyncSummary> | undefined
  let queued: Promise<SyncSummary> | undefined
  let failures = 0
  let deactivated = false
  let started = false
  const timers = new Map<'debounce' | 'poll' | 'retry', unknown>()
  const cleanups: Array<() => void> = []
  const meter = createEngineMeter({
    env,
    queueDepth: () => status.getSnapshot().pendingCount,
    transport: () => remote.stats,
    prices: options.prices,
    alerts: options.alerts,
    onAlert: options.onAlert,
  })

  const setTimer = (name: 'debounce' | 'poll' | 'retry', ms: number, fn: () => void): void => {
    clearTimer(name)
    timers.set(name, env.setTimeout(() => {
      timers.delete(name)
      fn()
    }, ms))
  }
  const clearTimer = (name: 'debounce' | 'poll' | 'retry'): void => {
    if (timers.has(name)) env.clearTimeout(timers.get(name))
    timers.delete(name)
  }

  const load = (): Promise<PersistedState> =>
    (loading ??= (async () => {
      const loaded = await local.loadState(env.newId)
      const c = (clock = createHybridClock({
        deviceId: loaded.deviceId,
        now: env.now,
        last: loaded.hlc,
        // Adopted anyway (R2), but never silently: the status shows how far ahead another device's clock runs.
        onDrift: (drift) => patch({ clockDriftMs: drift.aheadMs }),
      }))
      local.configure({ userId: options.userId, deviceId: loaded.deviceId, tick: () => c.tick(), receive: (hlc) => c.receive(hlc), now: env.now, newId: env.newId })
      if (loaded.userId !== options.userId) await local.saveState({ userId: options.userId })
      state = loaded
      await refreshCounts()
      return loaded
    })())

  const refreshCounts = async (): Promise<void> => {
    const [pendingCount, quarantined] = await Promise.all([local.pendingCount(), local.quarantined()])
    patch({ pendingCount, quarantinedCount: quarantined.length })
  }

  /** After a cycle: the conflict and device stores follow the data, and the status counts manual conflicts. */
  const refreshStores = async (): Promise<void> => {
    await Promise.all([conflicts.refresh(), devices.refresh(), quarantine.refresh()])
    patch({ conflictCount: conflicts.getSnapshot().pending.length })
  }

  const decide = (): ReturnType<typeof createConflictResolver> =>
    createConflictResolver({
      ...(options.strategies === undefined ? {} : { strategies: options.strategies }),
      userId: options.userId,
      deviceId: state!.deviceId,
      deviceName: info.deviceName,
      now: env.now,
      tick: () => clock!.tick(),
      newId: env.newId,
    })

  const heartbeat = async (): Promise<void> => {
    const loaded = state!
    const now = env.now()
    const previous = await local.read('device_registry', loaded.deviceId)
    if (previous !== null && Number(previous['is_active']) === 0) {
      deactivated = true
      return
    }
    const due = previous === null || now - (loaded.lastHeartbeatAt ?? 0) >= (options.heartbeatIntervalMs ?? 21_600_000)
    if (!due) return
    await local.write('device_registry', deviceRow(loaded.deviceId, info, now, previous, loaded.lastSyncedAt ?? null))
    await local.saveState({ lastHeartbeatAt: now })
    state = { ...loaded, lastHeartbeatAt: now }
  }

  const cycle = async (): Promise<SyncSummary> => {
    const loaded = await load()
    if (deactivated) return EMPTY_SUMMARY
    await heartbeat()
    if (deactivated) {
      patch({ phase: 'deactivated' })
      return EMPTY_SUMMARY
    }
    const requestsBefore = remote.stats?.requests ?? 0
    const bootstrapped = state?.bootstrapped === true
    // Cursors are re-read each cycle: the pull commits them with each page, in the same transaction.
    const fresh = await local.loadState(env.newId)
    const retention = { ...DEFAULT_RETENTION, ...options.retention }
    const summary = await runCycle({
      local,
      remote,
      decide: decide(),
      userId: options.userId,
      deviceId: loaded.deviceId,
      now: env.now,
      screen: options.screen,
      pushBatchSize: options.pushBatchSize ?? 1000,
      ...(options.pushBudgetBytes === undefined ? {} : { pushBudgetBytes: options.pushBudgetBytes }),
      pullPageSize: options.pullPageSize ?? 1000,
      bootstrapped,
      cursors: fresh.cursors,
      observe: (hlc) => clock!.receive(hlc),
      onProgress: (progress) => patch({ progress }),
      onPhase: (phase) => patch({ phase }),
      requestCount: () => (remote.stats?.requests ?? 0) - requestsBefore,
    })
    const stored = await runMaintenance({ local, remote, now: env.now(), userId: options.userId, deviceId: loaded.deviceId, last: fresh.lastMaintenanceAt, retention })
    if (stored !== undefined) meter.storage(stored)
    const now = env.now()
    const own = await local.read('device_registry', loaded.deviceId)
    if (own !== null && Number(own['is_active']) === 0) deactivated = true
    state = { ...state!, lastSyncedAt: now, bootstrapped: true, hlc: clock!.peek() }
    await local.saveState({ lastSyncedAt: now, bootstrapped: true, hlc: clock!.peek() })
    return summary
  }

  const onFailure = (error: unknown): void => {
    meter.failed()
    // An error of unknown origin keeps its cause but never its text in status: it may carry anything (a token, a
    // value), and the UI shows `lastError` as it is.
    const e = error instanceof SyncError ? error : new SyncError('local', 'Sync failed on this device', { cause: error, transient: true })
    const lastError = { code: e.code, message: e.message }
    if (e.code === 'auth') {
      patch({ phase: 'needs-auth', lastError, nextRetryAt: null, progress: null })
      return
    }
    if (e.code === 'aborted') return
    const delay = backoffDelay(failures, env.random, options.backoff, e.retryAfterMs)
    failures += 1
    const offline = e.code === 'network' || !env.online.isOnline()
    patch({ phase: offline ? 'offline' : 'error', lastError, nextRetryAt: env.now() + delay, progress: null })
    if (leads()) {
      // The retry is the next cycle: an armed poll or debounce must not come sooner (R8).
      clearTimer('poll')
      clearTimer('debounce')
      setTimer('retry', delay, () => void requestCycle().catch(() => {}))
    }
  }

  /** Runs a cycle now, or after the running one; callers during a cycle share the next one. */
  const requestCycle = (): Promise<SyncSummary> => {
    if (running !== undefined) {
      queued ??= running.catch(() => EMPTY_SUMMARY).then(() => {
        queued = undefined
        return requestCycle()
      })
      return queued
    }
    clearTimer('debounce')
    clearTimer('retry')
    const startedAt = env.now()
    running = cycle()
      .then(async (summary) => {
        failures = 0
        const latencyMs = env.now() - startedAt
        await refreshCounts()
        await refreshStores().catch(() => {})
        meter.cycleDone(summary, latencyMs)
        patch({ phase: deactivated ? 'deactivated' : 'idle', lastSyncedAt: env.now(), lastError: null, nextRetryAt: null, progress: null })
        const pending = status.getSnapshot().pendingCount
        // A debounce armed by writes this cycle already uploaded (the heartbeat, conflict copies) has nothing to do.
        if (pending === 0) clearTimer('debounce')
        if (pending > 0 && summary.pushed + summary.conflicts + summary.quarantined > 0 && !deactivated) {
          // Conflicts re-queued records or edits arrived during the cycle: go again.
          void Promise.resolve().then(() => requestCycle()).catch(() => {})
        } else if (pending > 0 && !deactivated && leads()) {
          // Edits made while this cycle pulled: upload them after the usual debounce.
          setTimer('debounce', options.debounceMs ?? 5000, () => void requestCycle().catch(() => {}))
        }
        return summary
      })
      .catch(async (error: unknown) => {
        await refreshCounts().catch(() => {})
        onFailure(error)
        throw error
      })
      .finally(() => {
        running = undefined
        schedulePoll()
      })
    return running
  }

  /** Timers run in the leader tab only (I11); other tabs forward to it. */
  const leads = (): boolean => started && leadership?.isLeader() === true

  /** While a retry is armed (backoff, Retry-After), neither the poll nor the debounce may come sooner (R8). */
  const backingOff = (): boolean => timers.has('retry')

  const schedulePoll = (): void => {
    if (!leads() || deactivated || backingOff()) return
    setTimer('poll', options.pollIntervalMs ?? 30_000, () => void requestCycle().catch(() => {}))
  }

  const onLocalChange = (): void => {
    void refreshCounts().catch(() => {})
    // The engine's own outbox writes during a cycle (acknowledgements, re-queues) arm nothing: the cycle looks at
    // what is pending when it ends.
    if (!leads() || deactivated || running !== undefined || backingOff()) return
    setTimer('debounce', options.debounceMs ?? 5000, () => void requestCycle().catch(() => {}))
  }

  let leadership: Leadership | undefined
  const devices = createDeviceRegistry(local, () => state?.deviceId ?? null, () => requestCycle())
  const conflicts = createConflictCenter(local, () => requestCycle(), env, info.deviceName)
  const quarantine = createQuarantineCenter(local, () => requestCycle(), () => patch({ quarantinedCount: quarantine.getSnapshot().length }))

  const engine: SyncEngine = {
    start() {
      if (started) return
      started = true
      // Every tab, leader or not, stamps its writes with this engine's user, device and clock from now on (R1).
      void load().catch(() => {})
      leadership = createLeadership({
        name: `howlerops-sync:${local.name}`,
        env,
        onLead: () => {
          patch({ isLeader: true })
          void requestCycle().catch(() => {})
        },
        onSyncRequest: () => void requestCycle().catch(() => {}),
        status,
        onRemoteStatus: (remoteStatus) => status.set({ ...remoteStatus, isLeader: false }),
      })
      cleanups.push(local.onLocalChange(onLocalChange))
      cleanups.push(env.online.subscribe((online) => {
        patch({ online, ...(online ? {} : { phase: 'offline' as const }) })
        if (online && leadership?.isLeader()) void requestCycle().catch(() => {})
      }))
      cleanups.push(env.onFocus(() => {
        if (leadership?.isLeader()) void requestCycle().catch(() => {})
      }))
    },
    async stop() {
      started = false
      for (const name of [...timers.keys()]) clearTimer(name)
      for (const cleanup of cleanups.splice(0)) cleanup()
      leadership?.release()
      leadership = undefined
      remote.abort?.()
      await running?.catch(() => {})
      patch({ isLeader: false })
    },
    syncNow() {
      if (leadership !== undefined && !leadership.isLeader()) {
        leadership.forwardSyncNow()
        return Promise.resolve(EMPTY_SUMMARY)
      }
      return requestCycle()
    },
    getStatus: status.getSnapshot,
    subscribe: status.subscribe,
    async whenIdle() {
      while (running !== undefined || queued !== undefined) await (queued ?? running)?.catch(() => {})
    },
    status,
    conflicts,
    quarantine,
    devices,
    metrics: meter.metrics,
    deviceId: () => state?.deviceId,
  }
  return engine
}
