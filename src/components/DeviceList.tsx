import { useState, type ReactElement } from 'react'
import { useDevices } from '../react/useDevices'
import { cx } from './cx'
import { deviceListLabels, type DeviceListLabels } from './labels'
import { formatAgo, useNow, type NowProp } from './relativeTime'

export interface DeviceListProps {
  labels?: Partial<DeviceListLabels>
  /** The clock for "Last seen 2 h ago". @default Date.now, re-read every 30 s */
  now?: NowProp
  className?: string
}

/** The user's devices: this one marked, when each was last seen, and deactivation behind a confirmation. */
export const DeviceList = ({ labels, now, className }: DeviceListProps): ReactElement => {
  const l = { ...deviceListLabels, ...labels }
  const { devices, currentDeviceId, deactivate } = useDevices()
  const time = useNow(now)
  const [confirming, setConfirming] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const confirm = async (id: string): Promise<void> => {
    setBusy(true)
    setError(null)
    try {
      await deactivate(id)
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
          const seen = typeof d['last_seen'] === 'number' ? (d['last_seen'] as number) : null
          const details = [d['device_type'], d['browser'], d['os']].filter((v) => typeof v === 'string' && v !== '' && v !== 'unknown').join(' · ')
          return (
            <li key={id} className={cx('hs-device', current && 'hs-device--current', !active && 'hs-device--inactive')} aria-current={current ? 'true' : undefined}>
              <div className="hs-device__main">
                <span className="hs-device__name">{name}</span>
                {current && <span className="hs-chip hs-chip--accent">{l.thisDevice}</span>}
                {!active && <span className="hs-chip">{l.inactive}</span>}
              </div>
              {details !== '' && <div className="hs-device__details">{details}</div>}
              <div className="hs-device__seen">{seen === null ? l.neverSeen : l.lastSeen(formatAgo(seen, time, l))}</div>
              {active && !current && confirming !== id && (
                <button type="button" className="hs-button hs-button--small" aria-label={`${l.deactivate} ${name}`} onClick={() => setConfirming(id)}>
                  {l.deactivate}
                </button>
              )}
              {confirming === id && (
                <div className="hs-device__confirm" role="group" aria-label={l.confirmDeactivate(name)}>
                  <p>{l.confirmDeactivate(name)}</p>
                  <button type="button" className="hs-button hs-button--danger" disabled={busy} autoFocus onClick={() => void confirm(id)}>
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
