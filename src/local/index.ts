export { createLocalDatabase } from './database'
export { SchemaError, isSchemaError, preferenceId, type SchemaRule, type SchemaViolation } from '../schema/index'
export type { LocalDatabaseOptions, LocalSyncControls, MirroredTables, SyncDatabase } from './database'
export type { OutboxEntry, BaseSnapshot } from './layout'
export { SCHEMA_VERSION as LOCAL_SCHEMA_VERSION } from './layout'
export { stripRowSecrets } from './stripSecrets'
export {
  LocalSecretError,
  isLocalSecretError,
  memorySecrets,
  sessionSecrets,
  encryptedSecrets,
  clearLocalSecrets,
  type LocalSecretStorage,
  type LocalSecretOperation,
  type SecretFields,
  type SessionSecretsOptions,
  type EncryptedSecretsOptions,
  type SecretVault,
} from './secrets/index'
