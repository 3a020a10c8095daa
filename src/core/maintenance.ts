import type { RecordStore, RemoteStore, ReplicaStore, SyncStateStore } from './ports'

export interface RetentionOptions {
  /** @default 1000 */
  historyLimit: number
  /** @default 90 days */
  historyMaxAgeMs: number
  /** Tombstones are purged after this; a device away longer does a full reconcile (I6). @default 30 days */
  tombstoneMaxAgeMs: number
  /** @default 30 days */
  archiveMaxAgeMs: number
  /** @default 1 day */
  intervalMs: number
}

const DAY = 86_400_000
export const DEFAULT_RETENTION: RetentionOptions = {
  historyLimit: 1000,
  historyMaxAgeMs: 90 * DAY,
  tombstoneMaxAgeMs: 30 * DAY,
  archiveMaxAgeMs: 30 * DAY,
  intervalMs: DAY,
}

/**
 * Daily retention and statistics, on the tab that syncs: one write request to the server, a local archive purge.
 * The first run is a day after the first sync. Returns the synced data's size when it ran.
 */
export const runMaintenance = async (input: {
  local: Pick<SyncStateStore, 'saveState'> & Pick<RecordStore, 'statistics'> & Pick<ReplicaStore, 'purgeLocal'>
  remote: RemoteStore
  now: number
  userId: string
  deviceId: string
  last: number | undefined
  retention: RetentionOptions
}): Promise<number | undefined> => {
  const { local, remote, now, retention } = input
  if (input.last === undefined) {
    await local.saveState({ lastMaintenanceAt: now })
    return undefined
  }
  if (now - input.last < retention.intervalMs) return undefined
  const statistics = await local.statistics()
  const done = await remote.maintain({ now, userId: input.userId, deviceId: input.deviceId, ...retention, statistics })
  // The server's clock decides what is old enough (R15); this device's may run a month ahead.
  await local.purgeLocal((done?.serverNow ?? now) - retention.archiveMaxAgeMs)
  await local.saveState({ lastMaintenanceAt: now })
  return statistics.storageBytes
}
