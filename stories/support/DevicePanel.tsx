import { useState, type ReactElement } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { SyncProvider } from '@howlerops/sync/react'
import { DeviceList, SyncStatusIndicator } from '@howlerops/sync/components'
import { savedQuery, type LiveDevice } from './live'

/** One device of a live story: its status, its saved queries (read from its own IndexedDB) and a way to add one. */
export const DevicePanel = ({ device }: { device: LiveDevice }): ReactElement => {
  const [name, setName] = useState('')
  const queries = useLiveQuery(() => device.db.saved_queries.toArray(), [device]) ?? []
  return (
    <SyncProvider engine={device.engine}>
      <section aria-label={device.name} style={{ border: '1px solid #d0d7de', borderRadius: 8, padding: 12, display: 'grid', gap: 12, alignContent: 'start' }}>
        <h2 style={{ margin: 0, fontSize: 16 }}>{device.name}</h2>
        <SyncStatusIndicator />
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (name.trim() === '') return
            void device.db.saved_queries.put(savedQuery(name.trim()) as never)
            setName('')
          }}
          style={{ display: 'flex', gap: 8 }}
        >
          <label>
            New saved query <input value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" className="hs-button">
            Add
          </button>
        </form>
        <ul aria-label={`Saved queries on ${device.name}`}>
          {queries.map((q) => (
            <li key={String(q['id' as never])}>{String(q['name' as never])}</li>
          ))}
        </ul>
        <DeviceList />
      </section>
    </SyncProvider>
  )
}
