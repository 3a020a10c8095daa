import { useEffect, useState, useSyncExternalStore, type CSSProperties, type ReactElement } from 'react'
import { useStore } from 'zustand'
import { SyncProvider, useConflicts } from '@howlerops/sync/react'
import { ConflictDialog, DeviceList, InitialSyncProgress, SyncStatusIndicator } from '@howlerops/sync/components'
import type { DemoDevice } from './device'
import { AiChat } from './sections/AiChat'
import { Connections } from './sections/Connections'
import { History } from './sections/History'
import { fontSizeId, Preferences, THEME_ID } from './sections/Preferences'
import { SavedQueries } from './sections/SavedQueries'
import { Section } from './sections/Section'

const OfflineToggle = ({ device }: { device: DemoDevice }): ReactElement => {
  const offline = useSyncExternalStore(device.network.subscribe, device.network.isOffline)
  return (
    <label className={`toggle${offline ? ' toggle--on' : ''}`}>
      <input type="checkbox" checked={offline} onChange={(e) => device.network.setOffline(e.target.checked)} /> Go offline
    </label>
  )
}

/** Conflicts the engine resolved by itself (keep-both, merge, last-write-wins) or the user resolved. */
const RecentConflicts = (): ReactElement | null => {
  const { recent } = useConflicts()
  if (recent.length === 0) return null
  return (
    <Section title="Resolved conflicts">
      <ul className="list" aria-label="Resolved conflicts">
        {recent.slice(0, 4).map((c) => (
          <li key={c.id} className="item item--compact">
            <code>{c.table}</code> {String(c.remote?.['name'] ?? c.remote?.['title'] ?? c.entityId)}: <strong>{c.resolution ?? c.strategy}</strong>
          </li>
        ))}
      </ul>
    </Section>
  )
}

/** One device: its sync status, data and devices, inside its own provider (and its own engine). */
export const DevicePanel = ({ device }: { device: DemoDevice }): ReactElement => {
  const [dialogOpen, setDialogOpen] = useState(false)
  const { persist } = device.store
  // hasHydrated() flips after the loaded state is set, with no store notification of its own.
  const hydrated = useSyncExternalStore((notify) => persist.onFinishHydration(() => notify()), () => persist.hasHydrated())
  const theme = useStore(device.store, (s) => s.preferences[THEME_ID]?.value as string | undefined) ?? 'light'
  const fontSize = useStore(device.store, (s) => s.preferences[fontSizeId(device.key)]?.value as number | undefined) ?? 13
  const pending = useSyncExternalStore(device.engine.conflicts.subscribe, () => device.engine.conflicts.getSnapshot().pending.length)
  // A manual conflict opens the dialog by itself; the indicator's chip reopens it.
  useEffect(() => {
    if (pending > 0) setDialogOpen(true)
  }, [pending])
  return (
    <SyncProvider engine={device.engine}>
      <section className="device" data-theme={theme} aria-label={device.label} style={{ '--editor-font': `${fontSize}px` } as CSSProperties}>
        <header className="device__header">
          <h2>{device.label}</h2>
          <OfflineToggle device={device} />
        </header>
        <SyncStatusIndicator onConflictsClick={() => setDialogOpen(true)} />
        <InitialSyncProgress hideWhenDone />
        {hydrated && (
          <>
            <Connections store={device.store} />
            <SavedQueries store={device.store} />
            <History store={device.store} />
            <AiChat store={device.store} />
            <Preferences store={device.store} device={device.key} />
          </>
        )}
        <RecentConflicts />
        <Section title="Devices">
          <DeviceList />
        </Section>
        <ConflictDialog open={dialogOpen} onClose={() => setDialogOpen(false)} />
      </section>
    </SyncProvider>
  )
}
