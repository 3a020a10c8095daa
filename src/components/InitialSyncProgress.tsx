import type { ReactElement } from 'react'
import { useSyncStatus } from '../react/useSyncStatus'
import { cx } from './cx'
import { initialSyncLabels, type InitialSyncLabels } from './labels'

export interface InitialSyncProgressProps {
  labels?: Partial<InitialSyncLabels>
  /** Render nothing once the device has synced. @default false */
  hideWhenDone?: boolean
  className?: string
}

/** The first download on a new device: a progress bar with counts and what is happening. */
export const InitialSyncProgress = ({ labels, hideWhenDone = false, className }: InitialSyncProgressProps): ReactElement | null => {
  const l = { ...initialSyncLabels, ...labels }
  const { progress, phase, online, lastSyncedAt, error } = useSyncStatus((s) => ({ progress: s.progress, phase: s.phase, online: s.online, lastSyncedAt: s.lastSyncedAt, error: s.error }))
  const done = lastSyncedAt !== null && progress === null
  if (done && hideWhenDone) return null

  const message =
    progress !== null ? l.phase(progress.phase)
    : done ? l.done
    : !online ? l.offline
    // A network failure while the browser is online: the server, DNS or CORS, not the connection.
    : phase === 'offline' ? l.unreachable(error?.message ?? '')
    : phase === 'error' ? l.error(error?.message ?? '')
    : l.preparing
  const total = progress?.total ?? null
  const value = done ? 1 : progress === null ? null : total === null ? null : Math.min(progress.done, total)
  const max = done ? 1 : total
  const percent = value === null || max === null || max === 0 ? null : Math.round((value / max) * 100)

  return (
    <div className={cx('hs-initial', className)} data-state={done ? 'done' : progress === null ? phase : progress.phase}>
      <div className="hs-initial__title">{l.title}</div>
      <div
        className={cx('hs-progress', percent === null && 'hs-progress--indeterminate')}
        role="progressbar"
        aria-label={l.title}
        aria-valuemin={0}
        {...(max === null ? {} : { 'aria-valuemax': max })}
        {...(value === null ? {} : { 'aria-valuenow': value })}
        aria-valuetext={progress === null ? message : `${message}: ${l.count(progress.done, progress.total)}`}
      >
        <div className="hs-progress__bar" style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
      <div className="hs-initial__status" aria-live="polite">
        <span className="hs-initial__phase">{message}</span>
        {progress !== null && <span className="hs-initial__count">{l.count(progress.done, progress.total)}</span>}
      </div>
    </div>
  )
}
