import type { CorsOrigins } from './cors.js'
import { createTursoEmulator } from './createTursoEmulator.js'
import type { EmulatorServer, TursoEmulator } from './types.js'

export interface EmulatorCliOptions {
  readonly port: number
  readonly host: string
  readonly dataDir: string | undefined
  readonly databases: readonly string[]
  /** A schema file to apply to every database, `false` for none, `undefined` for the packaged `schema.sql`. */
  readonly schemaFile: string | false | undefined
  /** Extra allowed browser origins (`*` for any); loopback origins are always allowed. */
  readonly corsOrigins: readonly string[]
  readonly devTokens: boolean
}

export interface EmulatorCliRun {
  readonly emulator: TursoEmulator
  readonly server: EmulatorServer
}

export interface EmulatorCliEnvironment {
  readonly print?: (line: string) => void
  /** Reads a file as text (the schema). @default node:fs readFileSync */
  readonly readFile?: (path: string) => string
  /** The packaged schema.sql, applied when no `--schema` is given. The bin script passes it. */
  readonly defaultSchemaFile?: string
}

/** A bad command line; the message is meant for the user. */
export class EmulatorCliUsageError extends Error {
  override readonly name = 'EmulatorCliUsageError'
}

export const emulatorCliUsage = `Usage: howlerops-sync-emulator [options]

A local Turso: Hrana over HTTP on embedded libSQL, one database per user, for development and tests.
  --port, -p PORT     port to listen on (0 picks a free port)              default 8080
  --host HOST         interface to bind                                    default 127.0.0.1
  --data, -d DIR      keep databases and tokens in DIR                     default: a temporary directory
  --database NAME     create database NAME and print its URL and token (repeatable)
  --schema FILE       SQL applied to every database it creates             default: the package's schema.sql
  --no-schema         create databases empty
  --cors ORIGIN       also allow this browser origin, or * (repeatable)    default: loopback origins only
  --no-dev-tokens     do not serve the development token endpoint

Client URL of a database: http://HOST:PORT/<database>. The token must belong to that database.
Development token endpoint (DEVELOPMENT ONLY, served only on a loopback host):
  POST http://HOST:PORT/dev/token  {"userId": "..."}   ->   {"url", "authToken", "expiresAt"}`

/** Parses the command line; throws EmulatorCliUsageError for bad input. Returns `null` for `--help`. */
export const parseEmulatorArgs = (argv: readonly string[]): EmulatorCliOptions | null => {
  let port = 8080
  let host = '127.0.0.1'
  let dataDir: string | undefined
  let schemaFile: string | false | undefined
  let devTokens = true
  const databases: string[] = []
  const corsOrigins: string[] = []
  for (let i = 0; i < argv.length; i += 1) {
    const [flag = '', inline] = (argv[i] ?? '').split(/=(.*)/s, 2)
    if (flag === '--help' || flag === '-h') return null
    const value = (): string => {
      const v = inline ?? argv[++i]
      if (v === undefined || v === '') throw new EmulatorCliUsageError(`${flag} needs a value`)
      return v
    }
    if (flag === '--port' || flag === '-p') {
      port = Number(value())
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new EmulatorCliUsageError('--port must be 0-65535')
    } else if (flag === '--host') host = value()
    else if (flag === '--data' || flag === '-d') dataDir = value()
    else if (flag === '--database') databases.push(value())
    else if (flag === '--schema') schemaFile = value()
    else if (flag === '--no-schema') schemaFile = false
    else if (flag === '--cors') corsOrigins.push(value())
    else if (flag === '--no-dev-tokens') devTokens = false
    else throw new EmulatorCliUsageError(`Unknown option ${flag}`)
  }
  return { port, host, dataDir, databases, schemaFile, corsOrigins, devTokens }
}

const loopbackHost = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\./.test(host)

const corsOf = (extra: readonly string[]): CorsOrigins | undefined => {
  if (extra.length === 0) return undefined
  if (extra.includes('*')) return '*'
  return (origin) => extra.includes(origin) || /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(origin)
}

const readFileNode = (path: string): string => {
  const fs = globalThis.process?.getBuiltinModule?.('node:fs')
  if (!fs) throw new Error('The emulator CLI needs Node.js 20.16 or later')
  return fs.readFileSync(path, 'utf8')
}

/**
 * The command line: starts the emulator and prints its URL, the development token endpoint (on loopback) and one
 * `database NAME url URL token TOKEN` line per `--database`. Returns the running emulator (for tests), or `null`
 * after printing help.
 */
export const runEmulatorCli = async (argv: readonly string[], env: EmulatorCliEnvironment | ((line: string) => void) = {}): Promise<EmulatorCliRun | null> => {
  const { print = (line: string) => console.log(line), readFile = readFileNode, defaultSchemaFile } = typeof env === 'function' ? { print: env } : env
  const options = parseEmulatorArgs(argv)
  if (!options) {
    print(emulatorCliUsage)
    return null
  }
  const schemaFile = options.schemaFile === undefined ? defaultSchemaFile : options.schemaFile || undefined
  const schema = schemaFile === undefined ? undefined : readFile(schemaFile)
  const cors = corsOf(options.corsOrigins)
  const emulator = createTursoEmulator({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(schema === undefined ? {} : { schema }),
    ...(cors === undefined ? {} : { cors }),
  })
  const devTokens = options.devTokens && loopbackHost(options.host)
  const databases = options.databases.map((name) => emulator.createDatabase(name))
  const server = await emulator.listen(options.port, options.host, { devTokens })
  print(`Turso emulator listening on ${server.url}${options.dataDir ? ` (data in ${options.dataDir})` : ' (temporary data)'}`)
  print(`  schema: ${schemaFile ?? 'none'}`)
  print(`  client URL of a database: ${server.url}/<database>/`)
  if (devTokens) print(`  development tokens (DEVELOPMENT ONLY): POST ${server.url}/dev/token {"userId":"..."}`)
  for (const db of databases) print(`database ${db.name} url ${server.urlFor(db.name)} token ${db.authToken}`)
  return { emulator, server }
}
