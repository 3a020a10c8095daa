import { userDatabaseName } from '../server/databaseName.js'
import { contentKeysFor, type ContentSecrets } from '../server/contentKey.js'

export interface DevTokenRouteOptions {
  /** Creates the database if needed (schema applied on first use) and mints a token that expires at `expiresAt`. */
  readonly issue: (name: string, expiresAt: number) => string
  /** The client URL of a database on this server (`http://127.0.0.1:<port>/<name>/`). */
  readonly urlFor: (name: string) => string
  readonly now: () => number
  readonly ttlMs: number
  /** Where the users' content keys come from. @default a fixed development secret (id `dev1`): stable across restarts */
  readonly contentSecrets?: ContentSecrets
}

/** DEVELOPMENT ONLY: public, so anyone can derive these keys. A real token route keeps its secret on the server. */
const DEV_CONTENT_SECRETS: ContentSecrets = { current: 'dev1', secrets: { dev1: 'howlerops-sync development content secret (public, never use it in production)' } }

const json = (body: unknown, status: number): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } })

const userIdOf = async (request: Request): Promise<unknown> => {
  if (request.method === 'GET') return new URL(request.url).searchParams.get('userId')
  try {
    return ((await request.json()) as { userId?: unknown } | null)?.userId
  } catch {
    return undefined
  }
}

/**
 * DEVELOPMENT ONLY. `POST /dev/token` with `{ "userId": "…" }`, or `GET /dev/token?userId=…`, answers
 * `{ url, authToken, expiresAt, contentKey, contentKeyId }` (the shape of `/server`'s createTokenRoute) for that user's database, named as
 * provisioning names it (`user-<hash>`) and created on demand. There is no authentication: it stands in for your
 * token route on a developer's machine, which is why the server only offers it on loopback.
 * Returns `undefined` for any other path.
 */
export const createDevTokenRoute =
  (options: DevTokenRouteOptions) =>
  async (request: Request): Promise<Response | undefined> => {
    if (new URL(request.url).pathname.replace(/\/+$/, '') !== '/dev/token') return undefined
    if (request.method !== 'POST' && request.method !== 'GET') {
      return json({ error: 'Use POST /dev/token with {"userId": "..."} or GET /dev/token?userId=...' }, 405)
    }
    const userId = await userIdOf(request)
    if (typeof userId !== 'string' || userId === '' || userId.length > 256) {
      return json({ error: 'userId must be a non-empty string of at most 256 characters' }, 400)
    }
    const name = await userDatabaseName(userId)
    const expiresAt = options.now() + options.ttlMs
    const authToken = options.issue(name, expiresAt)
    const keys = await contentKeysFor(options.contentSecrets ?? DEV_CONTENT_SECRETS, userId)
    return json({ url: options.urlFor(name), authToken, expiresAt, ...keys }, 200)
  }
