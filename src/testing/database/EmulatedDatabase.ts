import type { SqlConnection, SqlValue } from '../engine/SqlEngine.js'
import { EmulatorHttpError, HranaProtocolError, StatementError } from '../errors.js'
import type { HranaPipelineRequest, HranaStreamResult } from '../hrana/protocol.js'
import { PlanCache } from './PlanCache.js'
import { DEFAULT_MAX_RESPONSE_BYTES } from './ResponseBudget.js'
import { runStreamRequests } from './runStreamRequests.js'
import { SqlExecutor, type DatabaseStats } from './SqlExecutor.js'
import type { StreamRuntime } from './StreamRuntime.js'
import { WriteLock, type LockClock } from './WriteLock.js'

/** The clock and timers a database uses to expire idle streams and time write locks; injectable for fake time. */
export interface DatabaseClock extends LockClock {
  randomId(): string
  readonly streamIdleTimeoutMs: number
}

export interface DatabaseOptions {
  /** Opens one more connection to the database file (already in WAL mode). */
  readonly connect: () => Promise<SqlConnection>
  readonly clock: DatabaseClock
  readonly maxResponseBytes?: number
  readonly writeLockTimeoutMs?: number
}

/** sqld keeps an expired baton this long, so that it answers STREAM_EXPIRED rather than "invalid baton". */
const EXPIRED_MEMORY_MS = 300_000
/**
 * Connections of closed streams kept for new streams, so that a request does not pay for opening a connection and
 * parsing the schema. Only clean ones: a stream that ran a PRAGMA or made TEMP objects takes its connection along.
 */
const POOL_SIZE = 4

class Stream implements StreamRuntime {
  readonly sqls = new Map<number, string>()
  closed = false
  timedOut = false
  lastUsedAt: number

  constructor(
    readonly executor: SqlExecutor,
    readonly lock: WriteLock<Stream>,
    now: number,
  ) {
    this.lastUsedAt = now
  }

  acquireWrite(): Promise<void> {
    return this.lock.acquire(this)
  }

  settle(): void {
    if (!this.executor.inTransaction) this.lock.release(this)
  }

  checkTimedOut(): void {
    if (!this.timedOut) return
    this.timedOut = false
    throw new StatementError('TRANSACTION_TIMEOUT', 'Transaction timed out')
  }
}

/**
 * One user database, served as sqld serves it: every Hrana stream has its own connection to one WAL database, so
 * readers see a snapshot and never wait; writers take the single write lock in turn (WriteLock, with sqld's 5 s
 * takeover); PRAGMAs and TEMP tables belong to their stream. A stream idle for `streamIdleTimeoutMs` is closed and
 * its transaction rolled back (checked when the next request arrives).
 */
export class EmulatedDatabase {
  readonly stats: DatabaseStats = { requests: 0, statements: 0, rowsRead: 0, rowsWritten: 0 }
  readonly #options: DatabaseOptions
  readonly #plans = new PlanCache()
  readonly #lock: WriteLock<Stream>
  readonly #streams = new Map<string, Stream>()
  readonly #expired = new Map<string, number>()
  readonly #busy = new Set<Stream>()
  readonly #pool: SqlExecutor[] = []
  #admin: Promise<Stream> | undefined
  #closed = false

  constructor(options: DatabaseOptions) {
    this.#options = options
    this.#lock = new WriteLock<Stream>(
      options.clock,
      (holder) => {
        holder.executor.rollback()
        holder.timedOut = true
      },
      options.writeLockTimeoutMs,
    )
  }

  /** Runs a pipeline on the stream named by `baton` (a new stream when `null`). */
  async pipeline(body: HranaPipelineRequest): Promise<{ baton: string | null; results: HranaStreamResult[] }> {
    this.#ensureOpen()
    this.#sweep()
    const stream = body.baton === null ? await this.#newStream() : this.#take(body.baton)
    this.#busy.add(stream)
    let results: HranaStreamResult[]
    try {
      this.#ensureOpen()
      results = await runStreamRequests(body.requests, stream, this.#options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES)
    } catch (error) {
      // sqld drops a stream whose request failed as a whole.
      this.#drop(stream)
      throw error
    } finally {
      this.#busy.delete(stream)
    }
    stream.lastUsedAt = this.#options.clock.now()
    if (stream.closed || this.#closed) {
      this.#drop(stream)
      return { baton: null, results }
    }
    const baton = this.#options.clock.randomId()
    this.#streams.set(baton, stream)
    return { baton, results }
  }

  /** Runs SQL outside the counters on a connection of its own, once no stream holds the write lock. */
  query(sql: string, args: readonly SqlValue[]): Promise<Record<string, SqlValue>[]> {
    return this.#withAdmin((executor) => executor.query(sql, args))
  }

  /** Runs a script (several statements) in one transaction, outside the counters: the schema of a new database. */
  script(sql: string): Promise<void> {
    return this.#withAdmin((executor) => {
      executor.query('BEGIN IMMEDIATE', [])
      try {
        executor.sequence(sql)
        executor.query('COMMIT', [])
      } catch (error) {
        executor.rollback()
        throw error
      }
    })
  }

  async #withAdmin<T>(fn: (executor: SqlExecutor) => T): Promise<T> {
    this.#ensureOpen()
    this.#sweep()
    this.#admin ??= this.#newStream()
    const admin = await this.#admin
    this.#busy.add(admin)
    try {
      await admin.acquireWrite()
      // The native engine aborts the process when a closed connection is used, so never touch it after close().
      this.#ensureOpen()
      return fn(admin.executor)
    } finally {
      admin.settle()
      this.#busy.delete(admin)
      if (this.#closed) this.#drop(admin)
    }
  }

  /** Drops every stream, rolls back open transactions and closes every connection. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    for (const stream of this.#streams.values()) this.#drop(stream)
    this.#streams.clear()
    const admin = await this.#admin?.catch(() => undefined)
    // A busy stream (a request in flight) closes its own connection when it finishes.
    if (admin && !this.#busy.has(admin)) this.#drop(admin)
    for (const executor of this.#pool.splice(0)) executor.close()
  }

  #ensureOpen(): void {
    if (this.#closed) throw new EmulatorHttpError(503, 'DATABASE_CLOSED', 'The emulator has been closed')
  }

  async #newStream(): Promise<Stream> {
    const executor = this.#pool.pop() ?? new SqlExecutor(await this.#options.connect(), this.stats, this.#plans)
    return new Stream(executor, this.#lock, this.#options.clock.now())
  }

  #take(baton: string): Stream {
    const stream = this.#streams.get(baton)
    if (stream) {
      this.#streams.delete(baton)
      return stream
    }
    if (this.#expired.has(baton)) {
      throw new EmulatorHttpError(500, 'STREAM_EXPIRED', 'The stream has expired due to inactivity')
    }
    throw new HranaProtocolError('Received an invalid baton')
  }

  #drop(stream: Stream): void {
    this.#lock.forget(stream)
    try {
      stream.executor.rollback()
      if (!this.#closed && stream.executor.reusable && this.#pool.length < POOL_SIZE) this.#pool.push(stream.executor)
      else stream.executor.close()
    } catch {
      // A connection that fails to roll back or close has nothing left to give back.
    }
  }

  /** Closes streams idle for `streamIdleTimeoutMs`, remembering their batons for a while. */
  #sweep(): void {
    const { now, streamIdleTimeoutMs } = this.#options.clock
    const at = now.call(this.#options.clock)
    for (const [baton, stream] of this.#streams) {
      if (at - stream.lastUsedAt < streamIdleTimeoutMs || this.#busy.has(stream)) continue
      this.#streams.delete(baton)
      this.#expired.set(baton, at)
      this.#drop(stream)
    }
    for (const [baton, expiredAt] of this.#expired) if (at - expiredAt > EXPIRED_MEMORY_MS) this.#expired.delete(baton)
  }
}
