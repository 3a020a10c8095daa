import type { ReactElement } from 'react'
import { useConflicts } from '../react/useConflicts'
import { useSyncStatus, type SyncStatusView } from '../react/useSyncStatus'
import { cx } from './cx'
import { syncStatusLabels, type SyncStatusLabels } from './labels'
import { formatAgo, formatDateTime, useNow, type NowProp } from './relativeTime'

/**
 * `offline`: the browser says it is offline. `unreachable`: it is online, but the sync server never answered (DNS,
 * CORS, TLS, server down). `not-synced`: everything else synced, but the server refused some records.
 */
export type IndicatorState =
  | 'synced'
  | 'syncing'
  | 'offline'
  | 'unreachable'
  | 'not-synced'
  | 'error'
  | 'needs-auth'
  | 'deactivated'
  | 'stopped'
  | 'identity-mismatch'
  | 'storage-full'
  | 'database-gone'

export interface SyncStatusIndicatorProps {
  labels?: Partial<SyncStatusLabels>
  /** The clock for "Synced 2 minutes ago". @default Date.now, re-read every 30 s */
  now?: NowProp
  /** Locale of dates and relative times. @default the user's (browser) locale */
  locale?: Intl.LocalesArgument
  /** Makes the conflict count a button, e.g. to open the `ConflictDialog`. */
  onConflictsClick?: () => void
  /** Shows a "Review" button beside "n not synced", e.g. to list `useQuarantine()` records. */
  onNotSyncedClick?: () => void
  /** Shown as a "Sign in" button when the engine needs a fresh token. */
  onSignIn?: () => void
  className?: string
}

/** The main state, most urgent first; pending, conflict and refused counts are shown beside it. */
export const indicatorState = (s: Pick<SyncStatusView, 'phase' | 'online'> & Partial<Pick<SyncStatusView, 'quarantinedCount'>>): IndicatorState => {
  if (s.phase === 'deactivated' || s.phase === 'needs-auth') return s.phase
  // The environment changed under the engine: each needs the user (or the app), whatever the network says.
  if (s.phase === 'identity-mismatch' || s.phase === 'storage-full' || s.phase === 'database-gone') return s.phase
  if (s.phase === 'aborted') return 'stopped'
  if (!s.online) return 'offline'
  if (s.phase === 'pushing' || s.phase === 'pulling') return 'syncing'
  // The engine reports a network failure as phase 'offline'; with the browser online, that is the server's side.
  if (s.phase === 'offline') return 'unreachable'
  if (s.phase === 'error') return 'error'
  return (s.quarantinedCount ?? 0) > 0 ? 'not-synced' : 'synced'
}

/** One line that answers "is my data safe?": the sync state, what is waiting, and a way to act on it. */
export const SyncStatusIndicator = ({ labels, now, locale, onConflictsClick, onNotSyncedClick, onSignIn, className }: SyncStatusIndicatorProps): ReactElement => {
  const l = { ...syncStatusLabels, ...labels }
  const status = useSyncStatus()
  const { pending } = useConflicts()
  const time = useNow(now)
  const state = indicatorState(status)
  const conflicts = Math.max(status.conflictCount, pending.length)
  const { progress, quarantinedCount } = status
  const cause = state === 'unreachable' || state === 'error' ? (status.error?.message ?? '') : ''

  const text =
    state === 'synced' ? (status.lastSyncedAt === null ? l.neverSynced : l.synced(formatAgo(status.lastSyncedAt, time, { ...l, locale })))
    : state === 'syncing' ? l.syncing
    : state === 'offline' ? l.offline
    : state === 'unreachable' ? l.unreachable
    : state === 'not-synced' ? l.notSynced(quarantinedCount)
    : state === 'error' ? l.error(cause)
    : state === 'needs-auth' ? l.needsAuth
    : state === 'stopped' ? l.stopped
    : state === 'identity-mismatch' ? l.identityMismatch
    : state === 'storage-full' ? l.storageFull
    : state === 'database-gone' ? l.databaseGone
    : l.deactivated

  return (
    <div className={cx('hs-status', className)} data-state={state}>
      <span className="hs-status__dot" aria-hidden="true" />
      <span
        className="hs-status__text"
        role="status"
        aria-live="polite"
        title={state === 'synced' && status.lastSyncedAt !== null ? formatDateTime(status.lastSyncedAt, locale) : undefined}
      >
        {text}
        {state === 'syncing' && progress !== null && <span className="hs-status__progress"> {l.progress(progress.done, progress.total)}</span>}
        {state === 'unreachable' && cause !== '' && <span className="hs-status__cause"> ({l.cause(cause)})</span>}
      </span>
      {status.pendingCount > 0 && state !== 'syncing' && <span className="hs-chip hs-status__pending">{l.pending(status.pendingCount)}</span>}
      {quarantinedCount > 0 && state !== 'not-synced' && <span className="hs-chip hs-chip--warning hs-status__refused">{l.notSynced(quarantinedCount)}</span>}
      {state === 'not-synced' && onNotSyncedClick !== undefined && (
        <button type="button" className="hs-button" onClick={onNotSyncedClick}>
          {l.review}
        </button>
      )}
      {conflicts > 0 &&
        (onConflictsClick === undefined ? (
          <span className="hs-chip hs-chip--warning hs-status__conflicts">{l.conflicts(conflicts)}</span>
        ) : (
          <button type="button" className="hs-chip hs-chip--warning hs-status__conflicts" onClick={onConflictsClick}>
            {l.conflicts(conflicts)}
          </button>
        ))}
      {(state === 'error' || state === 'unreachable') && (
        <button type="button" className="hs-button hs-button--primary" onClick={() => void status.syncNow()}>
          {l.retry}
        </button>
      )}
      {state === 'needs-auth' && onSignIn !== undefined && (
        <button type="button" className="hs-button hs-button--primary" onClick={onSignIn}>
          {l.signIn}
        </button>
      )}
      {(state === 'synced' || state === 'syncing' || state === 'offline' || state === 'not-synced' || state === 'needs-auth' || state === 'stopped' || state === 'storage-full') && (
        <button type="button" className="hs-button" disabled={state === 'syncing' || state === 'needs-auth' || state === 'offline'} onClick={() => void status.syncNow()}>
          {l.syncNow}
        </button>
      )}
    </div>
  )
}
