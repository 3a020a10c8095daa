import { EmulatorHttpError } from '../errors.js'
import type { HranaPipelineRequest, HranaStreamResult } from '../hrana/protocol.js'
import { runStreamRequests, type StreamState } from './runStreamRequests.js'
import type { SqlExecutor } from './SqlExecutor.js'

/** The clock and timers a database uses to expire idle streams; injectable so tests run on fake time. */
export interface DatabaseClock {
  now(): number
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  randomId(): string
  readonly streamIdleTimeoutMs: number
}

interface Stream extends StreamState {
  lastUsedAt: number
}

const newStream = (now: number): Stream => ({ sqls: new Map(), lastInsertRowid: '0', closed: false, lastUsedAt: now })

/**
 * One user database: a single connection shared by all Hrana streams.
 *
 * A stream that leaves a transaction open owns the connection; requests of other streams queue until that
 * transaction ends, its stream closes, or its stream sits idle past `streamIdleTimeoutMs` (then it is rolled back).
 */
export class EmulatedDatabase {
  readonly #executor: SqlExecutor
  readonly #clock: DatabaseClock
  readonly #streams = new Map<string, Stream>()
  readonly #waiters: (() => void)[] = []
  #owner: Stream | null = null
  #expiryTimer: unknown = undefined
  #closed = false

  constructor(executor: SqlExecutor, clock: DatabaseClock) {
    this.#executor = executor
    this.#clock = clock
  }

  get executor(): SqlExecutor {
    return this.#executor
  }

  /** Runs a pipeline on the stream named by `baton` (a new stream when `null`); an unknown baton is HTTP 400. */
  async pipeline(body: HranaPipelineRequest): Promise<{ baton: string | null; results: HranaStreamResult[] }> {
    return this.#onStream(body.baton, (stream) => runStreamRequests(body.requests, stream, this.#executor))
  }

  /** Runs `fn` on a stream of its own once no other stream holds a transaction. */
  async #onStream<T>(baton: string | null, fn: (stream: Stream) => T): Promise<{ baton: string | null; results: T }> {
    if (this.#closed) throw new EmulatorHttpError(503, 'DATABASE_CLOSED', 'The emulator has been closed')
    this.#sweep()
    const stream = baton === null ? newStream(this.#clock.now()) : this.#streams.get(baton)
    if (!stream) throw new EmulatorHttpError(400, 'STREAM_EXPIRED', 'The baton is invalid or its stream has expired')
    if (baton !== null) this.#streams.delete(baton)
    await this.#acquire(stream)
    // The native engine aborts the process when a closed connection is used, so never touch it after close().
    if (this.#closed) throw new EmulatorHttpError(503, 'DATABASE_CLOSED', 'The emulator has been closed')
    const results = fn(stream)
    stream.lastUsedAt = this.#clock.now()
    let next: string | null = null
    if (stream.closed) {
      this.#executor.rollback()
    } else {
      next = this.#clock.randomId()
      this.#streams.set(next, stream)
    }
    this.#settle(stream)
    return { baton: next, results }
  }

  /** Runs `fn` with the connection outside any stream, waiting for open transactions like a request does. */
  async run<T>(fn: (executor: SqlExecutor) => T): Promise<T> {
    const { results } = await this.#onStream(null, (stream) => {
      stream.closed = true
      return fn(this.#executor)
    })
    return results
  }


  /** Drops every stream, rolls back an open transaction and closes the connection. */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#streams.clear()
    this.#executor.close()
    this.#release()
  }

  async #acquire(stream: Stream): Promise<void> {
    while (this.#owner !== null && this.#owner !== stream) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve))
    }
  }

  #settle(stream: Stream): void {
    if (this.#executor.inTransaction) {
      this.#owner = stream
      this.#scheduleExpiry(this.#clock.streamIdleTimeoutMs)
    } else {
      this.#release()
    }
  }

  /** Arms one timer for the owner's expiry; when it fires early (the owner was used since), it re-arms. */
  #scheduleExpiry(ms: number): void {
    this.#clock.clearTimeout(this.#expiryTimer)
    this.#expiryTimer = this.#clock.setTimeout(() => {
      this.#sweep()
      const owner = this.#owner
      if (owner) this.#scheduleExpiry(Math.max(1, owner.lastUsedAt + this.#clock.streamIdleTimeoutMs - this.#clock.now()))
    }, ms)
    ;(this.#expiryTimer as { unref?: () => void } | undefined)?.unref?.()
  }

  #release(): void {
    this.#owner = null
    this.#clock.clearTimeout(this.#expiryTimer)
    for (const wake of this.#waiters.splice(0)) wake()
  }

  /** Drops streams idle for `streamIdleTimeoutMs`; checked lazily on each request and by the owner's timer. */
  #sweep(): void {
    const now = this.#clock.now()
    for (const [baton, stream] of this.#streams) {
      if (now - stream.lastUsedAt < this.#clock.streamIdleTimeoutMs) continue
      this.#streams.delete(baton)
      if (this.#owner === stream) {
        this.#executor.rollback()
        this.#release()
      }
    }
  }
}
