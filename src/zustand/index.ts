export { syncedPersist } from './syncedPersist'
export type {
  DatabaseSource,
  SyncedPersist,
  SyncedPersistApi,
  SyncedPersistOptions,
  TableMap,
} from './types'
export { createSyncSlice, type SyncSlice } from './createSyncSlice'
