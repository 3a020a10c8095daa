import { deviceRow, type DeviceInfo } from './devices'
import type { PersistedState, RecordStore, SyncStateStore } from './ports'

/**
 * Once per cycle, before it: this device's row in `device_registry`. Returns 'deactivated' when another device
 * switched it off, or the state with the new `lastHeartbeatAt` when it wrote one. `last_seen` is written at most
 * every `intervalMs`, so an idle poll writes nothing.
 */
export const heartbeat = async (input: {
  readonly local: Pick<RecordStore, 'read' | 'write'> & Pick<SyncStateStore, 'saveState'>
  readonly state: PersistedState
  readonly info: DeviceInfo
  readonly now: number
  readonly intervalMs: number
}): Promise<'deactivated' | PersistedState> => {
  const { local, state, now } = input
  const previous = await local.read('device_registry', state.deviceId)
  if (previous !== null && Number(previous['is_active']) === 0) return 'deactivated'
  const due = previous === null || now - (state.lastHeartbeatAt ?? 0) >= input.intervalMs
  if (!due) return state
  await local.write('device_registry', deviceRow(state.deviceId, input.info, now, previous, state.lastSyncedAt ?? null))
  await local.saveState({ lastHeartbeatAt: now })
  return { ...state, lastHeartbeatAt: now }
}
