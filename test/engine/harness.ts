import { createClient } from '@libsql/client'
import { setupServer } from 'msw/node'
import { createTursoEmulator } from '@howlerops/sync/testing'
import { applySchema } from '@howlerops/sync/server'
import { createLocalDatabase, type SyncDatabase } from '@howlerops/sync/dexie'
import { createContentKey, createSyncEngine, type SyncEngine, type SyncEngineOptions } from '@howlerops/sync'

export type Emulator = ReturnType<typeof createTursoEmulator>

/** One emulator behind MSW, shared by a test file. */
export const startEmulator = (options: Parameters<typeof createTursoEmulator>[0] = {}): { emulator: Emulator; close: () => Promise<void> } => {
  const emulator = createTursoEmulator(options)
  const server = setupServer(...emulator.handlers)
  server.listen({ onUnhandledRequest: 'error' })
  return {
    emulator,
    close: async () => {
      server.close()
      await emulator.close()
    },
  }
}

let counter = 0

export interface UserDatabase {
  readonly name: string
  readonly url: string
  readonly authToken: string
  /** The user's content key (what a token route returns as `contentKey`): every device of the user seals with it. */
  readonly contentKey: string
}

/** A fresh user database with the schema applied, and the user's content key. */
export const createUserDatabase = async (emulator: Emulator, name = `user-${++counter}`): Promise<UserDatabase> => {
  const db = emulator.createDatabase(name)
  const client = createClient({ url: db.url, authToken: db.authToken, fetch: (r: Request) => globalThis.fetch(r) } as never)
  await applySchema(client)
  client.close()
  return { ...db, name, contentKey: createContentKey() }
}

export interface Device {
  readonly db: SyncDatabase
  readonly engine: SyncEngine
}

/** A device: its own IndexedDB database and engine, on the given user database. */
export const createDevice = (
  user: { url: string; authToken: string; contentKey?: string },
  deviceName: string,
  options: Partial<SyncEngineOptions> = {},
  dbName = `${deviceName}-${++counter}-${Math.random()}`,
): Device => {
  const db = createLocalDatabase(dbName)
  const engine = createSyncEngine({
    db,
    remote: { url: user.url, authToken: user.authToken, fetch: (input, init) => globalThis.fetch(input, init) },
    userId: 'user-1',
    deviceName,
    // Sealed, as the README sets it up, when the user has a content key; a test may pass its own `sealing`.
    sealing: user.contentKey === undefined ? false : { key: user.contentKey },
    ...options,
    env: { locks: undefined, channel: () => undefined, ...options.env },
  })
  return { db, engine }
}

export const savedQuery = (id: string, patch: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  name: `query ${id}`,
  description: null,
  query_text: `select ${id.length}`,
  connection_id: null,
  folder: null,
  tags: null,
  is_favorite: 0,
  ...patch,
})
