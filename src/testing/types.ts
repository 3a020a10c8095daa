import type { HttpHandler } from 'msw'
import type { CorsOrigins } from './cors.js'
import type { DatabaseStats } from './database/SqlExecutor.js'
import type { SqlEngine } from './engine/SqlEngine.js'
import type { FaultInjector } from './FaultInjector.js'
import type { DatabaseSnapshot } from './database/snapshot.js'

export interface TursoEmulatorOptions {
  /**
   * Keep each database in `<dataDir>/<name>.db` and the tokens in `<dataDir>/tokens.json`. When omitted, databases
   * live in a temporary directory that `close()` deletes (files, because WAL needs them) and tokens in memory.
   */
  readonly dataDir?: string
  /**
   * SQL applied, in one transaction, to every database when the emulator first opens it (for example the text of
   * `@howlerops/sync/schema.sql`, which is idempotent). The CLI passes `schema.sql` unless `--no-schema`.
   */
  readonly schema?: string
  /**
   * `false` drops the full-text indexes and triggers after `schema` (the development schema of a sealing app:
   * search runs on the device). @default true
   */
  readonly serverSearch?: boolean
  /**
   * Browser origins allowed to call the emulator across origins (CORS). Preflights from other origins get 403.
   * @default any port on localhost, 127.0.0.1 and [::1]
   */
  readonly cors?: CorsOrigins
  /**
   * The largest response of one `execute`, or of all the steps of one `batch`, before it fails with
   * `RESPONSE_TOO_LARGE` (sqld's `--max-response-size`).
   * @default 10_000_000
   */
  readonly maxResponseBytes?: number
  /**
   * How long a write transaction may hold the write lock before a waiting writer takes it over; the holder's next
   * statement then fails with `TRANSACTION_TIMEOUT` (sqld: 5 s).
   * @default 5_000
   */
  readonly writeLockTimeoutMs?: number
  /**
   * The domain of the `libsql://<name>.<domain>` URLs that the MSW handlers serve.
   * @default 'turso.test'
   */
  readonly domain?: string
  /**
   * The SQL engine.
   * @default the native `libsql` package, loaded on first use
   */
  readonly engine?: SqlEngine
  /** The emulator's clock: stream timeouts, and the SQL `unixepoch()` the server stamps tombstones with. @default Date.now */
  readonly now?: () => number
  /** Timers used to expire idle streams. @default globalThis.setTimeout / clearTimeout, looked up on each call */
  readonly timers?: {
    readonly setTimeout: (callback: () => void, ms: number) => unknown
    readonly clearTimeout: (handle: unknown) => void
  }
  /** Used for injected latency. @default a promise around the `timers.setTimeout` */
  readonly sleep?: (ms: number) => Promise<void>
  /**
   * How long a stream may sit idle before it is closed and its open transaction rolled back (Turso: 10 s).
   * @default 10_000
   */
  readonly streamIdleTimeoutMs?: number
  /**
   * How many request bodies `requestLog` keeps (oldest dropped first). 0 keeps none.
   * @default 200
   */
  readonly requestLogLimit?: number
  /** Called for every Hrana request that carries a known token, before it executes. */
  readonly onRequest?: (entry: RequestLogEntry) => void
}

export interface RequestLogEntry {
  readonly database: string
  readonly method: string
  readonly path: string
  /** The raw request body, as received. */
  readonly body: string
}

export interface EmulatorDatabase {
  readonly name: string
  /** `libsql://<name>.<domain>`, served by `emulator.handlers`. */
  readonly url: string
  readonly authToken: string
}

export interface EmulatorServer {
  /**
   * `http://127.0.0.1:<port>`. As a client URL it serves the token's own database; `urlFor(name)` names the
   * database in the path, as Turso names it in the hostname, so a token of another database gets 401.
   */
  readonly url: string
  readonly port: number
  /**
   * `http://127.0.0.1:<port>/<name>/`: a client URL for one database. Keep the trailing slash: @libsql/client resolves
   * `v2/pipeline` against the URL, so without it the path would be dropped (and the token alone would pick).
   */
  urlFor(name: string): string
  close(): Promise<void>
}

export interface ListenOptions {
  /**
   * Serve the development token endpoint, `POST /dev/token` with `{ "userId": "…" }` (or `GET /dev/token?userId=…`),
   * which creates the user's database on demand and answers `{ url, authToken, expiresAt }`. DEVELOPMENT ONLY: anyone
   * who can reach it gets any user's database; `listen` refuses it unless bound to a loopback address.
   * @default false
   */
  readonly devTokens?: boolean
  /** Lifetime of a development token. @default 3_600_000 (1 h) */
  readonly devTokenTtlMs?: number
}

export type QueryArgs = readonly unknown[] | Readonly<Record<string, unknown>>

export interface TursoEmulator {
  /** Creates the database if needed and returns its URL and first token (idempotent). */
  createDatabase(name: string): EmulatorDatabase
  /** Mints another token for an existing database. */
  createToken(name: string): string
  /** Revokes a token; later requests with it get 401. Returns whether the token existed. */
  revokeToken(token: string): boolean
  /** The names of all databases. */
  databases(): string[]
  /** Handles one HTTP request; the MSW handlers and the Node server both call this. */
  fetch(request: Request): Promise<Response>
  /** MSW handlers for `setupServer(...)` / `setupWorker(...)`, for any host under `domain` and for `listen()` URLs. */
  readonly handlers: readonly HttpHandler[]
  /** Serves the emulator over HTTP with `node:http` (port 0 picks a free port). */
  listen(port?: number, hostname?: string, options?: ListenOptions): Promise<EmulatorServer>
  /** Runs SQL directly (outside the counters), after any open transaction ends; rows come back as objects. */
  query(name: string, sql: string, args?: QueryArgs): Promise<Record<string, unknown>[]>
  /** Every row of a database now: a backup. */
  snapshot(name: string): Promise<DatabaseSnapshot>
  /**
   * Puts a database back to a snapshot, as a restore from backup does: its rows, sequence and identity go back, and
   * no device is told. Tokens stay valid.
   */
  restore(name: string, snapshot: DatabaseSnapshot): Promise<void>
  /** A snapshot of a database's counters (zeros for a database that has not been used yet). */
  stats(name: string): DatabaseStats
  /** Zeroes the counters of one database, or of all. */
  resetStats(name?: string): void
  readonly faults: FaultInjector
  /** The most recent request bodies, oldest first (see `requestLogLimit`). */
  readonly requestLog: readonly RequestLogEntry[]
  clearRequestLog(): void
  /** Stops listening servers and closes every connection. */
  close(): Promise<void>
}
