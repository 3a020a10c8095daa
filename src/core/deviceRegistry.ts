import type { RecordStore, Row } from './ports'
import type { SyncSummary } from './status'
import { createStore, type ReadableStore } from './store'
import { SyncError } from './errors'

/** `engine.devices`: the user's devices (this one marked), deactivation and reactivation. */
export interface DeviceRegistry extends ReadableStore<{ readonly devices: readonly Row[]; readonly currentDeviceId: string | null }> {
  refresh(): Promise<void>
  /** Marks the device inactive and syncs; that device stops syncing when it next hears of it. */
  deactivate(deviceId: string): Promise<void>
  /** Marks a deactivated device active again and syncs; it may sync again once it is restarted. */
  reactivate(deviceId: string): Promise<void>
}

export const createDeviceRegistry = (
  local: RecordStore,
  currentDeviceId: () => string | null,
  sync: () => Promise<SyncSummary>,
): DeviceRegistry => {
  const store = createStore<{ devices: readonly Row[]; currentDeviceId: string | null }>({ devices: [], currentDeviceId: null })
  const refresh = async (): Promise<void> => {
    const devices = (await local.list('device_registry')).sort((a, b) => String(a['device_name']).localeCompare(String(b['device_name'])))
    store.set({ devices, currentDeviceId: currentDeviceId() })
  }
  /** One write through the outbox (so it syncs like any edit), then a sync that never rejects: status reports it. */
  const setActive = async (deviceId: string, isActive: 0 | 1): Promise<void> => {
    const row = await local.read('device_registry', deviceId)
    if (row === null) throw new SyncError('local', `Unknown device ${deviceId}`, { transient: false })
    if (Number(row['is_active'] ?? 1) === isActive) return
    await local.write('device_registry', { ...row, is_active: isActive })
    await refresh()
    await sync().catch(() => {})
  }
  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    refresh,
    deactivate: (deviceId) => setActive(deviceId, 0),
    reactivate: (deviceId) => setActive(deviceId, 1),
  }
}
