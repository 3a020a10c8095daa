import { createConflictResolver } from './conflicts/resolve'
import { runCycle } from './cycle'
import type { DeviceInfo } from './devices'
import type { Env } from './env'
import { heartbeat } from './heartbeat'
import { createHybridClock, type HybridClock } from './hlc'
import { DEFAULT_RETENTION, runMaintenance } from './maintenance'
import type { EngineOptions } from './engineOptions'
import type { PersistedState } from './ports'
import type { SyncStatus, SyncSummary } from './status'

export const EMPTY_SUMMARY: SyncSummary = { pushed: 0, pulled: 0, conflicts: 0, quarantined: 0, requests: 0, durationMs: 0 }

/** This device's side of the engine: its persisted state and clock, and what one cycle does around {@link runCycle}. */
export interface Session {
  /** Loads the state once, and from then on stamps every write in this tab (R1). */
  load(): Promise<PersistedState>
  /** Heartbeat, push and pull, maintenance, then the state saved. */
  cycle(): Promise<SyncSummary>
  /** Sticky: another device switched this one off. */
  deactivated(): boolean
  deviceId(): string | undefined
}

export const createSession = (input: {
  readonly options: EngineOptions
  readonly env: Env
  readonly info: DeviceInfo
  readonly patch: (p: Partial<SyncStatus>) => void
  /** Called once the state is loaded. */
  readonly loaded: () => Promise<void>
  /** The synced data's size, when maintenance ran. */
  readonly stored: (bytes: number) => void
}): Session => {
  const { options, env, info, patch } = input
  const { local, remote } = options
  let state: PersistedState | undefined
  let clock: HybridClock | undefined
  let loading: Promise<PersistedState> | undefined
  let deactivated = false

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
      await input.loaded()
      return loaded
    })())

  const cycle = async (): Promise<SyncSummary> => {
    const loaded = await load()
    if (deactivated) return EMPTY_SUMMARY
    const beat = await heartbeat({ local, state: state!, info, now: env.now(), intervalMs: options.heartbeatIntervalMs ?? 21_600_000 })
    if (beat === 'deactivated') {
      deactivated = true
      patch({ phase: 'deactivated' })
      return EMPTY_SUMMARY
    }
    state = beat
    const requestsBefore = remote.stats?.requests ?? 0
    const bootstrapped = state.bootstrapped === true
    // Cursors are re-read each cycle: the pull commits them with each page, in the same transaction.
    const fresh = await local.loadState(env.newId)
    const retention = { ...DEFAULT_RETENTION, ...options.retention }
    const summary = await runCycle({
      local,
      remote,
      decide: createConflictResolver({
        ...(options.strategies === undefined ? {} : { strategies: options.strategies }),
        userId: options.userId,
        deviceId: loaded.deviceId,
        deviceName: info.deviceName,
        now: env.now,
        tick: () => clock!.tick(),
        newId: env.newId,
      }),
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
    if (stored !== undefined) input.stored(stored)
    const now = env.now()
    const own = await local.read('device_registry', loaded.deviceId)
    if (own !== null && Number(own['is_active']) === 0) deactivated = true
    state = { ...state!, lastSyncedAt: now, bootstrapped: true, hlc: clock!.peek() }
    await local.saveState({ lastSyncedAt: now, bootstrapped: true, hlc: clock!.peek() })
    return summary
  }

  return { load, cycle, deactivated: () => deactivated, deviceId: () => state?.deviceId }
}
