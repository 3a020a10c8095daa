import { createConflictCenter } from './conflicts/center'
import { createCycleLog } from './cycleLog'
import { createCycleReport } from './cycleReport'
import { createDeviceRegistry } from './deviceRegistry'
import { describeDevice } from './devices'
import { createEngineMeter } from './engineMetrics'
import type { EngineOptions, SyncEngine } from './engineOptions'
import { defaultEnv } from './env'
import { createLeadership, SIGN_OUT_MESSAGE, type Leadership } from './leader'
import { SyncError } from './errors'
import { createLoop, type LoopTiming } from './loop'
import { createQuarantineCenter } from './quarantine'
import { createSession, EMPTY_SUMMARY } from './session'
import { initialStatus, type SyncStatus, type SyncSummary } from './status'
import { createStore, shallowEqual } from './store'
import { withSealing } from './sealing/withSealing'

export type { EngineOptions, SyncEngine } from './engineOptions'
export type { DeviceRegistry } from './deviceRegistry'
export type { EngineMetrics } from './metrics'
export type { QuarantineCenter } from './quarantine'
export type { RetentionOptions } from './maintenance'

/**
 * The engine: wiring. The loop ({@link createLoop}) decides when a cycle runs, the session what one does, the
 * leadership which tab runs them (I11), and the status store tells the UI.
 */
export const createEngine = (options: EngineOptions): SyncEngine => {
  const env = defaultEnv(options.env)
  const status = createStore<SyncStatus>(initialStatus(env.online.isOnline()), shallowEqual)
  const patch = (p: Partial<SyncStatus>): void => status.set((s) => ({ ...s, ...p }))
  // Sealing (R11) decorates the remote and the screen; everything below works on plaintext.
  const sealed = withSealing(options, env, status, patch)
  const { local, remote } = sealed
  const info = describeDevice(env.userAgent, {
    ...options.device,
    ...(options.deviceName === undefined ? {} : { deviceName: options.deviceName }),
  })
  const { prices, alerts, onAlert } = options
  const meter = createEngineMeter({ env, queueDepth: () => status.getSnapshot().pendingCount, transport: () => remote.stats, prices, alerts, onAlert })

  const refreshCounts = async (): Promise<void> => {
    const [pendingCount, quarantined] = await Promise.all([local.pendingCount(), local.quarantined()])
    patch({ pendingCount, quarantinedCount: quarantined.length })
  }
  // The conflict and device stores follow the data, and the status counts manual conflicts.
  const refreshStores = async (): Promise<void> => {
    await Promise.all([conflicts.refresh(), devices.refresh(), quarantine.refresh()])
    patch({ conflictCount: conflicts.getSnapshot().pending.length })
  }
  const session = createSession({ options: sealed, env, info, patch, loaded: refreshCounts, stored: meter.storage })

  // Quick while someone is looking, slow otherwise: latency where it is seen, cost where it is not.
  let activeAt = env.now()
  const idleAfterMs = options.idleAfterMs ?? 60_000
  const foreground = (): boolean => env.presence.isVisible() && env.now() - activeAt < idleAfterMs
  const timing = (): LoopTiming => ({
    debounceMs: options.debounceMs ?? 1000,
    maxWaitMs: options.maxWaitMs ?? 5000,
    pollIntervalMs: foreground() ? (options.pollIntervalMs ?? 5000) : (options.idlePollIntervalMs ?? 60_000),
  })
  /** The user is here: a cycle at once if they were away (the poll armed then is the slow one). */
  const active = (): void => {
    const away = !foreground()
    activeAt = env.now()
    if (away) loop.send({ type: 'focus' })
  }

  const cycleLog = createCycleLog({ env, size: options.cycleLogSize ?? 50, counters: () => remote.stats, logger: options.logger })
  const loop = createLoop({
    env,
    timing,
    hooks: cycleLog.wrap({ cycle: session.cycle, ...createCycleReport({ env, status, patch, meter, backoff: options.backoff, deactivated: session.deactivated, refreshCounts, refreshStores }) }),
  })
  /** Set by `signOut()` in this tab or another: the engine stopped for good (R12). */
  let signedOut = false
  // A sync asked for while stopped (`syncNow` before `start`, a store's action) lifts the stop's refusal of requests.
  const sync = (): Promise<SyncSummary> => {
    // Nothing more goes out with the signed-out session, whatever asks (a store's action, a late `syncNow`).
    if (signedOut) return Promise.reject(new SyncError('aborted', 'Signed out: sync stopped for good; create a new engine when a user signs in', { transient: false }))
    if (loop.model().role === 'stopped') remote.resume?.()
    return loop.request()
  }

  let leadership: Leadership | undefined
  const cleanups: Array<() => void> = []
  const devices = createDeviceRegistry(local, () => session.deviceId() ?? null, sync)
  const conflicts = createConflictCenter(local, sync, env, info.deviceName)
  const quarantine = createQuarantineCenter(local, sync, () => patch({ quarantinedCount: quarantine.getSnapshot().length }))

  /** Stops this engine (a signal from outside: another tab signed out, the database went) and shows why. */
  const halt = async (p: Partial<SyncStatus>): Promise<void> => {
    await engine.stop()
    patch({ ...p, progress: null, nextRetryAt: null })
  }

  const engine: SyncEngine = {
    start() {
      if (loop.model().role !== 'stopped' || signedOut) return
      remote.resume?.()
      loop.send({ type: 'start' })
      // Every tab, leader or not, stamps its writes with this engine's user, device and clock from now on (R1).
      void session.load().catch(() => {})
      leadership = createLeadership({
        name: `howlerops-sync:${local.name}`,
        env,
        onLead: () => {
          patch({ isLeader: true })
          loop.send({ type: 'lead' })
        },
        onSyncRequest: () => void sync().catch(() => {}),
        status,
        onRemoteStatus: (remoteStatus) => status.set({ ...remoteStatus, isLeader: false }),
        onSignOut: () => {
          signedOut = true
          void halt({ phase: 'aborted', signedOut: true })
        },
      })
      // Deleted or upgraded in another tab, or closed by the browser: stop, and say so (R13).
      if (local.onClosed !== undefined) {
        cleanups.push(local.onClosed(() => {
          const gone = new SyncError('database-gone', 'The local database was deleted, upgraded or closed elsewhere; sync stopped', { transient: false })
          void halt({ phase: 'database-gone', lastError: { code: gone.code, message: gone.message } })
        }))
      }
      cleanups.push(local.onLocalChange(() => {
        void refreshCounts().catch(() => {})
        activeAt = env.now()
        loop.send({ type: 'change' })
      }))
      cleanups.push(env.online.subscribe((online) => {
        patch({ online, ...(online ? {} : { phase: 'offline' as const }) })
        loop.send({ type: online ? 'online' : 'offline' })
      }))
      // Nothing is sent while the platform says there is no network; `online` sends it.
      if (!env.online.isOnline()) loop.send({ type: 'offline' })
      cleanups.push(env.presence.subscribe((event) => {
        if (event === 'visible') {
          activeAt = env.now()
          loop.send({ type: 'focus' })
        } else if (event === 'input') active()
      }))
    },
    async signOut(signOutOptions) {
      const unsynced = signOutOptions?.unsynced ?? 'keep'
      // Every other tab first, so none starts a cycle (or re-creates the database) while this one finishes.
      if (leadership !== undefined) leadership.signOutOthers()
      else {
        const channel = env.channel(`howlerops-sync:${local.name}`)
        channel?.postMessage(SIGN_OUT_MESSAGE)
        channel?.close()
      }
      if (signOutOptions?.flush !== false && loop.model().role !== 'stopped') await sync().catch(() => {})
      signedOut = true
      await engine.stop()
      const [pending, quarantined] = await Promise.all([local.pendingCount(), local.quarantined()])
      const report = { unsynced: pending + quarantined.length, kept: unsynced === 'keep' }
      try {
        if (unsynced === 'discard') {
          if (local.destroy === undefined) throw new SyncError('local', 'This local store cannot be deleted; nothing was discarded', { transient: false })
          await local.destroy()
        }
      } finally {
        patch({ phase: 'aborted', signedOut: true, progress: null, nextRetryAt: null })
      }
      return report
    },
    async stop() {
      loop.send({ type: 'stop' })
      for (const cleanup of cleanups.splice(0)) cleanup()
      leadership?.release()
      leadership = undefined
      remote.abort?.()
      await loop.running()?.catch(() => {})
      patch({ isLeader: false })
    },
    syncNow() {
      if (leadership !== undefined && !leadership.isLeader()) {
        leadership.forwardSyncNow()
        return Promise.resolve(EMPTY_SUMMARY)
      }
      return sync()
    },
    getStatus: status.getSnapshot,
    subscribe: status.subscribe,
    whenIdle: loop.whenIdle,
    status,
    conflicts,
    quarantine,
    devices,
    metrics: meter.metrics,
    cycles: cycleLog.store,
    outbox: async () => (local.outbox === undefined ? [] : local.outbox()),
    deviceId: session.deviceId,
  }
  return engine
}
