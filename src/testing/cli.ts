import { createTursoEmulator } from './createTursoEmulator.js'
import type { EmulatorServer, TursoEmulator } from './types.js'

export interface EmulatorCliOptions {
  readonly port: number
  readonly host: string
  readonly dataDir: string | undefined
  readonly databases: readonly string[]
}

export interface EmulatorCliRun {
  readonly emulator: TursoEmulator
  readonly server: EmulatorServer
}

/** A bad command line; the message is meant for the user. */
export class EmulatorCliUsageError extends Error {
  override readonly name = 'EmulatorCliUsageError'
}

export const emulatorCliUsage = `Usage: howlerops-sync-emulator [--port 8080] [--host 127.0.0.1] [--data DIR] [--database NAME]...

Serves a Turso (Hrana over HTTP) emulator backed by embedded libSQL.
  --port, -p      port to listen on (0 picks a free port)        default 8080
  --host          interface to bind                              default 127.0.0.1
  --data, -d      keep databases and tokens in DIR               default: in memory
  --database      create database NAME and print its token (repeatable)`

/** Parses the command line; throws EmulatorCliUsageError for bad input. Returns `null` for `--help`. */
export const parseEmulatorArgs = (argv: readonly string[]): EmulatorCliOptions | null => {
  let port = 8080
  let host = '127.0.0.1'
  let dataDir: string | undefined
  const databases: string[] = []
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
    else throw new EmulatorCliUsageError(`Unknown option ${flag}`)
  }
  return { port, host, dataDir, databases }
}

/**
 * The command line: starts the emulator and prints its URL and one `database NAME token TOKEN` line per
 * `--database`. Returns the running emulator (for tests), or `null` after printing help.
 */
export const runEmulatorCli = async (
  argv: readonly string[],
  print: (line: string) => void = (line) => console.log(line),
): Promise<EmulatorCliRun | null> => {
  const options = parseEmulatorArgs(argv)
  if (!options) {
    print(emulatorCliUsage)
    return null
  }
  const emulator = createTursoEmulator(options.dataDir === undefined ? {} : { dataDir: options.dataDir })
  const databases = options.databases.map((name) => emulator.createDatabase(name))
  const server = await emulator.listen(options.port, options.host)
  print(`Turso emulator listening on ${server.url}${options.dataDir ? ` (data in ${options.dataDir})` : ' (in memory)'}`)
  for (const db of databases) print(`database ${db.name} token ${db.authToken}`)
  return { emulator, server }
}
