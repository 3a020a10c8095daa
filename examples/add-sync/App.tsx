// Step 6–7 (browser): the provider, and the components.
import { useState, type ReactElement } from 'react'
import { SyncProvider, useSyncStatus } from '@howlerops/sync/react'
import { ConflictDialog, DeviceList, InitialSyncProgress, SyncStatusIndicator } from '@howlerops/sync/components'
import '@howlerops/sync/components/styles.css'
import type { createSyncEngine } from '@howlerops/sync'
import { useQueries } from './sync'

const Queries = (): ReactElement => {
  const { savedQueries, save } = useQueries()
  const { pendingCount } = useSyncStatus()
  return (
    <section>
      <button onClick={() => save({ id: crypto.randomUUID(), name: 'New query', query_text: 'SELECT 1' })}>Add</button>
      <p>{pendingCount} change(s) waiting to sync</p>
      <ul>
        {Object.values(savedQueries).map((q) => (
          <li key={q.id}>{q.name}</li>
        ))}
      </ul>
    </section>
  )
}

export const App = ({ engine }: { engine: ReturnType<typeof createSyncEngine> }): ReactElement => {
  const [conflictsOpen, setConflictsOpen] = useState(false)
  return (
    <SyncProvider engine={engine}>
      <SyncStatusIndicator onConflictsClick={() => setConflictsOpen(true)} />
      <InitialSyncProgress />
      <Queries />
      <DeviceList />
      <ConflictDialog open={conflictsOpen} onClose={() => setConflictsOpen(false)} />
    </SyncProvider>
  )
}
