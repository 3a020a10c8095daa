import { useEffect, useState, useSyncExternalStore, type ReactElement } from 'react'
import type { CycleLogEntry } from '../core/cycleLog'
import type { OutboxItem } from '../core/ports'
import type { SyncStatus } from '../core/status'
import { useConflicts } from '../react/useConflicts'
import { useQuarantine } from '../react/useQuarantine'
import { useSyncEngine } from '../react/useSyncEngine'
import { cx } from './cx'

export interface SyncDevtoolsProps {
  /** Closed by default: a `<details>` the developer opens. */
  readonly defaultOpen?: boolean
  /** How many of the last cycles to list, newest first. @default 20 */
  readonly cycles?: number
  readonly className?: string
}

const NO_CYCLES: readonly CycleLogEntry[] = []

/** Whether user content leaves the device sealed (encrypted with the app's key). */
const sealingOf = (status: SyncStatus): string =>
  status.sealing === undefined ? 'not reported' : { sealed: 'sealed', unsealed: 'off (not sealed)', 'needs-key': 'waiting for the key' }[status.sealing]

const time = (at: number): string => new Date(at).toLocaleTimeString()

/**
 * A panel for developers: what the engine is doing and why a change has not synced. Status, sealing and clock
 * drift; the outbox with each change's state; refused records with their reasons; conflicts waiting for the user;
 * the last cycles with their requests, rows, durations and errors. For development builds: it lists record keys and
 * error messages, never record contents.
 */
export const SyncDevtools = ({ defaultOpen = false, cycles: shown = 20, className }: SyncDevtoolsProps): ReactElement => {
  const engine = useSyncEngine()
  const status = useSyncExternalStore(engine.subscribe, engine.getStatus, engine.getStatus)
  const log = useSyncExternalStore(engine.cycles?.subscribe ?? noSubscribe, engine.cycles?.getSnapshot ?? noCycles, noCycles)
  const { records: quarantined } = useQuarantine()
  const { pending: held } = useConflicts()
  const [outbox, setOutbox] = useState<readonly OutboxItem[]>([])

  // The outbox follows every status change (a write, an acknowledgement, a cycle's end).
  useEffect(() => {
    let live = true
    void engine.outbox?.().then((items) => live && setOutbox(items), () => {})
    return () => {
      live = false
    }
  }, [engine, status.pendingCount, status.lastSyncedAt, status.phase, status.quarantinedCount])

  const recent = log.slice(-shown).reverse()
  return (
    <details className={cx('hs-devtools', className)} open={defaultOpen}>
      <summary>Sync devtools</summary>
      <section aria-label="Status">
        <h3>Status</h3>
        <dl className="hs-devtools-facts">
          <dt>Phase</dt>
          <dd>{status.phase}</dd>
          <dt>Network</dt>
          <dd>{status.online ? 'online' : 'offline'}</dd>
          <dt>This tab syncs</dt>
          <dd>{status.isLeader ? 'yes' : 'no (another tab does)'}</dd>
          <dt>Waiting to upload</dt>
          <dd>{status.pendingCount}</dd>
          <dt>Last synced</dt>
          <dd>{status.lastSyncedAt === null ? 'never' : time(status.lastSyncedAt)}</dd>
          <dt>Next retry</dt>
          <dd>{status.nextRetryAt === null ? '—' : time(status.nextRetryAt)}</dd>
          <dt>Last error</dt>
          <dd>{status.lastError === null ? '—' : `${status.lastError.code}: ${status.lastError.message}`}</dd>
          <dt>Sealing</dt>
          <dd>{sealingOf(status)}</dd>
          <dt>Clock drift</dt>
          <dd>{status.clockDriftMs === undefined ? 'none seen' : `another device runs ${Math.round(status.clockDriftMs / 1000)} s ahead`}</dd>
        </dl>
      </section>
      <section aria-label="Outbox">
        <h3>Outbox ({outbox.length})</h3>
        {outbox.length === 0 ? (
          <p>Nothing waiting.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Table</th>
                <th scope="col">Record</th>
                <th scope="col">Change</th>
                <th scope="col">State</th>
                <th scope="col">Based on version</th>
              </tr>
            </thead>
            <tbody>
              {outbox.map((item) => (
                <tr key={`${item.table}/${item.key}/${item.mutationId}`}>
                  <td>{item.table}</td>
                  <td>{item.key}</td>
                  <td>{item.op}</td>
                  <td>{OUTBOX_STATE[item.state]}</td>
                  <td>{item.baseVersion}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-label="Refused records">
        <h3>Refused records ({quarantined.length})</h3>
        {quarantined.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul>
            {quarantined.map((r) => (
              <li key={`${r.table}/${r.key}`}>
                {r.table} {r.key}: <code>{r.code}</code> {r.message}
                {r.field === undefined ? '' : ` (field ${r.field})`}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Held conflicts">
        <h3>Held conflicts ({held.length})</h3>
        {held.length === 0 ? (
          <p>None.</p>
        ) : (
          <ul>
            {held.map((c) => (
              <li key={c.id}>
                {c.table} {c.entityId}, detected {time(c.detectedAt)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Last cycles">
        <h3>Last cycles</h3>
        {recent.length === 0 ? (
          <p>No cycle yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Outcome</th>
                <th scope="col">Requests</th>
                <th scope="col">Rows read / written</th>
                <th scope="col">Pushed / pulled</th>
                <th scope="col">Duration</th>
              </tr>
            </thead>
            <tbody>
              {recent.map((c, i) => (
                <tr key={`${c.at}-${i}`} data-outcome={c.outcome}>
                  <td>{time(c.at)}</td>
                  <td>{c.outcome === 'ok' ? `ok${c.conflicts + c.quarantined > 0 ? `, ${c.conflicts} conflicts, ${c.quarantined} refused` : ''}` : `failed: ${c.error?.code ?? ''} ${c.error?.message ?? ''}`}</td>
                  <td>{c.requests}</td>
                  <td>
                    {c.rowsRead} / {c.rowsWritten}
                  </td>
                  <td>
                    {c.pushed} / {c.pulled}
                  </td>
                  <td>{c.durationMs} ms</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </details>
  )
}

const OUTBOX_STATE: Record<OutboxItem['state'], string> = {
  queued: 'queued',
  sent: 'sent, awaiting the answer',
  held: 'held by a conflict',
}

const noSubscribe = (): (() => void) => () => {}
const noCycles = (): readonly CycleLogEntry[] => NO_CYCLES
