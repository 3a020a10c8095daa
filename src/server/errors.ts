/**
 * An applied migration no longer matches the one this release ships: someone edited an applied migration, or the
 * database was migrated by a different build. Nothing was applied; fix the migration list rather than the database.
 */
export class SchemaChecksumMismatchError extends Error {
  override readonly name = 'SchemaChecksumMismatchError'

  constructor(
    readonly version: number,
    /** The checksum of the migration this release ships. */
    readonly expected: string,
    /** The checksum recorded in `schema_migrations` when the migration was applied. */
    readonly actual: string,
  ) {
    super(`Schema migration ${version} was applied with checksum ${actual}, but this release ships ${expected}.`)
  }
}

/**
 * A migration could not be applied. Its transaction was rolled back, so the database is still at the previous
 * version; `cause` holds the libSQL error.
 */
export class SchemaMigrationError extends Error {
  override readonly name = 'SchemaMigrationError'

  constructor(
    readonly version: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}
