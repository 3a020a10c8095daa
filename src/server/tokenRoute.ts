import { checkContentSecrets, contentKeysFor, type ContentKeys, type ContentSecrets } from './contentKey'
import { createDatabaseCache, type CachedDatabase } from './databaseCache'
import { TursoAuthError, TursoQuotaExceededError } from './errors'
import { originAllowed, originSet } from './originCheck'
import { createTursoPlatformApi } from './platformApi'
import { provisionUserDatabase, type ProvisionUserDatabaseOptions } from './provision'
import { scrubAuthorization } from './scrubAuthorization'
import { parseTokenExpiration } from './tokenExpiration'

export interface TokenRouteOptions extends Omit<ProvisionUserDatabaseOptions, 'userId'> {
  /**
   * Who is asking, from your app's own session (cookie, bearer token…), or `null` when nobody is signed in. Only the
   * user id returned here decides which database's token is handed out.
   */
  readonly authenticate: (request: Request) => Promise<{ readonly userId: string } | null>
  /**
   * Told about every failure. Errors of this package never contain the Platform API token, so they are safe to log.
   * @default console.error
   */
  readonly onError?: (error: unknown) => void
  /**
   * The origins of the pages allowed to fetch a token (`['https://app.example']`). A request whose `Origin` is not
   * listed, or that a browser marks `Sec-Fetch-Site: cross-site`, gets 403 and mints nothing. Required: there is no
   * safe default.
   */
  readonly allowedOrigins: readonly string[]
  /**
   * The longest `tokenExpiration` this route accepts. A longer one (`520w`) throws a `RangeError` when the route is
   * created, so a typo cannot hand out tokens that outlive a revoked session by years.
   * @default '1d'
   */
  readonly maxTokenExpiration?: string
  /**
   * How long the user's database (url and name) is remembered after it was provisioned, in milliseconds. Within that
   * time a refresh costs one Platform API call (mint a token); after it, the full provisioning runs again (and brings
   * the schema up to date). `0` disables the cache.
   * @default 600_000 (10 minutes)
   */
  readonly cacheTtlMs?: number
  /**
   * The secrets the user's content key (sealing) is derived from, by key id: the response carries
   * `contentKey` and `contentKeyId` (HKDF of the current secret and the user id) and `previousContentKeys` for the
   * older ids. Rotate by adding a secret under a new id and making it `current`; keep the old one listed until no
   * row sealed under it remains. Without it the response carries no content key (the app provides keys itself).
   */
  readonly contentSecrets?: ContentSecrets
}

/** The JSON body of a successful response. */
export interface TokenRouteResponse extends Partial<ContentKeys> {
  readonly url: string
  readonly authToken: string
  /** Epoch milliseconds. */
  readonly expiresAt: number
}

/**
 * A server route that hands the signed-in user a short-lived token for their own database. It is a plain
 * `(request: Request) => Promise<Response>`, so it mounts in any framework that speaks the Fetch API (Next.js route
 * handlers, Remix, Hono, SvelteKit, Bun, Deno; Express through an adapter).
 *
 * ```ts
 * // app/api/sync-token/route.ts (server)
 * export const GET = createTokenRoute({
 *   allowedOrigins: ['https://app.example'],
 *   organization: process.env.TURSO_ORG!,
 *   group: 'users',
 *   apiToken: process.env.TURSO_PLATFORM_TOKEN!, // stays on the server
 *   authenticate: async (request) => (await getSession(request))?.user ?? null,
 *   contentSecrets: { current: 'k1', secrets: { k1: process.env.SYNC_CONTENT_SECRET! } }, // sealing keys
 * })
 *
 * // browser: the engine keeps the token in memory and calls getAuthToken again when it is rejected (expired)
 * const getAuthToken = () => fetch('/api/sync-token').then((r) => r.json()).then((j) => j.authToken)
 * const { url, authToken, contentKey, contentKeyId, previousContentKeys } = await fetch('/api/sync-token').then((r) => r.json())
 * createSyncEngine({ remote: { url, authToken, getAuthToken }, sealing: { key: contentKey, keyId: contentKeyId, previousKeys: previousContentKeys }, … })
 * ```
 *
 * Responses, all JSON with `Cache-Control: no-store` (a token must never sit in a shared or browser cache):
 * - 200 `{ url, authToken, expiresAt, contentKey, contentKeyId, previousContentKeys? }` (the content keys when
 *   `contentSecrets` is set)
 * - 401 `{ error: 'unauthenticated' }` when `authenticate` returns `null`
 * - 403 `{ error: 'origin-not-allowed' }` for a page not in `allowedOrigins` (checked before anything else runs)
 * - 405 for methods other than GET and POST
 * - 503 `{ error: 'quota-exceeded' }` (with `Retry-After` when Turso sent one), 502 `{ error: 'provisioning-failed' }`
 *   for other failures; details go to `onError` (with every `Authorization` header scrubbed), never to the client.
 *
 * @throws {RangeError} at creation, for a `tokenExpiration` longer than `maxTokenExpiration` or a malformed origin.
 */
export const createTokenRoute = (options: TokenRouteOptions): ((request: Request) => Promise<Response>) => {
  const {
    authenticate,
    onError = (error: unknown) => console.error(error),
    allowedOrigins,
    maxTokenExpiration = '1d',
    cacheTtlMs = 600_000,
    contentSecrets,
    ...provision
  } = options
  if (contentSecrets !== undefined) checkContentSecrets(contentSecrets)
  const origins = originSet(allowedOrigins)
  const expiration = provision.tokenExpiration ?? '1h'
  if (parseTokenExpiration(expiration) > parseTokenExpiration(maxTokenExpiration)) {
    throw new RangeError(`tokenExpiration ${JSON.stringify(expiration)} is longer than maxTokenExpiration ${JSON.stringify(maxTokenExpiration)}.`)
  }
  const now = provision.now ?? Date.now
  const cache = createDatabaseCache({ ttlMs: cacheTtlMs, maxEntries: 10_000, now })
  const report = (error: unknown): void => onError(scrubAuthorization(error))

  /** A token for a database provisioned recently: one Platform API call. */
  const mint = async (database: CachedDatabase): Promise<TokenRouteResponse> => {
    const api = createTursoPlatformApi({
      organization: provision.organization,
      apiToken: provision.apiToken,
      ...(provision.fetch === undefined ? {} : { fetch: provision.fetch }),
      ...(provision.baseUrl === undefined ? {} : { baseUrl: provision.baseUrl }),
    })
    const issuedAt = now()
    const authToken = await api.createDatabaseToken(database.databaseName, { expiration, authorization: provision.authorization ?? 'full-access' })
    return { url: database.url, authToken, expiresAt: issuedAt + parseTokenExpiration(expiration) }
  }

  const tokenFor = async (userId: string): Promise<TokenRouteResponse> => {
    const cached = cache.get(userId)
    if (cached !== undefined) {
      try {
        return await mint(cached)
      } catch (error) {
        cache.delete(userId)
        // Quota and a rejected API token will not get better by provisioning again; anything else might (a database
        // deleted since it was cached).
        if (error instanceof TursoQuotaExceededError || error instanceof TursoAuthError) throw error
        report(error)
      }
    }
    const { url, authToken, expiresAt, databaseName } = await provisionUserDatabase({ ...provision, userId })
    cache.set(userId, { url, databaseName })
    return { url, authToken, expiresAt }
  }

  return async (request) => {
    if (!originAllowed(request, origins)) return json(403, { error: 'origin-not-allowed' })
    if (request.method !== 'GET' && request.method !== 'POST') {
      return json(405, { error: 'method-not-allowed' }, { allow: 'GET, POST' })
    }
    let user: { readonly userId: string } | null
    try {
      user = await authenticate(request)
    } catch (error) {
      report(error)
      return json(500, { error: 'authentication-failed' })
    }
    if (user === null) return json(401, { error: 'unauthenticated' })

    try {
      const [token, keys] = await Promise.all([tokenFor(user.userId), contentSecrets === undefined ? {} : contentKeysFor(contentSecrets, user.userId)])
      return json(200, { ...token, ...keys } satisfies TokenRouteResponse)
    } catch (error) {
      report(error)
      if (error instanceof TursoQuotaExceededError) {
        const retryAfter = error.retryAfterMs === undefined ? undefined : String(Math.ceil(error.retryAfterMs / 1000))
        return json(503, { error: 'quota-exceeded' }, retryAfter === undefined ? {} : { 'retry-after': retryAfter })
      }
      return json(502, { error: 'provisioning-failed' })
    }
  }
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  })
