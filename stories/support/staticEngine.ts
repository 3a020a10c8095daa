import type { ConflictRecord, CycleLogEntry, OutboxItem, Row, SyncStatus } from '@howlerops/sync'
import type { QuarantinedChange } from '../../src/core/ports'
// From the source file, not the `/testing` subpath: that one also carries the emulator, which needs Node.
import { createFakeEngine, type FakeEngine } from '../../src/testing/createFakeEngine'

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
 * An engine frozen in one state for deterministic stories: the package's own fake engine (`createFakeEngine`), whose
 * actions (`resolve`, `deactivate`, `retry`) update the stores the way the real engine would.
 */
export const createStaticEngine = (state: StaticEngineState = {}): FakeEngine => {
  const { conflicts, ...rest } = state
  return createFakeEngine({ ...rest, ...(conflicts === undefined ? {} : { conflicts: { pending: conflicts, recent: [] } }) })
}
