// An edit of a record the server no longer holds (deleted elsewhere, its tombstone purged) is archived, never
// resurrected (I6), sealed or not: in sealed mode a preference travels under a sealed id, and a change its server id
// does not find is looked for under the ids it had before (plain, or sealed by a previous key). Not finding it there
// either means the record is gone, not that it still has to be moved.
import { afterAll, describe, expect, it } from 'vitest'
import { createContentKey, preferenceId } from '@howlerops/sync'
import { createSealer } from '../../src/core/sealing/createSealer'
import { createDevice, createUserDatabase, savedQuery, startEmulator, type Device, type UserDatabase } from '../engine/harness'

// Server time decides retention (R3): the emulator's clock is moved by hand.
let serverNow = 1_800_000_000_000
const { emulator, close } = startEmulator({ now: () => serverNow })
afterAll(close)

const DAY = 86_400_000

const livePrefs = (user: UserDatabase): Promise<Array<Record<string, unknown>>> =>
  emulator.query(user.name, 'SELECT id FROM user_preferences WHERE deleted_at IS NULL')

/** Devices A and B of one user, on a clock of their own; `sealing` false is the unsealed mode. */
const pair = async (sealing: 'sealed' | 'unsealed' | 'rotated'): Promise<{ user: UserDatabase; a: Device; b: Device; later: (days: number) => Promise<void> }> => {
  const user = await createUserDatabase(emulator)
  let now = serverNow
  const k1 = createContentKey()
  const options =
    sealing === 'unsealed'
      ? { sealing: false as const }
      : sealing === 'rotated'
        ? { sealing: { key: createContentKey(), keyId: 'k2', previousKeys: { k1 } } }
        : {}
  const env = { env: { now: () => now } }
  const a = createDevice(user, 'A', { ...options, ...env })
  const b = createDevice(user, 'B', { ...options, ...env })
  if (sealing === 'rotated') {
    // The preference was written by a device sealing with the key before the rotation: it lives under that key's id.
    const old = createDevice(user, 'old', { sealing: { key: k1, keyId: 'k1' }, ...env })
    await old.db.user_preferences.put({ key: 'theme', device_id: null, value: 'dark' } as never)
    await old.engine.syncNow()
  }
  const later = async (days: number): Promise<void> => {
    now += days * DAY
    serverNow += days * DAY
  }
  return { user, a, b, later }
}

/** B deletes what A edits offline; 31 days later B's daily maintenance purges the tombstone; A comes back. */
const editPurged = async (s: Awaited<ReturnType<typeof pair>>, edit: () => Promise<void>, remove: () => Promise<void>): Promise<void> => {
  const { a, b, later } = s
  await a.engine.syncNow()
  await b.engine.syncNow()
  await edit()
  await remove()
  await b.engine.syncNow()
  await later(31)
  await b.engine.syncNow()
  await later(1)
  await b.engine.syncNow()
  await a.engine.syncNow()
  await a.engine.whenIdle()
  await a.engine.syncNow()
}

const archived = (user: UserDatabase, table: string): Promise<Array<Record<string, unknown>>> =>
  emulator.query(user.name, 'SELECT strategy, resolution FROM sync_conflicts_archive WHERE entity_type = ?', [table] as never)

describe('an edit of a record whose tombstone the server purged', () => {
  for (const mode of ['unsealed', 'sealed', 'rotated'] as const) {
    it(`${mode}: a global preference edited offline is archived on the server, not re-created`, async () => {
      const s = await pair(mode)
      const { user, a, b } = s
      if (mode !== 'rotated') await b.db.user_preferences.put({ key: 'theme', device_id: null, value: 'dark' } as never)
      await b.engine.syncNow()
      // A device-specific preference of A's: local-only, never on the server, never touched by any of this.
      await a.db.user_preferences.put({ key: 'window', device_id: 'A-device', value: 'wide' } as never)
      await editPurged(
        s,
        () => a.db.user_preferences.update(preferenceId('theme'), { value: 'light' }).then(() => undefined),
        () => b.db.user_preferences.delete(preferenceId('theme')),
      )
      expect(await emulator.query(user.name, 'SELECT id FROM user_preferences WHERE deleted_at IS NOT NULL')).toEqual([])
      expect(await livePrefs(user)).toEqual([])
      expect(((await a.db.user_preferences.toArray()) as Array<Record<string, unknown>>).map((r) => [r['key'], r['value']])).toEqual([['window', 'wide']])
      expect(await archived(user, 'user_preferences')).toEqual([{ strategy: 'server-wins', resolution: 'remote' }])
      await b.engine.syncNow()
      expect(await b.db.user_preferences.count()).toBe(0)
      for (const d of [a, b]) expect(d.engine.getStatus()).toMatchObject({ quarantinedCount: 0, pendingCount: 0 })
    }, 90_000)
  }

  it('sealed: a saved query edited offline is archived on the server, not re-created', async () => {
    const s = await pair('sealed')
    const { user, a, b } = s
    await b.db.saved_queries.put(savedQuery('q') as never)
    await b.engine.syncNow()
    await editPurged(
      s,
      () => a.db.saved_queries.update('q', { name: 'offline edit' }).then(() => undefined),
      () => b.db.saved_queries.delete('q'),
    )
    expect(await emulator.query(user.name, 'SELECT id FROM saved_queries')).toEqual([])
    expect(await a.db.saved_queries.count()).toBe(0)
    expect(await archived(user, 'saved_queries')).toEqual([{ strategy: 'server-wins', resolution: 'remote' }])
    for (const d of [a, b]) expect(d.engine.getStatus()).toMatchObject({ quarantinedCount: 0, pendingCount: 0 })
  }, 90_000)
})

/** A preference row as a sealed version before sealed ids stored it: the plain id, a key token bound to no row. */
const legacyRow = async (contentKey: string, key: string, value: unknown): Promise<Record<string, unknown>> => {
  const sealer = await createSealer(globalThis.crypto, { key: contentKey })
  const id = preferenceId(key)
  return {
    id,
    device_id: null,
    key: await sealer.token({ table: 'user_preferences', key: null, column: 'key' }, key),
    value: JSON.stringify(await sealer.seal({ table: 'user_preferences', key: id, column: 'value' }, JSON.stringify(value))),
    user_id: 'user-1',
    sync_version: 1,
    server_seq: 1,
    created_at: 1,
    updated_at: 1,
  }
}

describe('a preference moved to its sealed id', () => {
  // A move retires the row under the old id (a tombstone before the moved row): left live, it would be all the server
  // holds once the sealed row is deleted and its tombstone purged, and a fresh device (or a reconcile) would read the
  // preference again.
  it('deleted, and its tombstone purged: a fresh device does not get it back from the row under the old id', async () => {
    const user = await createUserDatabase(emulator)
    const row = await legacyRow(user.contentKey, 'theme', 'dark')
    const columns = Object.keys(row)
    await emulator.query(user.name, `INSERT INTO user_preferences (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, Object.values(row) as never)
    await emulator.query(user.name, 'UPDATE sync_sequence SET seq = MAX(seq, 1)')
    let now = serverNow
    const env = { env: { now: () => now } }
    const a = createDevice(user, 'moved', env)
    await a.engine.syncNow()
    await a.db.user_preferences.update(preferenceId('theme'), { value: 'light' })
    await a.engine.syncNow()
    await a.db.user_preferences.delete(preferenceId('theme'))
    await a.engine.syncNow()
    for (const days of [31, 1]) {
      now += days * DAY
      serverNow += days * DAY
      await a.engine.syncNow()
    }
    const fresh = createDevice(user, 'moved-fresh', env)
    await fresh.engine.syncNow()
    expect(await fresh.db.user_preferences.count()).toBe(0)
  }, 60_000)
})
