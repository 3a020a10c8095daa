import { useCallback, useRef, useSyncExternalStore } from 'react'
import type { SyncEngine } from '../core/engine'
import { initialStatus, type SyncPhase, type SyncProgress, type SyncStatus, type SyncSummary } from '../core/status'
import { shallow } from './shallow'
import { useSyncEngine } from './useSyncEngine'

/** What `useSyncStatus()` returns: the engine's status under UI-friendly names, and `syncNow`. */
export interface SyncStatusView {
  readonly phase: SyncPhase
  readonly pendingCount: number
  readonly quarantinedCount: number
  readonly conflictCount: number
  readonly lastSyncedAt: number | null
  /** The last failure, cleared by the next successful cycle. */
  readonly error: SyncStatus['lastError']
  readonly progress: SyncProgress | null
  readonly online: boolean
  readonly isLeader: boolean
  readonly nextRetryAt: number | null
  /** Runs a cycle now. Never rejects: a failure shows up in `phase` and `error`. */
  readonly syncNow: () => Promise<SyncSummary | undefined>
}

/** What the server renders, and what the client's hydration pass reads: idle, online, nothing pending. */
const SERVER_STATUS: SyncStatus = initialStatus(true)

const toView = (s: SyncStatus, syncNow: SyncStatusView['syncNow']): SyncStatusView => ({
  phase: s.phase,
  pendingCount: s.pendingCount,
  quarantinedCount: s.quarantinedCount,
  conflictCount: s.conflictCount,
  lastSyncedAt: s.lastSyncedAt,
  error: s.lastError,
  progress: s.progress,
  online: s.online,
  isLeader: s.isLeader,
  nextRetryAt: s.nextRetryAt,
  syncNow,
})

const identity = <T>(v: T): T => v

/**
 * The sync status. With a selector, the component re-renders only when the selected slice changes (compared
 * shallowly), so `useSyncStatus((s) => s.phase)` ignores `pendingCount` updates.
 */
export function useSyncStatus(): SyncStatusView
export function useSyncStatus<T>(selector: (status: SyncStatusView) => T): T
export function useSyncStatus<T>(selector: (status: SyncStatusView) => T = identity as never): T {
  const engine = useSyncEngine()
  const syncNow = useCallback(() => engine.syncNow().catch(() => undefined), [engine])
  const cache = useRef<{ engine: SyncEngine; source: SyncStatus; selector: unknown; value: T } | null>(null)

  const select = (source: SyncStatus): T => {
    const c = cache.current
    if (c !== null && c.engine === engine && c.source === source && c.selector === selector) return c.value
    const next = selector(toView(source, syncNow))
    const value = c !== null && c.engine === engine && shallow(c.value, next) ? c.value : next
    cache.current = { engine, source, selector, value }
    return value
  }
  return useSyncExternalStore(engine.subscribe, () => select(engine.getStatus()), () => select(SERVER_STATUS))
}
