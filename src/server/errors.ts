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

/**
 * The Turso Platform API failed: an unexpected status, a network failure, or a response that does not have the
 * documented shape. The subclasses below name the failures a caller reacts to differently. Messages name the method
 * and path and quote Turso's `error` text; they never contain the Platform API token.
 */
export class TursoApiError extends Error {
  override readonly name: string = 'TursoApiError'
  /** The HTTP status, or `undefined` when no response arrived. */
  readonly status: number | undefined

  constructor(message: string, options: { status?: number | undefined; cause?: unknown } = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined)
    this.status = options.status
  }
}

/** The Platform API token was rejected (401) or may not do this (403). Rotate the token or fix its scopes. */
export class TursoAuthError extends TursoApiError {
  override readonly name: string = 'TursoAuthError'
}

/** A database with this name already exists in the organization (409), or exists in a different group. */
export class TursoNameTakenError extends TursoApiError {
  override readonly name: string = 'TursoNameTakenError'
}

/**
 * The organization is out of quota: 429 (usage limits), 402 (no active subscription), or an error that says a plan
 * limit was reached (for example the number of databases). New users cannot be provisioned until it is raised.
 */
export class TursoQuotaExceededError extends TursoApiError {
  override readonly name: string = 'TursoQuotaExceededError'
  /** From `Retry-After`, when Turso sent one. */
  readonly retryAfterMs: number | undefined

  constructor(message: string, options: { status?: number | undefined; cause?: unknown; retryAfterMs?: number | undefined } = {}) {
    super(message, options)
    this.retryAfterMs = options.retryAfterMs
  }
}
