import { isLoopbackOrigin, withCors } from './cors.js'
import { createDevTokenRoute } from './devTokenRoute.js'
import { DROP_SERVER_SEARCH_SQL } from '../server/serverSearch.js'
import { createFileTokenStore } from './createFileTokenStore.js'
import { createMswHandlers } from './createMswHandlers.js'
import { createDatabaseFiles } from './database/createDatabaseFiles.js'
import { EmulatedDatabase, type DatabaseClock } from './database/EmulatedDatabase.js'
import type { DatabaseStats } from './database/SqlExecutor.js'
import { createLibsqlEngine } from './engine/createLibsqlEngine.js'
import type { SqlValue } from './engine/SqlEngine.js'
import { EmulatorHttpError, TursoEmulatorError } from './errors.js'
import { FaultInjector } from './FaultInjector.js'
import { createRequestHandler } from './handleHttpRequest.js'
import { sqlParams } from './hrana/sqlParams.js'
import { serveOverHttp } from './serveOverHttp.js'
import { withServerClock } from './serverClock.js'
import { TokenRegistry } from './TokenRegistry.js'
import type { EmulatorServer, QueryArgs, RequestLogEntry, TursoEmulator, TursoEmulatorOptions } from './types.js'

const toSqlValue = (value: unknown): SqlValue => {
  if (value === null || value === undefined) return null
  if (typeof value === 'boolean') return value ? 1n : 0n
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value)
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'string') return value
  if (value instanceof Uint8Array) return value
  throw new TursoEmulatorError(`Cannot bind a ${typeof value} value`)
}

const toArgs = (sql: string, args: QueryArgs | undefined): SqlValue[] => {
  if (args === undefined) return []
  if (Array.isArray(args)) return args.map(toSqlValue)
  const named = args as Readonly<Record<string, unknown>>
  return sqlParams(sql).map((name) => toSqlValue(name === null ? null : named[name.slice(1)]))
}

/** Integers that fit a JS number come back as numbers, so tests can compare with plain literals. */
const fromSqlValue = (value: SqlValue): unknown =>
  typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
    ? Number(value)
    : value

const zeroStats = (): DatabaseStats => ({ requests: 0, statements: 0, rowsRead: 0, rowsWritten: 0 })

const isLoopbackHost = (hostname: string): boolean =>
  hostname === 'localhost' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname)

/**
 * A stand-in for Turso: Hrana over HTTP on real embedded libSQL databases, one per user. The URL names the
 * database (`https://<name>.<domain>` through MSW, `http://127.0.0.1:<port>/<name>` over HTTP) and the bearer token
 * must belong to it. Serve it with MSW (`setupServer(...emulator.handlers)`) or over HTTP (`await emulator.listen(0)`).
 */
export const createTursoEmulator = (options: TursoEmulatorOptions = {}): TursoEmulator => {
  const domain = (options.domain ?? 'turso.test').toLowerCase()
  const engine = options.engine ?? createLibsqlEngine()
  const { dataDir } = options
  const tokens = new TokenRegistry(dataDir === undefined ? undefined : createFileTokenStore(dataDir))
  const files = createDatabaseFiles(engine, dataDir)
  const faults = new FaultInjector()
  const clock: DatabaseClock = {
    now: options.now ?? (() => Date.now()),
    setTimeout: options.timers?.setTimeout ?? ((callback, ms) => globalThis.setTimeout(callback, ms)),
    clearTimeout:
      options.timers?.clearTimeout ??
      ((handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>)),
    randomId: () => crypto.randomUUID(),
    streamIdleTimeoutMs: options.streamIdleTimeoutMs ?? 10_000,
  }
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms)))
  const logLimit = options.requestLogLimit ?? 200
  const requestLog: RequestLogEntry[] = []
  const opening = new Map<string, Promise<EmulatedDatabase>>()
  const opened = new Map<string, EmulatedDatabase>()
  const servers = new Set<EmulatorServer>()
  const listenOrigins = new Set<string>()
  let closed = false

  const openDatabase = (name: string): Promise<EmulatedDatabase> => {
    if (closed) return Promise.reject(new EmulatorHttpError(503, 'DATABASE_CLOSED', 'The emulator has been closed'))
    let database = opening.get(name)
    if (!database) {
      database = (async () => {
        const db = new EmulatedDatabase({
          connect: () => files.connect(name).then((conn) => withServerClock(conn, options.now)),
          clock,
          ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
          ...(options.writeLockTimeoutMs === undefined ? {} : { writeLockTimeoutMs: options.writeLockTimeoutMs }),
        })
        if (options.schema !== undefined) await db.script(options.schema)
        if (options.schema !== undefined && options.serverSearch === false) await db.script(DROP_SERVER_SEARCH_SQL)
        opened.set(name, db)
        return db
      })()
      opening.set(name, database)
      database.catch(() => opening.delete(name))
    }
    return database
  }

  const requireDatabase = (name: string): void => {
    if (!tokens.has(name)) throw new TursoEmulatorError(`No database named ${JSON.stringify(name)}`)
  }

  const handle = withCors(
    options.cors ?? isLoopbackOrigin,
    createRequestHandler({
      domain,
      resolveDatabase: (label) => tokens.resolve(label),
      lookupToken: (token) => tokens.lookup(token, clock.now()),
      openDatabase,
      faults,
      sleep,
      log: (entry) => {
        if (logLimit > 0) {
          requestLog.push(entry)
          if (requestLog.length > logLimit) requestLog.splice(0, requestLog.length - logLimit)
        }
        options.onRequest?.(entry)
      },
    }),
  )

  const owns = (url: URL): boolean =>
    url.hostname === domain || url.hostname.endsWith(`.${domain}`) || listenOrigins.has(url.origin)

  let handlers: ReturnType<typeof createMswHandlers> | undefined

  return {
    createDatabase: (name) => ({ name, url: `libsql://${name.toLowerCase()}.${domain}`, authToken: tokens.ensure(name) }),
    createToken: (name) => {
      requireDatabase(name)
      return tokens.mint(name)
    },
    revokeToken: (token) => tokens.revoke(token),
    databases: () => tokens.names(),
    fetch: handle,
    get handlers() {
      handlers ??= createMswHandlers(owns, handle)
      return handlers
    },
    listen: async (port = 0, hostname = '127.0.0.1', listenOptions = {}) => {
      if (listenOptions.devTokens === true && !isLoopbackHost(hostname)) {
        throw new TursoEmulatorError(`The development token endpoint is only served on loopback, not on ${hostname}`)
      }
      let devTokens: ((request: Request) => Promise<Response | undefined>) | undefined
      const server = await serveOverHttp(
        async (request) => (await devTokens?.(request)) ?? handle(request),
        port,
        hostname,
      )
      // The trailing slash matters: @libsql/client resolves `v2/pipeline` against this URL.
      const urlFor = (name: string): string => `${server.url}/${name}/`
      if (listenOptions.devTokens === true) {
        devTokens = withDevCors(
          options.cors ?? isLoopbackOrigin,
          createDevTokenRoute({
            issue: (name, expiresAt) => {
              tokens.ensure(name)
              return tokens.mint(name, expiresAt)
            },
            urlFor,
            now: clock.now,
            ttlMs: listenOptions.devTokenTtlMs ?? 3_600_000,
          }),
        )
      }
      listenOrigins.add(server.url)
      const tracked: EmulatorServer = {
        url: server.url,
        port: server.port,
        urlFor,
        close: async () => {
          servers.delete(tracked)
          listenOrigins.delete(server.url)
          await server.close()
        },
      }
      servers.add(tracked)
      return tracked
    },
    query: async (name, sql, args) => {
      requireDatabase(name)
      const database = await openDatabase(name)
      const rows = await database.query(sql, toArgs(sql, args))
      return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, fromSqlValue(v)])))
    },
    stats: (name) => ({ ...(opened.get(name)?.stats ?? zeroStats()) }),
    resetStats: (name) => {
      for (const [dbName, db] of opened) if (name === undefined || name === dbName) Object.assign(db.stats, zeroStats())
    },
    faults,
    requestLog,
    clearRequestLog: () => {
      requestLog.length = 0
    },
    close: async () => {
      closed = true
      await Promise.all([...servers].map((server) => server.close()))
      const databases = await Promise.allSettled(opening.values())
      for (const result of databases) if (result.status === 'fulfilled') await result.value.close()
      opening.clear()
      opened.clear()
      files.remove()
    },
  }
}

/** The dev token route answers CORS like the Hrana endpoints, but only for its own path. */
const withDevCors =
  (origins: Parameters<typeof withCors>[0], route: (request: Request) => Promise<Response | undefined>) =>
  async (request: Request): Promise<Response | undefined> => {
    if (new URL(request.url).pathname.replace(/\/+$/, '') !== '/dev/token') return undefined
    return withCors(origins, async (r) => (await route(r)) ?? new Response(null, { status: 404 }))(request)
  }
