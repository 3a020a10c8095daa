import { createContentKey, createSyncEngine, type SyncEngine, type SyncEngineOptions } from '@howlerops/sync'
import { createLocalDatabase, type SyncDatabase } from '@howlerops/sync/dexie'

export interface LiveUser {
  readonly name: string
  readonly url: string
  readonly authToken: string
}

export interface LiveDevice {
  readonly name: string
  readonly db: SyncDatabase
  readonly engine: SyncEngine
}

/** A fresh user database on the emulator the dev server hosts (`tursoEmulatorPlugin`, `/__turso/`). */
export const createLiveUser = async (): Promise<LiveUser> => {
  const response = await fetch('/__turso/databases', { method: 'POST' })
  if (!response.ok) throw new Error(`Could not create a database: ${response.status} ${await response.text()}`)
  return (await response.json()) as LiveUser
}

/** Each story user's content key, shared by the user's devices in this page (sealing, as the README sets it up). */
const contentKeys = new Map<string, string>()
const contentKeyOf = (user: LiveUser): string => {
  let key = contentKeys.get(user.name)
  if (key === undefined) contentKeys.set(user.name, (key = createContentKey()))
  return key
}

/** A device in this page: its own IndexedDB database and a real engine syncing over HTTP to the emulator. */
export const createLiveDevice = (user: LiveUser, name: string, options: Partial<SyncEngineOptions> = {}): LiveDevice => {
  const db = createLocalDatabase(`story-${name}-${crypto.randomUUID()}`)
  const engine = createSyncEngine({
    db,
    remote: { url: user.url, authToken: user.authToken },
    sealing: { key: contentKeyOf(user) },
    userId: 'story-user',
    deviceName: name,
    debounceMs: 300,
    pollIntervalMs: 3000,
    ...options,
    // Each device acts as its own tab: no leadership shared between the two databases of one page.
    env: { locks: undefined, channel: () => undefined, ...options.env },
  })
  return { name, db, engine }
}

let counter = 0
export const savedQuery = (name: string): Record<string, unknown> => ({
  id: `q-${Date.now().toString(36)}-${++counter}`,
  name,
  description: null,
  query_text: `SELECT * FROM ${name.toLowerCase().replace(/\W+/g, '_') || 't'}`,
  connection_id: null,
  folder: null,
  tags: null,
  is_favorite: 0,
})

/** Two devices on one user, the first holding a manual conflict on a saved query the second edited too. */
export const createLiveConflict = async (): Promise<{ laptop: LiveDevice; phone: LiveDevice; id: string }> => {
  const user = await createLiveUser()
  const laptop = createLiveDevice(user, 'Laptop', { strategies: { saved_queries: 'manual' } })
  const phone = createLiveDevice(user, 'Phone')
  const row = savedQuery('Active users')
  const id = row['id'] as string
  await laptop.db.saved_queries.put(row as never)
  await laptop.engine.syncNow()
  await phone.engine.syncNow()
  await phone.db.saved_queries.update(id, { name: 'Active users (edited on phone)', is_favorite: 1 } as never)
  await phone.engine.syncNow()
  await laptop.db.saved_queries.update(id, { name: 'Active users (edited on laptop)' } as never)
  await laptop.engine.syncNow()
  await laptop.engine.conflicts.refresh()
  return { laptop, phone, id }
}
