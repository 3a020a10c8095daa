export { applySchema, type ApplySchemaOptions, type ApplySchemaResult } from './applySchema'
export { MIGRATION_RECORD_MARKER, migrationChecksum } from './checksum'
export {
  SchemaChecksumMismatchError,
  SchemaMigrationError,
  TursoApiError,
  TursoAuthError,
  TursoNameTakenError,
  TursoQuotaExceededError,
} from './errors'
export { assertDatabaseName, userDatabaseName } from './databaseName'
export { migrations, type Migration } from './migrations'
export { RECOMPUTE_USER_STATISTICS_SQL, recomputeUserStatistics } from './userStatistics'
export {
  createTursoPlatformApi,
  type DatabaseSeed,
  type TokenAuthorization,
  type TursoDatabase,
  type TursoPlatformApi,
  type TursoPlatformApiOptions,
} from './platformApi'
export { provisionUserDatabase, type ProvisionedDatabase, type ProvisionUserDatabaseOptions } from './provision'
export { parseTokenExpiration } from './tokenExpiration'
export { createTokenRoute, type TokenRouteOptions, type TokenRouteResponse } from './tokenRoute'
export { scrubAuthorization } from './scrubAuthorization'
export { deriveContentKey, type ContentSecrets, type ContentKeys } from './contentKey'
