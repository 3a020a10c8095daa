import type { ConflictsSnapshot, ConflictChoice } from '../core/conflicts/center'
import type { CycleLogEntry } from '../core/cycleLog'
import type { SyncEngine } from '../core/engineOptions'
import type { OutboxItem, QuarantinedChange, Row } from '../core/ports'
import { initialStatus, type SyncStatus, type SyncSummary } from '../core/status'
import { createStore, shallowEqual } from '../core/store'

/** What a test sets up: any status, conflicts, devices, refused records, outbox and cycles. */
export interface FakeEngineState {
  readonly status?: Partial<SyncStatus>
  readonly conflicts?: ConflictsSnapshot
  readonly devices?: readonly Row[]
  readonly currentDeviceId?: string
  readonly quarantined?: readonly QuarantinedChange[]
  readonly outbox?: readonly OutboxItem[]
  readonly cycles?: readonly CycleLogEntry[]
}

/** The engine's calls as a test reads them. */
export interface FakeEngineCalls {
  readonly syncNow: number
  readonly resolve: ReadonlyArray<{ readonly id: string; readonly choice: ConflictChoice }>
  readonly deactivate: readonly string[]
  readonly reactivate: readonly string[]
  readonly retry: ReadonlyArray<{ readonly table: string; readonly key: string }>
  readonly discard: ReadonlyArray<{ readonly table: string; readonly key: string }>
}

export interface FakeEngine extends SyncEngine {
  /** Changes the state the way the engine would; subscribed components re-render. */
  set(state: FakeEngineState): void
  /** What the app asked of the engine so far. */
  readonly calls: FakeEngineCalls
}

const SUMMARY: SyncSummary = { pushed: 0, pulled: 0, conflicts: 0, quarantined: 0, requests: 0, durationMs: 0 }

/**
 * A stand-in engine for testing components and hooks: `<SyncProvider engine={createFakeEngine(…)}>` renders any
 * state (offline, conflicts waiting, records refused) without a database or a network, and records what the UI asked
 * for. Actions settle the way the engine's do: resolving a conflict removes it, deactivating marks the device inactive.
 */
export const createFakeEngine = (initial: FakeEngineState = {}): FakeEngine => {
  const status = createStore<SyncStatus>({ ...initialStatus(true), ...initial.status }, shallowEqual)
  const conflicts = createStore<ConflictsSnapshot>(initial.conflicts ?? { pending: [], recent: [] })
  const devices = createStore<{ devices: readonly Row[]; currentDeviceId: string | null }>({ devices: initial.devices ?? [], currentDeviceId: initial.currentDeviceId ?? null })
  const quarantined = createStore<readonly QuarantinedChange[]>(initial.quarantined ?? [])
  const cycles = createStore<readonly CycleLogEntry[]>(initial.cycles ?? [])
  let outbox: readonly OutboxItem[] = initial.outbox ?? []
  const calls = { syncNow: 0, signOut: [] as Array<'keep' | 'discard'>, resolve: [] as Array<{ id: string; choice: ConflictChoice }>, deactivate: [] as string[], reactivate: [] as string[], retry: [] as Array<{ table: string; key: string }>, discard: [] as Array<{ table: string; key: string }> }
  const counts = (): void =>
    status.set((s) => ({ ...s, conflictCount: conflicts.getSnapshot().pending.length, quarantinedCount: quarantined.getSnapshot().length }))
  const setActive = (id: string, active: 0 | 1): void =>
    devices.set((s) => ({ ...s, devices: s.devices.map((d) => (d['device_id'] === id ? { ...d, is_active: active } : d)) }))
  // Counts the state implies, unless the test set them itself.
  if (initial.status?.conflictCount === undefined && initial.conflicts !== undefined) status.set((s) => ({ ...s, conflictCount: initial.conflicts?.pending.length ?? 0 }))
  if (initial.status?.quarantinedCount === undefined && initial.quarantined !== undefined) status.set((s) => ({ ...s, quarantinedCount: initial.quarantined?.length ?? 0 }))
  const release = (list: Array<{ table: string; key: string }>, ref: { table: string; key: string }): void => {
    list.push({ table: ref.table, key: ref.key })
    quarantined.set((q) => q.filter((r) => r.table !== ref.table || r.key !== ref.key))
    counts()
  }

  return {
    start: () => {},
    stop: async () => {},
    signOut: async (options) => {
      calls.signOut.push(options?.unsynced ?? 'keep')
      status.set((s) => ({ ...s, phase: 'aborted', signedOut: true }))
      return { unsynced: outbox.length, kept: options?.unsynced !== 'discard' }
    },
    syncNow: async () => {
      calls.syncNow += 1
      return SUMMARY
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
        calls.resolve.push({ id, choice })
        conflicts.set((s) => ({ pending: s.pending.filter((c) => c.id !== id), recent: s.recent }))
        counts()
      },
    },
    devices: {
      getSnapshot: devices.getSnapshot,
      subscribe: devices.subscribe,
      refresh: async () => {},
      deactivate: async (id) => (calls.deactivate.push(id), setActive(id, 0)),
      reactivate: async (id) => (calls.reactivate.push(id), setActive(id, 1)),
    },
    quarantine: {
      getSnapshot: quarantined.getSnapshot,
      subscribe: quarantined.subscribe,
      refresh: async () => {},
      list: async () => quarantined.getSnapshot(),
      retry: async (ref) => release(calls.retry, ref),
      discard: async (ref) => release(calls.discard, ref),
    },
    metrics: () => ({ cycles: 0, errors: 0, conflicts: 0, requests: 0, bytesUp: 0, bytesDown: 0, latencyMs: { p50: 0, p95: 0, p99: 0 } }) as unknown as ReturnType<SyncEngine['metrics']>,
    deviceId: () => devices.getSnapshot().currentDeviceId ?? undefined,
    cycles,
    outbox: async () => outbox,
    calls,
    set(state) {
      if (state.status !== undefined) status.set((s) => ({ ...s, ...state.status }))
      if (state.conflicts !== undefined) conflicts.set(state.conflicts)
      if (state.devices !== undefined || state.currentDeviceId !== undefined) {
        devices.set((s) => ({ devices: state.devices ?? s.devices, currentDeviceId: state.currentDeviceId ?? s.currentDeviceId }))
      }
      if (state.quarantined !== undefined) quarantined.set(state.quarantined)
      if (state.cycles !== undefined) cycles.set(state.cycles)
      if (state.outbox !== undefined) outbox = state.outbox
      if (state.conflicts !== undefined || state.quarantined !== undefined) counts()
    },
  }
}
