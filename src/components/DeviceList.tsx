import { useState, type ReactElement } from 'react'
import { useDevices } from '../react/useDevices'
import { useSyncStatus } from '../react/useSyncStatus'
import { cx } from './cx'
import { deviceListLabels, type DeviceListLabels } from './labels'
import { formatAgo, formatDateTime, useNow, type NowProp } from './relativeTime'

export interface DeviceListProps {
  labels?: Partial<DeviceListLabels>
  /** The clock for "Last seen 2 hours ago". @default Date.now, re-read every 30 s */
  now?: NowProp
  /** Locale of dates and relative times. @default the user's (browser) locale */
  locale?: Intl.LocalesArgument
  /**
   * A device seen (or, for this one, synced) this recently reads "Active now". Match the engine's poll interval.
   * @default 30000
   */
  activeWithinMs?: number
  className?: string
}

const lastActivity = (row: Record<string, unknown>): number | null => {
  const times = [row['last_seen'], row['last_sync']].filter((t): t is number => typeof t === 'number')
  return times.length === 0 ? null : Math.max(...times)
}

/** The user's devices: this one marked, when each was last active, deactivation behind a confirmation, reactivation. */
export const DeviceList = ({ labels, now, locale, activeWithinMs = 30_000, className }: DeviceListProps): ReactElement => {
  const l = { ...deviceListLabels, ...labels }
  const { devices, currentDeviceId, deactivate, reactivate } = useDevices()
  // The registry row of this device is refreshed only at each heartbeat; its last sync is known exactly.
  const lastSyncedAt = useSyncStatus((s) => s.lastSyncedAt)
  // Offline, what this device knows of the others is old news: none of them reads "Active now".
  const online = useSyncStatus((s) => s.online)
  const time = useNow(now)
  const [confirming, setConfirming] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const act = async (change: () => Promise<void>): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await change()
      setConfirming(null)
    } catch (e) {
      setError(l.failed(e instanceof Error ? e.message : String(e)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className={cx('hs-devices', className)} aria-label={l.title}>
      {devices.length === 0 && <p className="hs-devices__empty">{l.empty}</p>}
      <ul className="hs-devices__list">
        {devices.map((d) => {
          const id = String(d['device_id'])
          const name = String(d['device_name'] ?? id)
          const current = id === currentDeviceId
          const active = Number(d['is_active'] ?? 1) !== 0
          const seen = Math.max(lastActivity(d) ?? -Infinity, current && lastSyncedAt !== null ? lastSyncedAt : -Infinity)
          const known = Number.isFinite(seen)
          const details = [d['device_type'], d['browser'], d['os']].filter((v) => typeof v === 'string' && v !== '' && v !== 'unknown').join(' · ')
          return (
            <li key={id} className={cx('hs-device', current && 'hs-device--current', !active && 'hs-device--inactive')} aria-current={current ? 'true' : undefined}>
              <div className="hs-device__main">
                <span className="hs-device__name">{name}</span>
                {current && <span className="hs-chip hs-chip--accent">{l.thisDevice}</span>}
                {!active && <span className="hs-chip">{l.inactive}</span>}
              </div>
              {details !== '' && <div className="hs-device__details">{details}</div>}
              <div className="hs-device__seen">
                {!known ? (
                  l.neverSeen
                ) : active && (current || online) && time - seen <= activeWithinMs ? (
                  <span className="hs-device__active">{l.activeNow}</span>
                ) : (
                  <time dateTime={new Date(seen).toISOString()} title={formatDateTime(seen, locale)}>
                    {l.lastSeen(formatAgo(seen, time, { ...l, locale }))}
                  </time>
                )}
              </div>
              {active && !current && confirming !== id && (
                <button type="button" className="hs-button hs-button--small" aria-label={`${l.deactivate} ${name}`} onClick={() => setConfirming(id)}>
                  {l.deactivate}
                </button>
              )}
              {!active && (
                <button type="button" className="hs-button hs-button--small" aria-label={`${l.reactivate} ${name}`} disabled={busy} onClick={() => void act(() => reactivate(id))}>
                  {l.reactivate}
                </button>
              )}
              {confirming === id && (
                <div className="hs-device__confirm" role="group" aria-label={l.confirmDeactivate(name)}>
                  <p>{l.confirmDeactivate(name)}</p>
                  <button type="button" className="hs-button hs-button--danger" disabled={busy} autoFocus onClick={() => void act(() => deactivate(id))}>
                    {l.confirm}
                  </button>
                  <button type="button" className="hs-button" onClick={() => setConfirming(null)}>
                    {l.cancel}
                  </button>
                </div>
              )}
            </li>
          )
        })}
      </ul>
      {error !== null && (
        <p role="alert" className="hs-error">
          {error}
        </p>
      )}
    </section>
  )
}
