import { cursorEntries } from './cursorEntries.js'
import type { EmulatedDatabase } from './database/EmulatedDatabase.js'
import { EmulatorHttpError } from './errors.js'
import type { FaultInjector } from './FaultInjector.js'
import { parseCursorRequest, parsePipelineRequest } from './hrana/parsePipelineRequest.js'
import type { RequestLogEntry } from './types.js'

export interface RequestHandlerDeps {
  readonly lookupToken: (token: string) => string | undefined
  readonly openDatabase: (name: string) => Promise<EmulatedDatabase>
  readonly faults: FaultInjector
  readonly sleep: (ms: number) => Promise<void>
  readonly log: (entry: RequestLogEntry) => void
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })

const errorResponse = (status: number, code: string, message: string, headers?: Record<string, string>): Response =>
  json({ message, code }, status, headers)

const defaultFaultCode = (status: number): string =>
  status === 401 ? 'UNAUTHORIZED' : status === 429 ? 'TOO_MANY_REQUESTS' : 'SERVER_ERROR'

const bearer = (request: Request): string | undefined =>
  /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1]

/**
 * The emulator's HTTP core: version probes, `/v2/pipeline`, `/v3/pipeline` and `/v3/cursor`. A missing or unknown
 * bearer token is 401; injected faults apply after authentication; a rejected request is JSON `{ message, code }`.
 */
export const createRequestHandler =
  (deps: RequestHandlerDeps) =>
  async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname.replace(/\/+$/, '')
    if (request.method === 'GET' && (path === '/v2' || path === '/v3' || path === '' || path === '/health')) {
      return new Response('ok', { status: 200, headers: { 'content-type': 'text/plain' } })
    }
    const endpoint = /^\/v([23])\/(pipeline|cursor)$/.exec(path)
    if (!endpoint || (endpoint[1] === '2' && endpoint[2] === 'cursor')) {
      return errorResponse(404, 'NOT_FOUND', `No such endpoint: ${request.method} ${path}`)
    }
    if (request.method !== 'POST') return errorResponse(405, 'METHOD_NOT_ALLOWED', `Use POST for ${path}`)
    const token = bearer(request)
    const name = token === undefined ? undefined : deps.lookupToken(token)
    if (name === undefined) {
      return errorResponse(401, 'UNAUTHORIZED', token === undefined ? 'Missing auth token' : 'Unknown auth token')
    }
    const body = await request.text()
    deps.log({ database: name, method: request.method, path, body })
    const { latencyMs, failure } = deps.faults.plan(name, body)
    if (latencyMs > 0) await deps.sleep(latencyMs)
    if (failure?.kind === 'network') return Response.error()
    if (failure?.kind === 'status') {
      const headers: Record<string, string> =
        failure.retryAfterSeconds === undefined ? {} : { 'retry-after': String(failure.retryAfterSeconds) }
      const code = failure.code ?? defaultFaultCode(failure.status)
      return errorResponse(failure.status, code, `Injected fault: HTTP ${failure.status}`, headers)
    }
    try {
      const database = await deps.openDatabase(name)
      database.executor.stats.requests += 1
      const response = endpoint[2] === 'cursor' ? await cursor(database, body) : await pipeline(database, body)
      return failure?.kind === 'lost-after-commit' ? Response.error() : response
    } catch (error) {
      if (error instanceof EmulatorHttpError) return errorResponse(error.status, error.code, error.message)
      return errorResponse(500, 'INTERNAL_ERROR', error instanceof Error ? error.message : String(error))
    }
  }

const pipeline = async (database: EmulatedDatabase, body: string): Promise<Response> => {
  const { baton, results } = await database.pipeline(parsePipelineRequest(body))
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
