import { createFileTokenStore } from './createFileTokenStore.js'
import { createMswHandlers } from './createMswHandlers.js'
import { EmulatedDatabase, type DatabaseClock } from './database/EmulatedDatabase.js'
import { SqlExecutor, type DatabaseStats } from './database/SqlExecutor.js'
import { createLibsqlEngine } from './engine/createLibsqlEngine.js'
import type { SqlValue } from './engine/SqlEngine.js'
import { TursoEmulatorError } from './errors.js'
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

/**
 * A stand-in for Turso: Hrana over HTTP on real embedded libSQL databases, one per user, selected by bearer token.
 * Serve it with MSW (`setupServer(...emulator.handlers)`) or over HTTP (`await emulator.listen(0)`).
 */
export const createTursoEmulator = (options: TursoEmulatorOptions = {}): TursoEmulator => {
  const domain = options.domain ?? 'turso.test'
  const engine = options.engine ?? createLibsqlEngine()
  const { dataDir } = options
  const tokens = new TokenRegistry(dataDir === undefined ? undefined : createFileTokenStore(dataDir))
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

  const openDatabase = (name: string): Promise<EmulatedDatabase> => {
    let database = opening.get(name)
    if (!database) {
      database = engine.open(dataDir === undefined ? ':memory:' : `${dataDir}/${name}.db`).then((conn) => {
        const db = new EmulatedDatabase(new SqlExecutor(withServerClock(conn, options.now)), clock)
        opened.set(name, db)
        return db
      })
      opening.set(name, database)
    }
    return database
  }

  const requireDatabase = (name: string): void => {
    if (!tokens.has(name)) throw new TursoEmulatorError(`No database named ${JSON.stringify(name)}`)
  }

  const handle = createRequestHandler({
    lookupToken: (token) => tokens.lookup(token),
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
  })

  const owns = (url: URL): boolean =>
    url.hostname === domain || url.hostname.endsWith(`.${domain}`) || listenOrigins.has(url.origin)

  return {
    createDatabase: (name) => ({ name, url: `libsql://${name.toLowerCase()}.${domain}`, authToken: tokens.ensure(name) }),
    createToken: (name) => {
      requireDatabase(name)
      return tokens.mint(name)
    },
    revokeToken: (token) => tokens.revoke(token),
    databases: () => tokens.names(),
    fetch: handle,
    handlers: createMswHandlers(owns, handle),
    listen: async (port = 0, hostname = '127.0.0.1') => {
      const server = await serveOverHttp(handle, port, hostname)
      listenOrigins.add(server.url)
      const tracked: EmulatorServer = {
        url: server.url,
        port: server.port,
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
      const rows = await database.run((executor) => executor.query(sql, toArgs(sql, args)))
      return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, fromSqlValue(v)])))
    },
    stats: (name) => ({ ...(opened.get(name)?.executor.stats ?? zeroStats()) }),
    resetStats: (name) => {
      for (const [dbName, db] of opened) if (name === undefined || name === dbName) Object.assign(db.executor.stats, zeroStats())
    },
    faults,
    requestLog,
    clearRequestLog: () => {
      requestLog.length = 0
    },
    close: async () => {
      await Promise.all([...servers].map((server) => server.close()))
      const databases = await Promise.allSettled(opening.values())
      for (const result of databases) if (result.status === 'fulfilled') result.value.close()
      opening.clear()
      opened.clear()
    },
  }
}
