import type { Client } from '@libsql/client'
import { applySchema as applyShippedSchema } from './applySchema'
import { assertDatabaseName, userDatabaseName } from './databaseName'
import { TursoNameTakenError } from './errors'
import { createTursoPlatformApi, type DatabaseSeed, type TokenAuthorization, type TursoDatabase } from './platformApi'
import { parseTokenExpiration } from './tokenExpiration'

export interface ProvisionUserDatabaseOptions {
  /** The Turso organization slug. */
  readonly organization: string
  /** The group to create the database in. It must already exist. */
  readonly group: string
  /**
   * A Turso Platform API token (organization scope). Server-side only: it is sent to `baseUrl` and nowhere else, and
   * never appears in the result, an error message or an error's `cause`.
   */
  readonly apiToken: string
  /** Your app's id for the signed-in user. */
  readonly userId: string
  /**
   * The database to create or reuse. Make sure it belongs to `userId`: with `ifExists: 'reuse'` an existing database
   * of this name is handed out as is.
   * @default userDatabaseName(userId): a name derived from a hash of the user id, the same on every call
   */
  readonly databaseName?: string
  /** Start the new database as a copy of a template database or a dump. Ignored when the database already exists. */
  readonly seed?: DatabaseSeed
  /**
   * Lifetime of the returned token, in Turso's format. `never` is refused: the browser asks for a fresh token
   * (`getAuthToken`) when this one is rejected.
   * @default '1h'
   */
  readonly tokenExpiration?: string
  /**
   * Access of the returned token. Full access is right only because the database is this user's own.
   * @default 'full-access'
   */
  readonly authorization?: TokenAuthorization
  /**
   * What to do when the name is taken: `'reuse'` the existing database (the usual case, a user signing in again),
   * or throw {@link TursoNameTakenError} (`'error'`). A database of that name in another group always throws.
   * @default 'reuse'
   */
  readonly ifExists?: 'reuse' | 'error'
  /** @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch
  /** @default 'https://api.turso.tech' */
  readonly baseUrl?: string
  /**
   * Opens the client that applies the schema, given the database URL and a token minted for this server alone.
   * @default `createClient` from `@libsql/client`
   */
  readonly createClient?: (config: { url: string; authToken: string }) => Client | Promise<Client>
  /**
   * Brings the database's schema up to date, or `false` to skip (a seed that is known to be current).
   * @default this package's `applySchema`
   */
  readonly applySchema?: ((client: Client) => Promise<unknown>) | false
  /**
   * `false` for a sealing app: the database gets no server-side full-text index (search runs on the device),
   * so no FTS trigger writes are paid on each push. Passed to this package's `applySchema`. @default true
   */
  readonly serverSearch?: boolean
  /** @default Date.now */
  readonly now?: () => number
}

/** What the browser needs for `createSyncEngine({ remote })`. Contains no Platform API token. */
export interface ProvisionedDatabase {
  /** `libsql://<hostname>` of the user's database. */
  readonly url: string
  /** A token for this database only, expiring at `expiresAt`. */
  readonly authToken: string
  /** Epoch milliseconds. Measured before the token was requested, so the token lives at least this long. */
  readonly expiresAt: number
  readonly databaseName: string
  /** `false` when an existing database was reused. */
  readonly created: boolean
}

/** Lifetime of the token this server uses to apply the schema; it is never handed out. */
const SCHEMA_TOKEN_EXPIRATION = '10m'

/**
 * Creates (or reuses) a user's Turso database, brings its schema up to date, and mints a short-lived token scoped to
 * that database for the user's browser. Node (or another server runtime) only: it needs the Platform API token.
 *
 * 1. `POST /v1/organizations/{org}/databases` `{ name, group, seed? }`. On 409 with `ifExists: 'reuse'`,
 *    `GET /v1/organizations/{org}/databases/{name}` instead.
 * 2. A 10-minute token for this server, then `applySchema` over `libsql://<Hostname>`.
 * 3. `POST …/databases/{name}/auth/tokens?expiration=…&authorization=…` for the browser.
 *
 * @throws {RangeError} an invalid database name or token expiration; nothing was sent.
 * @throws {TursoQuotaExceededError} the organization is out of quota (429, 402, a plan limit).
 * @throws {TursoAuthError} the Platform API token was rejected (401, 403).
 * @throws {TursoNameTakenError} the name is taken and `ifExists` is `'error'`, or it is taken in another group.
 * @throws {TursoApiError} any other Platform API failure, including responses without the documented shape.
 * @throws {SchemaChecksumMismatchError | SchemaMigrationError} from `applySchema`.
 */
export async function provisionUserDatabase(options: ProvisionUserDatabaseOptions): Promise<ProvisionedDatabase> {
  const now = options.now ?? Date.now
  const name = options.databaseName ?? (await userDatabaseName(options.userId))
  assertDatabaseName(name)
  const expiration = options.tokenExpiration ?? '1h'
  const lifetimeMs = parseTokenExpiration(expiration)
  const api = createTursoPlatformApi({
    organization: options.organization,
    apiToken: options.apiToken,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
  })

  let database: TursoDatabase
  let created = true
  try {
    database = await api.createDatabase({ name, group: options.group, ...(options.seed === undefined ? {} : { seed: options.seed }) })
  } catch (error) {
    if (!(error instanceof TursoNameTakenError) || (options.ifExists ?? 'reuse') === 'error') throw error
    database = await api.getDatabase(name)
    if (database.group !== undefined && database.group !== options.group) {
      throw new TursoNameTakenError(`Turso database ${name} already exists in group ${database.group}, not ${options.group}.`, {
        status: 409,
        cause: error,
      })
    }
    created = false
  }
  const url = `libsql://${database.hostname}`

  const apply = options.applySchema ?? ((client: Client) => applyShippedSchema(client, options.serverSearch === false ? { serverSearch: false } : {}))
  if (apply !== false) {
    const authToken = await api.createDatabaseToken(name, { expiration: SCHEMA_TOKEN_EXPIRATION, authorization: 'full-access' })
    const client = await (options.createClient ?? defaultCreateClient)({ url, authToken })
    try {
      await apply(client)
    } finally {
      client.close()
    }
  }

  const issuedAt = now()
  const authToken = await api.createDatabaseToken(name, { expiration, authorization: options.authorization ?? 'full-access' })
  return { url, authToken, expiresAt: issuedAt + lifetimeMs, databaseName: name, created }
}

// Loaded on first use: `@libsql/client` is an optional peer dependency, and importing `/server` runs nothing.
const defaultCreateClient = async (config: { url: string; authToken: string }): Promise<Client> => {
  const { createClient } = await import('@libsql/client')
  return createClient(config)
}
