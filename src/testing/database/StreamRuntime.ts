import type { SqlExecutor } from './SqlExecutor.js'

/** What the request runner needs from a Hrana stream: its connection, its stored SQL and its place at the lock. */
export interface StreamRuntime {
  readonly executor: SqlExecutor
  readonly sqls: Map<number, string>
  closed: boolean
  /** Resolves once this stream holds the database's write lock (at once if it already does). */
  acquireWrite(): Promise<void>
  /** After each statement: hands the write lock on once the connection is back in autocommit mode. */
  settle(): void
  /** Throws `TRANSACTION_TIMEOUT` once after another stream took this stream's write lock over. */
  checkTimedOut(): void
}
