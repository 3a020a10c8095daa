import type { ConflictRecord, ConflictsSnapshot, Row, SyncEngine, SyncStatus } from '@howlerops/sync'
import { createStore, shallowEqual } from '../../src/core/store'
import { initialStatus } from '../../src/core/status'

export interface StaticEngineState {
  status?: Partial<SyncStatus>
  conflicts?: readonly ConflictRecord[]
  devices?: readonly Row[]
  currentDeviceId?: string
}

/**
 * An engine frozen in one state, built from the core's own store helpers, for deterministic stories. Actions
 * (`syncNow`, `resolve`, `deactivate`) are logged and update the stores the way the real engine would.
 */
export const createStaticEngine = (state: StaticEngineState = {}): SyncEngine => {
  const status = createStore<SyncStatus>({ ...initialStatus(true), ...state.status }, shallowEqual)
  const conflicts = createStore<ConflictsSnapshot>({ pending: state.conflicts ?? [], recent: [] })
  const devices = createStore<{ devices: readonly Row[]; currentDeviceId: string | null }>({
    devices: state.devices ?? [],
    currentDeviceId: state.currentDeviceId ?? null,
  })
  const summary = { pushed: 0, pulled: 0, conflicts: 0, quarantined: 0, requests: 1, durationMs: 5 }
  return {
    start: () => {},
    stop: async () => {},
    syncNow: async () => {
      console.info('[story] syncNow()')
      return summary
    },
    getStatus: status.getSnapshot,
    subscribe: status.subscribe,
    whenIdle: async () => {},
    status,
    quarantine: {
      getSnapshot: () => [],
      subscribe: () => () => {},
      refresh: async () => {},
      list: async () => [],
      retry: async () => {},
      discard: async () => {},
    },
    conflicts: {
      getSnapshot: conflicts.getSnapshot,
      subscribe: conflicts.subscribe,
      refresh: async () => {},
      resolve: async (id, choice) => {
        console.info('[story] resolve', id, choice)
        conflicts.set((s) => ({ pending: s.pending.filter((c) => c.id !== id), recent: s.recent }))
      },
    },
    devices: {
      getSnapshot: devices.getSnapshot,
      subscribe: devices.subscribe,
      refresh: async () => {},
      deactivate: async (id) => {
        console.info('[story] deactivate', id)
        devices.set((s) => ({ ...s, devices: s.devices.map((d) => (d['device_id'] === id ? { ...d, is_active: 0 } : d)) }))
      },
    },
    metrics: () => ({ cycles: 0, errors: 0, conflicts: 0, requests: 0, bytesUp: 0, bytesDown: 0, latencyMs: { p50: 0, p95: 0, p99: 0 } }) as ReturnType<SyncEngine['metrics']>,
    deviceId: () => state.currentDeviceId,
  }
}
