import { createSyncEngine, type SyncEngine } from '@howlerops/sync'
import { createLocalDatabase, type SyncDatabase } from '@howlerops/sync/dexie'
import { createNetworkSwitch, type NetworkSwitch } from './network'
import { DEVICE_LABELS, type DemoParams, type DeviceKey } from './params'
import { createDemoStore, type DemoStore } from './store'

export interface DemoConfig {
  readonly url: string
  readonly authToken: string
  readonly userId: string
  readonly emulator: boolean
  /** The user's content key: user content leaves the page sealed (docs/sealing.md). */
  readonly contentKey: string
}

export interface DemoDevice {
  readonly key: DeviceKey
  readonly label: string
  readonly db: SyncDatabase
  readonly engine: SyncEngine
  readonly store: DemoStore
  readonly network: NetworkSwitch
}

/**
 * A device in this page: its own IndexedDB database (`demo-laptop`), engine, store and network switch. The engine's
 * leader lock and channel are named after the database, so the two devices of one page never share them, while two
 * tabs showing the same device do (one of them syncs).
 */
export const createDemoDevice = (key: DeviceKey, config: DemoConfig, params: DemoParams): DemoDevice => {
  const db = createLocalDatabase(`demo-${key}`)
  const network = createNetworkSwitch()
  const engine = createSyncEngine({
    db,
    remote: { url: config.url, authToken: config.authToken, fetch: network.fetch },
    sealing: { key: config.contentKey, keyId: 'demo1' },
    userId: config.userId,
    deviceName: DEVICE_LABELS[key],
    device: { deviceType: key },
    // Connections resolve by hand, to show the conflict dialog; saved queries keep both (the table's default).
    strategies: { connection_templates: 'manual' },
    ...(params.debounceMs === undefined ? {} : { debounceMs: params.debounceMs }),
    ...(params.pollMs === undefined ? {} : { pollIntervalMs: params.pollMs }),
    env: { online: network.online },
  })
  return { key, label: DEVICE_LABELS[key], db, engine, store: createDemoStore(db), network }
}
