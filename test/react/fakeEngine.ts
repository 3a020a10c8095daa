import { vi } from 'vitest'
import type { ConflictsSnapshot, CycleLogEntry, OutboxItem, SyncEngine, SyncStatus } from '@howlerops/sync'
import type { QuarantinedChange, Row } from '../../src/core/ports'
import { createFakeEngine as createPackageFake } from '../../src/testing/createFakeEngine'

/**
 * The package's fake engine (`@howlerops/sync/testing`) with every action a `vi.fn` that calls through, so a test can
 * both read what the UI asked for and make one call fail (`mockRejectedValueOnce`).
 */
export interface FakeEngine extends SyncEngine {
  setQuarantine(records: readonly QuarantinedChange[]): void
  /** Sets status fields the way the engine does. */
  patch(p: Partial<SyncStatus>): void
  setConflicts(s: ConflictsSnapshot): void
  setDevices(devices: Row[], currentDeviceId?: string | null): void
  setOutbox(items: readonly OutboxItem[]): void
  addCycle(entry: CycleLogEntry): void
  readonly running: () => boolean
}

export const createFakeEngine = (status: Partial<SyncStatus> = {}): FakeEngine => {
  const fake = createPackageFake({ status })
  let started = false
  return {
    ...fake,
    start: vi.fn(() => {
      started = true
      fake.start()
    }),
    stop: vi.fn(async () => {
      started = false
      await fake.stop()
    }),
    signOut: vi.fn(async (options?: Parameters<SyncEngine['signOut']>[0]) => {
      started = false
      return fake.signOut(options)
    }),
    syncNow: vi.fn(fake.syncNow),
    outbox: vi.fn(fake.outbox),
    conflicts: { ...fake.conflicts, refresh: vi.fn(fake.conflicts.refresh), resolve: vi.fn(fake.conflicts.resolve) },
    devices: { ...fake.devices, refresh: vi.fn(fake.devices.refresh), deactivate: vi.fn(fake.devices.deactivate), reactivate: vi.fn(fake.devices.reactivate) },
    quarantine: {
      ...fake.quarantine,
      refresh: vi.fn(fake.quarantine.refresh),
      list: vi.fn(fake.quarantine.list),
      retry: vi.fn(fake.quarantine.retry),
      discard: vi.fn(fake.quarantine.discard),
    },
    running: () => started,
    patch: (p) => fake.set({ status: p }),
    setConflicts: (s) => fake.set({ conflicts: s }),
    setQuarantine: (records) => fake.set({ quarantined: records }),
    setDevices: (devices, currentDeviceId = null) => fake.set({ devices, ...(currentDeviceId === null ? {} : { currentDeviceId }) }),
    setOutbox: (items) => fake.set({ outbox: items }),
    addCycle: (entry) => fake.set({ cycles: [...fake.cycles.getSnapshot(), entry] }),
  }
}
