export { createLocalDatabase } from './database'
export type { LocalDatabaseOptions, LocalSyncControls, MirroredTables, SyncDatabase } from './database'
export type { OutboxEntry, BaseSnapshot } from './layout'
export { SCHEMA_VERSION as LOCAL_SCHEMA_VERSION } from './layout'
