import { TursoApiError, TursoAuthError, TursoNameTakenError, TursoQuotaExceededError } from './errors'

// The three calls provisioning needs, as Turso's Platform API reference documents them:
//   - Authentication: `Authorization: Bearer <API token>`, base URL https://api.turso.tech
//     (https://docs.turso.tech/api-reference/authentication)
//   - Create Database: POST /v1/organizations/{organizationSlug}/databases, JSON `{ name, group, seed? }`, answers
//     `{ database: { DbId, Hostname, Name } }`; 409 when the name exists, 400 e.g. "group not found"
//     (https://docs.turso.tech/api-reference/databases/create)
//   - Retrieve Database: GET /v1/organizations/{organizationSlug}/databases/{databaseName}, answers
//     `{ database: { Name, DbId, Hostname, group, … } }`; 404 when unknown
//     (https://docs.turso.tech/api-reference/databases/retrieve)
//   - Generate Database Auth Token: POST …/databases/{databaseName}/auth/tokens with `expiration` and `authorization`
//     as QUERY parameters (expiration defaults to "never"!), answers `{ jwt }`
//     (https://docs.turso.tech/api-reference/databases/create-token)
//   - Errors: a status code and `{ "error": "<message>" }`; 401 invalid or expired token, 402 payment required,
//     403 forbidden, 409 already exists (https://docs.turso.tech/api-reference/response-codes)
// Checked against tursodatabase/turso-docs `api-reference/openapi.json` and the official client
// tursodatabase/turso-api-client-ts `src/database.ts`. Quotas exhausted answer 429 (DESIGN.md, "Facts about Turso").

export type TokenAuthorization = 'full-access' | 'read-only'

/** Start a new database from an existing one (`database`, optionally at a point in time) or from an uploaded dump. */
export type DatabaseSeed =
  | { readonly type: 'database'; readonly name: string; readonly timestamp?: string }
  | { readonly type: 'dump'; readonly url: string }

export interface TursoDatabase {
  readonly name: string
  readonly id: string
  /** Host of the database, e.g. `my-db-my-org.turso.io`; clients connect to `libsql://<hostname>`. */
  readonly hostname: string
  /** Only Retrieve Database reports the group. */
  readonly group?: string
}

export interface TursoPlatformApiOptions {
  /** The organization slug (your username for a personal account). */
  readonly organization: string
  /** A Platform API token. Sent only to `baseUrl`, in the `Authorization` header. */
  readonly apiToken: string
  /** @default globalThis.fetch */
  readonly fetch?: typeof globalThis.fetch
  /** @default 'https://api.turso.tech' */
  readonly baseUrl?: string
}

export interface TursoPlatformApi {
  createDatabase(input: { name: string; group: string; seed?: DatabaseSeed }): Promise<TursoDatabase>
  getDatabase(name: string): Promise<TursoDatabase>
  /** Mints a database token and returns the JWT. `expiration` uses Turso's format (`30m`, `1h`, `2w1d`). */
  createDatabaseToken(name: string, options: { expiration: string; authorization: TokenAuthorization }): Promise<string>
}

const QUOTA_TEXT = /quota|limit|blocked|exceeded/i

/**
 * A minimal client for the Turso Platform API calls that provisioning makes. Every response is validated before it is
 * used, and every failure is a {@link TursoApiError} (or a subclass) whose message and `cause` never contain the token.
 */
export const createTursoPlatformApi = (options: TursoPlatformApiOptions): TursoPlatformApi => {
  const { apiToken } = options
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const baseUrl = options.baseUrl ?? 'https://api.turso.tech'
  const org = `/v1/organizations/${encodeURIComponent(options.organization)}`
  const databasePath = (name: string): string => `${org}/databases/${encodeURIComponent(name)}`
  const redact = (text: string): string => (apiToken === '' ? text : text.replaceAll(apiToken, '[REDACTED]'))

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> => {
    const url = new URL(path, baseUrl)
    const what = `Turso Platform API ${method} ${url.pathname}`
    let response: Response
    try {
      response = await fetchImpl(url, {
        method,
        headers: { authorization: `Bearer ${apiToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
    } catch (cause) {
      throw new TursoApiError(`${what} failed before a response arrived.`, { cause: scrubbed(cause, redact) })
    }
    const text = await response.text().catch(() => '')
    if (!response.ok) throw failure(what, response, redact(errorText(text)))
    try {
      return JSON.parse(text) as unknown
    } catch (cause) {
      throw new TursoApiError(`${what} answered ${response.status} with a body that is not JSON.`, {
        status: response.status,
        cause: scrubbed(cause, redact),
      })
    }
  }

  const malformed = (what: string, detail: string): TursoApiError =>
    new TursoApiError(`Turso Platform API ${what} answered with an unexpected shape: ${detail}.`, { status: 200 })

  return {
    createDatabase: async ({ name, group, seed }) => {
      const json = await call('POST', `${org}/databases`, { name, group, ...(seed === undefined ? {} : { seed }) })
      return database(field(json, 'database'), 'Create Database', malformed)
    },
    getDatabase: async (name) => {
      const json = await call('GET', databasePath(name))
      return database(field(json, 'database'), 'Retrieve Database', malformed)
    },
    createDatabaseToken: async (name, { expiration, authorization }) => {
      const query = new URLSearchParams({ expiration, authorization })
      const jwt = field(await call('POST', `${databasePath(name)}/auth/tokens?${query}`), 'jwt')
      if (typeof jwt !== 'string' || jwt === '') throw malformed('Generate Database Auth Token', '`jwt` is not a non-empty string')
      return jwt
    },
  }
}

const field = (json: unknown, key: string): unknown =>
  typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[key] : undefined

const HOSTNAME = /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/i

const database = (value: unknown, what: string, malformed: (what: string, detail: string) => TursoApiError): TursoDatabase => {
  const name = field(value, 'Name')
  const id = field(value, 'DbId')
  const hostname = field(value, 'Hostname')
  const group = field(value, 'group')
  if (typeof name !== 'string' || name === '') throw malformed(what, '`database.Name` is missing')
  if (typeof id !== 'string') throw malformed(what, '`database.DbId` is missing')
  // The hostname becomes the URL handed to the browser, so it must be a bare host and nothing else.
  if (typeof hostname !== 'string' || !HOSTNAME.test(hostname)) throw malformed(what, '`database.Hostname` is not a hostname')
  return { name, id, hostname, ...(typeof group === 'string' ? { group } : {}) }
}

/** Turso's `{ "error": "…" }` text, else the start of the body. */
const errorText = (text: string): string => {
  let message: unknown
  try {
    message = field(JSON.parse(text), 'error')
  } catch {
    message = undefined
  }
  return (typeof message === 'string' ? message : text).trim().slice(0, 300)
}

const failure = (what: string, response: Response, message: string): TursoApiError => {
  const { status } = response
  const text = `${what} answered ${status}${message === '' ? '' : `: ${message}`}`
  if (status === 429 || status === 402 || ((status === 400 || status === 403) && QUOTA_TEXT.test(message))) {
    const retryAfterMs = retryAfter(response.headers.get('retry-after'))
    return new TursoQuotaExceededError(text, { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) })
  }
  if (status === 401 || status === 403) return new TursoAuthError(text, { status })
  if (status === 409) return new TursoNameTakenError(text, { status })
  return new TursoApiError(text, { status })
}

const retryAfter = (header: string | null): number | undefined => {
  if (header === null) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

/**
 * The cause as is, unless its message or stack mentions the token (a custom `fetch` could put a request's headers in
 * its error): then a plain Error with the token redacted, so the whole `cause` chain is safe to log.
 */
const scrubbed = (cause: unknown, redact: (text: string) => string): unknown => {
  if (!(cause instanceof Error)) return typeof cause === 'string' ? redact(cause) : cause
  const inner = scrubbed(cause.cause, redact)
  const clean = redact(cause.message) === cause.message && redact(cause.stack ?? '') === (cause.stack ?? '')
  if (clean && inner === cause.cause) return cause
  const copy = new Error(redact(cause.message), inner === undefined ? undefined : { cause: inner })
  copy.name = cause.name
  copy.stack = redact(cause.stack ?? '')
  return copy
}
