export { syncedPersist } from './syncedPersist'
export type {
  DatabaseSource,
  SyncedPersist,
  SyncedPersistApi,
  SyncedPersistOptions,
  TableMap,
} from './types'
