import { vi } from 'vitest'
import type { ConflictCenter, ConflictsSnapshot, CycleLogEntry, DeviceRegistry, OutboxItem, SyncEngine, SyncStatus } from '@howlerops/sync'
import { createStore, shallowEqual } from '../../src/core/store'
import { initialStatus } from '../../src/core/status'
import type { QuarantinedChange, Row } from '../../src/core/ports'
import type { QuarantineCenter } from '@howlerops/sync/react'

export interface FakeEngine extends SyncEngine {
  /** The engine's quarantine center (typed here until the core exports it on SyncEngine). */
  readonly quarantine: QuarantineCenter
  setQuarantine(records: readonly QuarantinedChange[]): void
  /** Sets status fields the way the engine does. */
  patch(p: Partial<SyncStatus>): void
  setConflicts(s: ConflictsSnapshot): void
  setDevices(devices: Row[], currentDeviceId?: string | null): void
  setOutbox(items: readonly OutboxItem[]): void
  addCycle(entry: CycleLogEntry): void
  readonly running: () => boolean
}

/** A stand-in engine built from the real store helpers: same snapshot and notification semantics. */
export const createFakeEngine = (status: Partial<SyncStatus> = {}): FakeEngine => {
  const store = createStore<SyncStatus>({ ...initialStatus(true), ...status }, shallowEqual)
  const conflictStore = createStore<ConflictsSnapshot>({ pending: [], recent: [] })
  const deviceStore = createStore<{ devices: readonly Row[]; currentDeviceId: string | null }>({ devices: [], currentDeviceId: null })
  const quarantineStore = createStore<readonly QuarantinedChange[]>([])
  const cycleStore = createStore<readonly CycleLogEntry[]>([])
  let outbox: readonly OutboxItem[] = []
  let started = false
  const quarantine: QuarantineCenter = {
    getSnapshot: quarantineStore.getSnapshot,
    subscribe: quarantineStore.subscribe,
    refresh: vi.fn(async () => {}),
    list: vi.fn(async () => quarantineStore.getSnapshot()),
    retry: vi.fn(async () => {}),
    discard: vi.fn(async () => {}),
  }
  const conflicts: ConflictCenter = {
    getSnapshot: conflictStore.getSnapshot,
    subscribe: conflictStore.subscribe,
    refresh: vi.fn(async () => {}),
    resolve: vi.fn(async () => {}),
  }
  const devices: DeviceRegistry = {
    getSnapshot: deviceStore.getSnapshot,
    subscribe: deviceStore.subscribe,
    refresh: vi.fn(async () => {}),
    deactivate: vi.fn(async () => {}),
    reactivate: vi.fn(async () => {}),
  }
  return {
    start: vi.fn(() => {
      started = true
    }),
    signOut: vi.fn(async () => {
      started = false
      return { unsynced: 0, kept: true }
    }),
    stop: vi.fn(async () => {
      started = false
    }),
    syncNow: vi.fn(async () => ({ pushed: 0, pulled: 0, conflicts: 0, quarantined: 0, requests: 1, durationMs: 1 })),
    getStatus: store.getSnapshot,
    subscribe: store.subscribe,
    whenIdle: async () => {},
    status: store,
    conflicts,
    devices,
    quarantine,
    metrics: () => ({ cycles: 0, errors: 0, conflicts: 0, requests: 0, bytesUp: 0, bytesDown: 0, latencyMs: { p50: 0, p95: 0, p99: 0 } }) as ReturnType<SyncEngine['metrics']>,
    deviceId: () => deviceStore.getSnapshot().currentDeviceId ?? undefined,
    patch: (p) => store.set((s) => ({ ...s, ...p })),
    setConflicts: (s) => conflictStore.set(s),
    setQuarantine: (records) => quarantineStore.set(records),
    setDevices: (list, currentDeviceId = null) => deviceStore.set({ devices: list, currentDeviceId }),
    running: () => started,
    cycles: cycleStore,
    outbox: vi.fn(async () => outbox),
    setOutbox: (items) => (outbox = items),
    addCycle: (entry) => cycleStore.set((list) => [...list, entry]),
  }
}
