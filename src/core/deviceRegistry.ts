import type { LocalStore, Row } from './ports'
import type { SyncSummary } from './status'
import { createStore, type ReadableStore } from './store'
import { SyncError } from './errors'

/** `engine.devices`: the user's devices (this one marked), and deactivation. */
export interface DeviceRegistry extends ReadableStore<{ readonly devices: readonly Row[]; readonly currentDeviceId: string | null }> {
  refresh(): Promise<void>
  deactivate(deviceId: string): Promise<void>
}

export const createDeviceRegistry = (
  local: LocalStore,
  currentDeviceId: () => string | null,
  sync: () => Promise<SyncSummary>,
): DeviceRegistry => {
  const store = createStore<{ devices: readonly Row[]; currentDeviceId: string | null }>({ devices: [], currentDeviceId: null })
  const refresh = async (): Promise<void> => {
    const devices = (await local.list('device_registry')).sort((a, b) => String(a['device_name']).localeCompare(String(b['device_name'])))
    store.set({ devices, currentDeviceId: currentDeviceId() })
  }
  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    refresh,
    async deactivate(deviceId) {
      const row = await local.read('device_registry', deviceId)
      if (row === null) throw new SyncError('local', `Unknown device ${deviceId}`, { transient: false })
      await local.write('device_registry', { ...row, is_active: 0 })
      await refresh()
      await sync().catch(() => {})
    },
  }
}
