import { cursorEntries } from './cursorEntries.js'
import type { EmulatedDatabase } from './database/EmulatedDatabase.js'
import { EmulatorHttpError, HranaProtocolError } from './errors.js'
import type { FaultInjector } from './FaultInjector.js'
import { parseCursorRequest, parsePipelineRequest, type HranaVersion } from './hrana/parsePipelineRequest.js'
import { routeRequest } from './routeRequest.js'
import type { RequestLogEntry } from './types.js'

export interface RequestHandlerDeps {
  readonly domain: string
  /** A hostname label or path segment → the database name it stands for, case-insensitively. */
  readonly resolveDatabase: (label: string) => string | undefined
  readonly lookupToken: (token: string) => string | undefined
  readonly openDatabase: (name: string) => Promise<EmulatedDatabase>
  readonly faults: FaultInjector
  readonly sleep: (ms: number) => Promise<void>
  readonly log: (entry: RequestLogEntry) => void
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

const text = (body: string, status: number): Response =>
  new Response(body, { status, headers: { 'content-type': 'text/plain' } })

const errorResponse = (error: EmulatorHttpError): Response =>
  error.body === 'text'
    ? text(error.message, error.status)
    : error.body === 'auth'
      ? json({ error: `Unauthorized: \`${error.message}\`` }, error.status)
      : json({ message: error.message, code: error.code }, error.status)

const unauthorized = (message: string): Response => errorResponse(new EmulatorHttpError(401, 'UNAUTHORIZED', message, { body: 'auth' }))

const defaultFaultCode = (status: number): string =>
  status === 401 ? 'UNAUTHORIZED' : status === 429 ? 'TOO_MANY_REQUESTS' : 'SERVER_ERROR'

const bearer = (request: Request): string | undefined =>
  /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]

/**
 * The emulator's HTTP core: version probes, `/v2/pipeline`, `/v3/pipeline` and `/v3/cursor`, for the database the
 * URL names (see routeRequest). The bearer token must belong to that database, or the request gets 401 with sqld's
 * `{ error }` body; a URL that names no database (a bare loopback origin) serves the token's own database.
 * Injected faults apply after authentication.
 */
export const createRequestHandler =
  (deps: RequestHandlerDeps) =>
  async (request: Request): Promise<Response> => {
    const route = routeRequest(new URL(request.url), deps.domain, deps.resolveDatabase)
    const { path } = route
    if (request.method === 'GET' && (path === '/v2' || path === '/v3' || path === '' || path === '/health')) {
      return text('Hello, this is HTTP API v2 (Hrana over HTTP)', 200)
    }
    const endpoint = /^\/v([23])\/(pipeline|cursor)$/.exec(path)
    if (!endpoint || (endpoint[1] === '2' && endpoint[2] === 'cursor')) {
      return json({ message: `No such endpoint: ${request.method} ${path}`, code: 'NOT_FOUND' }, 404)
    }
    if (request.method !== 'POST') return json({ message: `Use POST for ${path}`, code: 'METHOD_NOT_ALLOWED' }, 405)
    const token = bearer(request)
    if (token === undefined) return unauthorized('The `Authorization` HTTP header is required but was not specified')
    const owner = deps.lookupToken(token)
    if (owner === undefined || (route.database !== undefined && route.database !== owner)) {
      return unauthorized('Authentication failed: the token is not valid for this database')
    }
    const body = decodeUtf8(await request.arrayBuffer())
    if (body === undefined) return errorResponse(new HranaProtocolError('Cannot deserialize client message: the body is not valid UTF-8'))
    deps.log({ database: owner, method: request.method, path, body })
    const { latencyMs, failure } = deps.faults.plan(owner, body)
    if (latencyMs > 0) await deps.sleep(latencyMs)
    if (failure?.kind === 'network') return Response.error()
    if (failure?.kind === 'status') {
      const headers: Record<string, string> =
        failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) }
      const code = failure.code ?? defaultFaultCode(failure.status)
      return json({ message: `Injected fault: HTTP ${failure.status}`, code }, failure.status, headers)
    }
    const version: HranaVersion = endpoint[1] === '2' ? 2 : 3
    try {
      const database = await deps.openDatabase(owner)
      database.stats.requests += 1
      const response = endpoint[2] === 'cursor' ? await cursor(database, body) : await pipeline(database, body, version)
      return failure?.kind === 'lost-after-commit' ? Response.error() : response
    } catch (error) {
      if (error instanceof EmulatorHttpError) return errorResponse(error)
      return json({ message: error instanceof Error ? error.message : String(error), code: 'INTERNAL_ERROR' }, 500)
    }
  }

const pipeline = async (database: EmulatedDatabase, body: string, version: HranaVersion): Promise<Response> => {
  const { baton, results } = await database.pipeline(parsePipelineRequest(body, version))
  return json({ baton, base_url: null, results })
}

const cursor = async (database: EmulatedDatabase, body: string): Promise<Response> => {
  const request = parseCursorRequest(body)
  const { baton, results } = await database.pipeline({ baton: request.baton, requests: [{ type: 'batch', batch: request.batch }] })
  const [result] = results
  const entries =
    result?.type === 'ok' && result.response.type === 'batch'
      ? cursorEntries(result.response.result)
      : [{ type: 'error', error: result?.type === 'error' ? result.error : { message: 'Batch failed', code: 'INTERNAL_ERROR' } }]
  const lines = [{ baton, base_url: null }, ...entries].map((line) => `${JSON.stringify(line)}\n`).join('')
  return new Response(lines, { status: 200, headers: { 'content-type': 'text/plain' } })
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
/** The body as text, or `undefined` when it is not valid UTF-8 (sqld refuses it; a lenient decoder would hide it). */
const decodeUtf8 = (bytes: ArrayBuffer): string | undefined => {
  try {
    return utf8.decode(bytes)
  } catch {
    return undefined
  }
}
