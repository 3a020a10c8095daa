import type { SqlConnection, SqlEngine } from '../engine/SqlEngine.js'

type Fs = typeof import('node:fs')
type Os = typeof import('node:os')

export interface DatabaseFiles {
  /** Opens one more connection to database `name`, in WAL mode, creating the file if needed. */
  connect(name: string): Promise<SqlConnection>
  /** Deletes the temporary directory (nothing when the databases live in `dataDir`). */
  remove(): void
}

const builtin = <T>(id: string): T => {
  const mod = globalThis.process?.getBuiltinModule?.(id) as T | undefined
  if (!mod) throw new Error('The Turso emulator needs Node.js 20.16 or later')
  return mod
}

/**
 * Where the databases live. Each Hrana stream gets a connection of its own, and connections share a database only
 * through a file (an in-memory database belongs to one connection), so without `dataDir` the databases go to a
 * temporary directory, written without fsync (`synchronous = OFF`: nothing to keep after a crash).
 */
export const createDatabaseFiles = (engine: SqlEngine, dataDir: string | undefined): DatabaseFiles => {
  let dir = dataDir
  const walReady = new Set<string>()
  const directory = (): string => {
    if (dir === undefined) {
      const fs = builtin<Fs>('node:fs')
      const os = builtin<Os>('node:os')
      dir = fs.mkdtempSync(`${os.tmpdir()}/howlerops-emulator-`)
    } else if (dataDir !== undefined) builtin<Fs>('node:fs').mkdirSync(dir, { recursive: true })
    return dir
  }
  return {
    connect: async (name) => {
      const conn = await engine.open(`${directory()}/${name}.db`)
      try {
        conn.exec(dataDir === undefined ? 'PRAGMA synchronous = OFF' : 'PRAGMA synchronous = NORMAL')
        if (!walReady.has(name)) {
          conn.exec('PRAGMA journal_mode = WAL')
          walReady.add(name)
        }
      } catch (error) {
        conn.close()
        throw error
      }
      return conn
    },
    remove: () => {
      if (dataDir !== undefined || dir === undefined) return
      builtin<Fs>('node:fs').rmSync(dir, { recursive: true, force: true })
      dir = undefined
      walReady.clear()
    },
  }
}
