import type { ReactElement } from 'react'
import { useConflicts } from '../react/useConflicts'
import { useSyncStatus, type SyncStatusView } from '../react/useSyncStatus'
import { cx } from './cx'
import { syncStatusLabels, type SyncStatusLabels } from './labels'
import { formatAgo, useNow, type NowProp } from './relativeTime'

export type IndicatorState = 'synced' | 'syncing' | 'offline' | 'error' | 'needs-auth' | 'deactivated'

export interface SyncStatusIndicatorProps {
  labels?: Partial<SyncStatusLabels>
  /** The clock for "Synced 2 min ago". @default Date.now, re-read every 30 s */
  now?: NowProp
  /** Makes the conflict count a button, e.g. to open the `ConflictDialog`. */
  onConflictsClick?: () => void
  /** Shown as a "Sign in" button when the engine needs a fresh token. */
  onSignIn?: () => void
  className?: string
}

/** The main state, most urgent first; pending and conflict counts are shown beside it. */
export const indicatorState = (s: Pick<SyncStatusView, 'phase' | 'online'>): IndicatorState => {
  if (s.phase === 'deactivated' || s.phase === 'needs-auth') return s.phase
  if (s.phase === 'pushing' || s.phase === 'pulling') return 'syncing'
  if (s.phase === 'offline' || !s.online) return 'offline'
  return s.phase === 'error' ? 'error' : 'synced'
}

/** One line that answers "is my data safe?": the sync state, what is waiting, and a way to act on it. */
export const SyncStatusIndicator = ({ labels, now, onConflictsClick, onSignIn, className }: SyncStatusIndicatorProps): ReactElement => {
  const l = { ...syncStatusLabels, ...labels }
  const status = useSyncStatus()
  const { pending } = useConflicts()
  const time = useNow(now)
  const state = indicatorState(status)
  const conflicts = Math.max(status.conflictCount, pending.length)
  const { progress } = status

  const text =
    state === 'synced' ? (status.lastSyncedAt === null ? l.neverSynced : l.synced(formatAgo(status.lastSyncedAt, time, l)))
    : state === 'syncing' ? l.syncing
    : state === 'offline' ? l.offline
    : state === 'error' ? l.error(status.error?.message ?? '')
    : state === 'needs-auth' ? l.needsAuth
    : l.deactivated

  return (
    <div className={cx('hs-status', className)} data-state={state}>
      <span className="hs-status__dot" aria-hidden="true" />
      <span className="hs-status__text" role="status" aria-live="polite">
        {text}
        {state === 'syncing' && progress !== null && <span className="hs-status__progress"> {l.progress(progress.done, progress.total)}</span>}
      </span>
      {status.pendingCount > 0 && state !== 'syncing' && <span className="hs-chip hs-status__pending">{l.pending(status.pendingCount)}</span>}
      {conflicts > 0 &&
        (onConflictsClick === undefined ? (
          <span className="hs-chip hs-chip--warning hs-status__conflicts">{l.conflicts(conflicts)}</span>
        ) : (
          <button type="button" className="hs-chip hs-chip--warning hs-status__conflicts" onClick={onConflictsClick}>
            {l.conflicts(conflicts)}
          </button>
        ))}
      {state === 'error' && (
        <button type="button" className="hs-button hs-button--primary" onClick={() => void status.syncNow()}>
          {l.retry}
        </button>
      )}
      {state === 'needs-auth' && onSignIn !== undefined && (
        <button type="button" className="hs-button hs-button--primary" onClick={onSignIn}>
          {l.signIn}
        </button>
      )}
      {state !== 'error' && state !== 'deactivated' && (
        <button type="button" className="hs-button" disabled={state === 'syncing' || state === 'needs-auth'} onClick={() => void status.syncNow()}>
          {l.syncNow}
        </button>
      )}
    </div>
  )
}
