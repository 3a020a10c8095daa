import type { BackoffOptions } from './backoff'
import type { EngineMeter } from './engineMetrics'
import type { Env } from './env'
import type { LoopHooks } from './loop'
import { readFailure } from './readFailure'
import type { SyncStatus } from './status'
import type { ReadableStore } from './store'

/**
 * After each cycle: what status, the meter (alerts) and the engine's stores learn, and what the loop decides on.
 * Never rejects on a failed cycle: background loops report through status (STYLE rule 5).
 */
export const createCycleReport = (input: {
  readonly env: Env
  readonly status: ReadableStore<SyncStatus>
  readonly patch: (p: Partial<SyncStatus>) => void
  readonly meter: EngineMeter
  readonly backoff?: BackoffOptions | undefined
  readonly deactivated: () => boolean
  /** Pending and quarantined counts into status. */
  readonly refreshCounts: () => Promise<void>
  /** The conflict, device and quarantine stores follow the data. */
  readonly refreshStores: () => Promise<void>
}): Pick<LoopHooks, 'succeeded' | 'failed'> => {
  const { env, patch, meter } = input
  return {
    async succeeded(summary, latencyMs) {
      await input.refreshCounts()
      await input.refreshStores().catch(() => {})
      meter.cycleDone(summary, latencyMs)
      const deactivated = input.deactivated()
      patch({ phase: deactivated ? 'deactivated' : 'idle', ...(deactivated ? {} : { deactivatedBy: null }), lastSyncedAt: env.now(), lastError: null, nextRetryAt: null, progress: null })
      return { pending: input.status.getSnapshot().pendingCount, deactivated }
    },
    async failed(error, failures) {
      await input.refreshCounts().catch(() => {})
      meter.failed()
      const reading = readFailure(error, { failures, random: env.random, backoff: input.backoff, online: env.online.isOnline(), now: env.now() })
      patch(reading.status)
      return { retryInMs: reading.retryInMs, offline: reading.offline, deactivated: input.deactivated() }
    },
  }
}
