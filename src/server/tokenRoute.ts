import { TursoQuotaExceededError } from './errors'
import { provisionUserDatabase, type ProvisionUserDatabaseOptions } from './provision'

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
}

/** The JSON body of a successful response. */
export interface TokenRouteResponse {
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
 *   organization: process.env.TURSO_ORG!,
 *   group: 'users',
 *   apiToken: process.env.TURSO_PLATFORM_TOKEN!, // stays on the server
 *   authenticate: async (request) => (await getSession(request))?.user ?? null,
 * })
 *
 * // browser: the engine keeps the token in memory and calls getAuthToken again when it is rejected (expired)
 * const getAuthToken = () => fetch('/api/sync-token').then((r) => r.json()).then((j) => j.authToken)
 * const { url, authToken } = await fetch('/api/sync-token').then((r) => r.json())
 * createSyncEngine({ remote: { url, authToken, getAuthToken }, … })
 * ```
 *
 * Responses, all JSON with `Cache-Control: no-store` (a token must never sit in a shared or browser cache):
 * - 200 `{ url, authToken, expiresAt }`
 * - 401 `{ error: 'unauthenticated' }` when `authenticate` returns `null`
 * - 405 for methods other than GET and POST
 * - 503 `{ error: 'quota-exceeded' }` (with `Retry-After` when Turso sent one), 502 `{ error: 'provisioning-failed' }`
 *   for other failures; details go to `onError`, never to the client.
 */
export const createTokenRoute = (options: TokenRouteOptions): ((request: Request) => Promise<Response>) => {
  const { authenticate, onError = (error: unknown) => console.error(error), ...provision } = options

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'POST') {
      return json(405, { error: 'method-not-allowed' }, { allow: 'GET, POST' })
    }
    let user: { readonly userId: string } | null
    try {
      user = await authenticate(request)
    } catch (error) {
      onError(error)
      return json(500, { error: 'authentication-failed' })
    }
    if (user === null) return json(401, { error: 'unauthenticated' })

    try {
      const { url, authToken, expiresAt } = await provisionUserDatabase({ ...provision, userId: user.userId })
      return json(200, { url, authToken, expiresAt } satisfies TokenRouteResponse)
    } catch (error) {
      onError(error)
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
