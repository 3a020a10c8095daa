import type { ConflictRecord, ConflictsSnapshot, CycleLogEntry, OutboxItem, Row, SyncEngine, SyncStatus } from '@howlerops/sync'
import { createStore, shallowEqual } from '../../src/core/store'
import { initialStatus } from '../../src/core/status'
import type { QuarantinedChange } from '../../src/core/ports'
import type { QuarantineCenter } from '@howlerops/sync/react'

export interface StaticEngineState {
  status?: Partial<SyncStatus>
  conflicts?: readonly ConflictRecord[]
  devices?: readonly Row[]
  currentDeviceId?: string
  /** Records the server refused; `status.quarantinedCount` follows them. */
  quarantined?: readonly QuarantinedChange[]
  outbox?: readonly OutboxItem[]
  cycles?: readonly CycleLogEntry[]
}

/**
 * An engine frozen in one state, built from the core's own store helpers, for deterministic stories. Actions
 * (`syncNow`, `resolve`, `deactivate`) are logged and update the stores the way the real engine would.
 */
export const createStaticEngine = (state: StaticEngineState = {}): SyncEngine & { readonly quarantine: QuarantineCenter } => {
  const status = createStore<SyncStatus>({ ...initialStatus(true), quarantinedCount: state.quarantined?.length ?? 0, ...state.status }, shallowEqual)
  const quarantined = createStore<readonly QuarantinedChange[]>(state.quarantined ?? [])
  const settle = (table: string, key: string): void => {
    quarantined.set((list) => list.filter((r) => r.table !== table || r.key !== key))
    status.set((s) => ({ ...s, quarantinedCount: quarantined.getSnapshot().length }))
  }
  const conflicts = createStore<ConflictsSnapshot>({ pending: state.conflicts ?? [], recent: [] })
  const devices = createStore<{ devices: readonly Row[]; currentDeviceId: string | null }>({
    devices: state.devices ?? [],
    currentDeviceId: state.currentDeviceId ?? null,
  })
  const summary = { pushed: 0, pulled: 0, conflicts: 0, quarantined: 0, requests: 1, durationMs: 5 }
  return {
    start: () => {},
    stop: async () => {},
    signOut: async () => ({ unsynced: 0, kept: true }),
    syncNow: async () => {
      console.info('[story] syncNow()')
      return summary
    },
    getStatus: status.getSnapshot,
    subscribe: status.subscribe,
    whenIdle: async () => {},
    status,
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
      reactivate: async (id) => {
        console.info('[story] reactivate', id)
        devices.set((s) => ({ ...s, devices: s.devices.map((d) => (d['device_id'] === id ? { ...d, is_active: 1 } : d)) }))
      },
    },
    quarantine: {
      getSnapshot: quarantined.getSnapshot,
      subscribe: quarantined.subscribe,
      refresh: async () => {},
      list: async () => quarantined.getSnapshot(),
      retry: async ({ table, key }) => {
        console.info('[story] retry', table, key)
        settle(table, key)
      },
      discard: async ({ table, key }) => {
        console.info('[story] discard', table, key)
        settle(table, key)
      },
    },
    metrics: () => ({ cycles: 0, errors: 0, conflicts: 0, requests: 0, bytesUp: 0, bytesDown: 0, latencyMs: { p50: 0, p95: 0, p99: 0 } }) as ReturnType<SyncEngine['metrics']>,
    deviceId: () => state.currentDeviceId,
    cycles: createStore(state.cycles ?? []),
    outbox: async () => state.outbox ?? [],
  }
}
