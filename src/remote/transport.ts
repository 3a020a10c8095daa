import { SyncError } from '../core/errors'

export { assertSecureUrl } from './assertSecureUrl'

/**
 * The fetch handed to `@libsql/client`. It is the one place that sees HTTP: it counts requests and bytes, and
 * remembers the status and `Retry-After` of the last response, which the client itself does not expose, so that
 * errors can be classified (I9). An optional guard (the credential firewall) inspects every body before it leaves:
 * it is awaited, and it sees whatever the client passed (a string, or a `Request`'s text), so a body it cannot read
 * is its to refuse, never silently sent.
 */
export interface TransportStats {
  requests: number
  bytesUp: number
  bytesDown: number
  /** Rows the server reports it read and wrote (Hrana `rows_read` / `rows_written`), i.e. what Turso bills. */
  rowsRead: number
  rowsWritten: number
}

export interface Transport {
  readonly fetch: typeof globalThis.fetch
  readonly stats: TransportStats
  /** Status and Retry-After (ms) of the most recent response, or `network` if the last attempt never got one. */
  last(): { status: number | 'network'; retryAfterMs: number | undefined } | undefined
  reset(): void
}

export const parseRetryAfter = (value: string | null, now: number): number | undefined => {
  if (value === null || value.trim() === '') return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

export const createTransport = (
  base: typeof globalThis.fetch | undefined,
  options: { now?: () => number; guard?: (body: unknown) => void | Promise<void> } = {},
): Transport => {
  const stats: TransportStats = { requests: 0, bytesUp: 0, bytesDown: 0, rowsRead: 0, rowsWritten: 0 }
  let last: { status: number | 'network'; retryAfterMs: number | undefined } | undefined
  const now = options.now ?? Date.now
  const doFetch: typeof globalThis.fetch = (input, init) => (base ?? globalThis.fetch)(input, init)

  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    let body: unknown
    if (init?.body !== undefined && init.body !== null) body = init.body
    else if (input instanceof Request && input.body !== null) body = await input.clone().text()
    if (body !== undefined) {
      await options.guard?.(body)
      if (typeof body === 'string') stats.bytesUp += new TextEncoder().encode(body).byteLength
    }
    stats.requests += 1
    let response: Response
    try {
      response = await doFetch(input, init)
    } catch (error) {
      last = { status: 'network', retryAfterMs: undefined }
      throw error
    }
    last = { status: response.status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now()) }
    const text = await response.clone().text()
    stats.bytesDown += new TextEncoder().encode(text).byteLength
    for (const match of text.matchAll(/"rows_(read|written)":(\d+)/g)) {
      if (match[1] === 'read') stats.rowsRead += Number(match[2])
      else stats.rowsWritten += Number(match[2])
    }
    return response
  }
  return {
    fetch: wrapped as typeof globalThis.fetch,
    stats,
    last: () => last,
    reset: () => {
      last = undefined
    },
  }
}

/**
 * Asks the app for a token. A failure is reported as an `auth` error with a fixed message: the app's own error text
 * (which may quote a response body, a session or a token) stays in `cause` and never reaches the status a UI shows.
 */
export const askForToken = async (
  getAuthToken: () => Promise<string>,
  bounds: { readonly timeoutMs?: number; readonly signal?: AbortSignal } = {},
): Promise<string> => {
  let token: unknown
  let timer: ReturnType<typeof setTimeout> | undefined
  let onAbort: (() => void) | undefined
  try {
    const waits: Array<Promise<unknown>> = [getAuthToken()]
    if (bounds.timeoutMs !== undefined) {
      const ms = bounds.timeoutMs
      waits.push(new Promise((_, reject) => (timer = setTimeout(() => reject(new SyncError('auth', `getAuthToken did not answer within ${ms} ms`, { transient: false })), ms))))
    }
    const signal = bounds.signal
    if (signal !== undefined) {
      if (signal.aborted) throw new SyncError('aborted', 'Sync stopped', { transient: false })
      waits.push(new Promise((_, reject) => signal.addEventListener('abort', (onAbort = () => reject(new SyncError('aborted', 'Sync stopped', { transient: false }))))))
    }
    token = await Promise.race(waits)
  } catch (error) {
    if (error instanceof SyncError) throw error
    throw new SyncError('auth', 'getAuthToken failed: the app could not supply a database token', { cause: error, transient: false })
  } finally {
    if (timer !== undefined) clearTimeout(timer)
    if (onAbort !== undefined) bounds.signal?.removeEventListener('abort', onAbort)
  }
  if (typeof token !== 'string' || token === '') {
    throw new SyncError('auth', 'getAuthToken returned no token', { transient: false })
  }
  return token
}
