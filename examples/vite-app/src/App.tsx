import { useState, type ReactElement } from 'react'
import { SyncProvider } from '@howlerops/sync/react'
import { ConflictDialog, DeviceList, InitialSyncProgress, SyncStatusIndicator } from '@howlerops/sync/components'
import '@howlerops/sync/components/styles.css'
import { Queries } from './Queries'
import { RefusedRecords } from './RefusedRecords'
import type { Session } from './sync'

export const App = ({ session, onSignOut }: { session: Session; onSignOut: () => void }): ReactElement => {
  const [conflictsOpen, setConflictsOpen] = useState(false)
  const [refusedOpen, setRefusedOpen] = useState(false)
  return (
    <SyncProvider engine={session.engine}>
      <header className="bar">
        <h1>Saved queries</h1>
        <span className="user">{session.userId}</span>
        <SyncStatusIndicator onConflictsClick={() => setConflictsOpen(true)} onNotSyncedClick={() => setRefusedOpen(true)} />
        <button onClick={onSignOut}>Sign out</button>
      </header>
      <main>
        <InitialSyncProgress hideWhenDone />
        <Queries store={session.queries} />
        {refusedOpen && <RefusedRecords onClose={() => setRefusedOpen(false)} />}
        <h2>Devices</h2>
        <DeviceList />
      </main>
      <ConflictDialog open={conflictsOpen} onClose={() => setConflictsOpen(false)} />
    </SyncProvider>
  )
}
