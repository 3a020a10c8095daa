import type { ReactElement } from 'react'
import type { DemoConfig, DemoDevice } from './device'
import { DevicePanel } from './DevicePanel'

const Hint = (): ReactElement => (
  <aside className="hint" aria-label="Try it">
    <strong>Make a conflict in a minute:</strong>
    <ol>
      <li>Tick <em>Go offline</em> on the Laptop.</li>
      <li>Edit the SQL of <em>Top users</em> on both devices (Edit → change → Save).</li>
      <li>Untick <em>Go offline</em>. Both versions survive: the Laptop's becomes “Top users (conflicted copy – Laptop)” on both devices.</li>
    </ol>
    <p>
      Rename the same connection on both while offline instead, and the conflict dialog asks which to keep. The
      connection's password stays on the device that typed it (encrypted, and still there after a reload); the
      private history entry never leaves the Laptop.
    </p>
  </aside>
)

export const App = ({ devices, config }: { devices: readonly DemoDevice[]; config: DemoConfig }): ReactElement => (
  <main className={devices.length === 1 ? 'single' : ''}>
    <header className="page-header">
      <h1>
        Howlerops sync <span className="muted">· Zustand → Dexie → {config.emulator ? 'Turso emulator' : 'Turso'}</span>
      </h1>
      <p className="muted">
        Each device has its own IndexedDB, sync engine and leader lock, and syncs over HTTP with the user's database at <code>{config.url}</code>.
      </p>
    </header>
    {devices.length > 1 && <Hint />}
    <div className="devices">
      {devices.map((d) => (
        <DevicePanel key={d.key} device={d} />
      ))}
    </div>
  </main>
)
