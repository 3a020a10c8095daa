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
import { SyncError } from './errors'
import { fromStorage } from './readFailure'
import { deactivation } from './devices'

const isOff = (row: Record<string, unknown> | null): row is Record<string, unknown> => row !== null && Number(row['is_active']) === 0

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
      // One database, one user (R12): a database another user's engine ran on is theirs, with their unsent edits.
      // Nothing is configured, stamped, sent or applied; the app opens the user's own database (docs/sign-out.md).
      if (loaded.userId !== undefined && loaded.userId !== '' && loaded.userId !== options.userId) {
        loading = undefined
        throw new SyncError('identity', `The local database ${local.name} belongs to another user; nothing was sent or applied`, { transient: false })
      }
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

  /** IndexedDB's own failures (full, closed under the engine) reach the caller typed, with the original as cause. */
  const cycle = (): Promise<SyncSummary> =>
    runOnce().catch((error: unknown) => {
      throw fromStorage(error) ?? error
    })

  const runOnce = async (): Promise<SyncSummary> => {
    const loaded = await load()
    // A deactivated device pulls first, without pushing (its edits stay held): a reactivation on another device is
    // learned from the server, not from the row it saw last.
    if (deactivated || isOff(await local.read('device_registry', loaded.deviceId))) {
      await runPulls(loaded, false)
      const own = await local.read('device_registry', loaded.deviceId)
      if (isOff(own)) {
        deactivated = true
        patch({ phase: 'deactivated', deactivatedBy: deactivation(own) })
        return EMPTY_SUMMARY
      }
      deactivated = false
    }
    const beat = await heartbeat({ local, state: state!, info, now: env.now(), intervalMs: options.heartbeatIntervalMs ?? 21_600_000 })
    if (beat === 'deactivated') return EMPTY_SUMMARY
    state = beat
    const summary = await runPulls(loaded, true)
    const fresh = await local.loadState(env.newId)
    const retention = { ...DEFAULT_RETENTION, ...options.retention }
    const stored = await runMaintenance({ local, remote, now: env.now(), userId: options.userId, deviceId: loaded.deviceId, last: fresh.lastMaintenanceAt, retention })
    if (stored !== undefined) input.stored(stored)
    const now = env.now()
    const own = await local.read('device_registry', loaded.deviceId)
    if (isOff(own)) {
      deactivated = true
      patch({ deactivatedBy: deactivation(own) })
    }
    state = { ...state!, lastSyncedAt: now, bootstrapped: true, hlc: clock!.peek() }
    await local.saveState({ lastSyncedAt: now, bootstrapped: true, hlc: clock!.peek() })
    return summary
  }

  /** One run of {@link runCycle}: push (unless `push` is false) and pull. */
  const runPulls = async (loaded: PersistedState, push: boolean): Promise<SyncSummary> => {
    const requestsBefore = remote.stats?.requests ?? 0
    const bootstrapped = state?.bootstrapped === true
    // Cursors are re-read each cycle: the pull commits them with each page, in the same transaction.
    const fresh = await local.loadState(env.newId)
    return runCycle({
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
      binding: fresh.server,
      push,
      observe: (hlc) => clock!.receive(hlc),
      onProgress: (progress) => patch({ progress }),
      onPhase: (phase) => patch({ phase }),
      requestCount: () => (remote.stats?.requests ?? 0) - requestsBefore,
    })
  }

  return { load, cycle, deactivated: () => deactivated, deviceId: () => state?.deviceId }
}
