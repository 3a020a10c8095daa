import 'fake-indexeddb/auto'
import { createClient } from '@libsql/client'
import { createTursoEmulator, type TursoEmulator } from '../../src/testing/index'
import { applySchema } from '../../src/server/index'
import { createLocalDatabase, type SyncDatabase } from '../../src/local/index'
import { createSyncEngine, type SyncEngine, type SyncEngineOptions } from '../../src/index'
import type { SyncedTableName } from '../../src/schema/tables'
import type { Row } from './records'

/**
 * The bench world: one Turso emulator served over real HTTP on 127.0.0.1 (as in `npm run demo`), a fresh user
 * database per measurement, and devices with their own IndexedDB (fake-indexeddb) and engine.
 */
export interface World {
  readonly emulator: TursoEmulator
  readonly url: string
  createUser(): Promise<User>
  close(): Promise<void>
}

export interface User {
  readonly name: string
  readonly url: string
  readonly authToken: string
}

export interface Device {
  readonly db: SyncDatabase
  readonly engine: SyncEngine
}

let counter = 0
export const uniqueName = (what: string): string => `bench-${what}-${++counter}-${Date.now().toString(36)}`

export const startWorld = async (): Promise<World> => {
  const emulator = createTursoEmulator({ requestLogLimit: 0 })
  const server = await emulator.listen(0)
  return {
    emulator,
    url: server.url,
    async createUser() {
      const name = uniqueName('user')
      const { authToken } = emulator.createDatabase(name)
      const client = createClient({ url: server.url, authToken })
      await applySchema(client)
      client.close()
      emulator.resetStats(name)
      return { name, url: server.url, authToken }
    },
    close: () => emulator.close(),
  }
}

export const createDevice = (user: User, deviceName: string, options: Partial<SyncEngineOptions> = {}): Device => {
  const db = createLocalDatabase(uniqueName(deviceName))
  const engine = createSyncEngine({
    db,
    remote: { url: user.url, authToken: user.authToken },
    userId: 'bench-user',
    deviceName,
    // The headline metrics measure the unsealed path, as before sealing; sealing_overhead_ratio (bench/sealing.ts)
    // measures what sealing adds on the same push.
    sealing: false,
    ...options,
    // No Web Locks or BroadcastChannel in a single-process bench: the device leads alone.
    env: { locks: undefined, channel: () => undefined, ...options.env },
  })
  return { db, engine }
}

/** App writes (captured into the outbox), one transaction, one bulkPut per table. */
export const writeRows = async (db: SyncDatabase, byTable: ReadonlyMap<SyncedTableName, readonly Row[]>): Promise<void> => {
  const names = [...byTable.keys()]
  await db.transaction('rw', names, async () => {
    for (const [table, rows] of byTable) if (rows.length > 0) await db.table(table).bulkPut(rows as Row[])
  })
}

export const closeDevice = async (device: Device): Promise<void> => {
  await device.engine.stop()
  device.db.close()
  await device.db.delete()
}
