import { useState, type ReactElement } from 'react'
import type { SyncEngine } from '@howlerops/sync'
import { SyncProvider } from '@howlerops/sync/react'
import { ConflictDialog, DeviceList, InitialSyncProgress, SyncStatusIndicator } from '@howlerops/sync/components'
import '@howlerops/sync/components/styles.css'
import { Queries } from './Queries'
import { RefusedRecords } from './RefusedRecords'

export const App = ({ engine, userId }: { engine: SyncEngine; userId: string }): ReactElement => {
  const [conflictsOpen, setConflictsOpen] = useState(false)
  const [refusedOpen, setRefusedOpen] = useState(false)
  return (
    <SyncProvider engine={engine}>
      <header className="bar">
        <h1>Saved queries</h1>
        <span className="user">{userId}</span>
        <SyncStatusIndicator onConflictsClick={() => setConflictsOpen(true)} onNotSyncedClick={() => setRefusedOpen(true)} />
      </header>
      <main>
        <InitialSyncProgress hideWhenDone />
        <Queries />
        {refusedOpen && <RefusedRecords onClose={() => setRefusedOpen(false)} />}
        <h2>Devices</h2>
        <DeviceList />
      </main>
      <ConflictDialog open={conflictsOpen} onClose={() => setConflictsOpen(false)} />
    </SyncProvider>
  )
}
