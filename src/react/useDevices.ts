import { useMemo, useSyncExternalStore } from 'react'
import type { Row } from '../core/ports'
import { useRefreshOnSync } from './useRefreshOnSync'
import { useSyncEngine } from './useSyncEngine'

export interface UseDevicesResult {
  /** Rows of `device_registry`, by name. */
  readonly devices: readonly Row[]
  /** This device's row, once the engine has registered it. */
  readonly current: Row | null
  readonly currentDeviceId: string | null
  /** Marks a device inactive and syncs; that device stops syncing when it next hears of it. */
  readonly deactivate: (deviceId: string) => Promise<void>
  /** Marks a deactivated device active again and syncs. */
  readonly reactivate: (deviceId: string) => Promise<void>
}

const SERVER_SNAPSHOT = { devices: [] as readonly Row[], currentDeviceId: null }

/** The user's devices. Refreshes on mount and after every sync cycle. */
export const useDevices = (): UseDevicesResult => {
  const engine = useSyncEngine()
  const registry = engine.devices
  const snapshot = useSyncExternalStore(registry.subscribe, registry.getSnapshot, () => SERVER_SNAPSHOT)
  useRefreshOnSync(engine, registry.refresh)
  return useMemo(() => {
    const currentDeviceId = snapshot.currentDeviceId ?? engine.deviceId() ?? null
    return {
      devices: snapshot.devices,
      current: snapshot.devices.find((d) => d['device_id'] === currentDeviceId) ?? null,
      currentDeviceId,
      deactivate: (deviceId: string) => registry.deactivate(deviceId),
      reactivate: (deviceId: string) => registry.reactivate(deviceId),
    }
  }, [snapshot, registry, engine])
}
