// A global preference's id on the server, in sealed mode (R7, R11): sealed deterministically, so the server learns
// no preference key from it, every device of the user still writes the same record for the same key, and a key token
// cannot be moved to another row. Rows written before (plain `pref_…` ids) stay readable.
import { afterAll, describe, expect, it } from 'vitest'
import { createContentKey, preferenceId } from '@howlerops/sync'
import { createSealer } from '../../src/core/sealing/createSealer'
import { createDevice, createUserDatabase, startEmulator, type UserDatabase } from '../engine/harness'

const { emulator, close } = startEmulator()
afterAll(close)

const serverPrefs = (user: UserDatabase): Promise<Array<Record<string, unknown>>> => emulator.query(user.name, 'SELECT * FROM user_preferences ORDER BY server_seq')
const localPrefs = async (d: ReturnType<typeof createDevice>): Promise<Array<[unknown, unknown, unknown]>> =>
  ((await d.db.user_preferences.toArray()) as Array<Record<string, unknown>>).map((r): [unknown, unknown, unknown] => [r['id'], r['key'], r['value']]).sort()

/** A preference row as a sealed version before this one stored it: the plain id, a key token bound to no row. */
const legacyRow = async (contentKey: string, key: string, value: unknown, seq: number): Promise<Record<string, unknown>> => {
  const sealer = await createSealer(globalThis.crypto, { key: contentKey })
  const id = preferenceId(key)
  return {
    id,
    device_id: null,
    key: await sealer.token({ table: 'user_preferences', key: null, column: 'key' }, key),
    value: JSON.stringify(await sealer.seal({ table: 'user_preferences', key: id, column: 'value' }, JSON.stringify(value))),
    user_id: 'user-1',
    sync_version: 1,
    server_seq: seq,
  }
}

const insertRow = async (user: UserDatabase, row: Record<string, unknown>): Promise<void> => {
  const columns = Object.keys(row)
  await emulator.query(user.name, `INSERT INTO user_preferences (${columns.join(', ')}, created_at, updated_at) VALUES (${columns.map(() => '?').join(', ')}, 1, 1)`, Object.values(row) as never)
  await emulator.query(user.name, 'UPDATE sync_sequence SET seq = MAX(seq, ?)', [row['server_seq']] as never)
}

describe('sealed preference ids', () => {
  it('the server id names no key, is the same on every device, and a delete reaches the other device as a tombstone', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'pid-a')
    const b = createDevice(user, 'pid-b')
    await a.db.user_preferences.put({ key: 'theme', device_id: null, value: 'dark' } as never)
    await b.db.user_preferences.put({ key: 'theme', device_id: null, value: 'light' } as never)
    await a.engine.syncNow()
    await b.engine.syncNow()
    await a.engine.syncNow()
    const [row] = await serverPrefs(user)
    expect(await serverPrefs(user)).toHaveLength(1)
    expect(row!['id']).not.toBe(preferenceId('theme'))
    expect(String(row!['id'])).toMatch(/^hd1\./)
    expect(await localPrefs(a)).toEqual(await localPrefs(b))
    expect((await localPrefs(a))[0]![0]).toBe(preferenceId('theme'))
    // A conflict on a preference archives it under the server id too.
    const archived = await emulator.query(user.name, "SELECT entity_id FROM sync_conflicts_archive WHERE entity_type = 'user_preferences'")
    expect(archived.length).toBeGreaterThan(0)
    for (const r of archived) expect(r['entity_id']).toBe(row!['id'])

    await a.db.user_preferences.delete(preferenceId('theme'))
    await a.engine.syncNow()
    const [tombstone] = await serverPrefs(user)
    expect(tombstone).toMatchObject({ id: row!['id'] })
    expect(tombstone!['deleted_at']).not.toBeNull()
    await b.engine.syncNow()
    expect(await b.db.user_preferences.count()).toBe(0)
    for (const d of [a, b]) {
      expect(d.engine.getStatus()).toMatchObject({ quarantinedCount: 0, pendingCount: 0 })
      expect(d.engine.getStatus().unopenableCount ?? 0).toBe(0)
    }
  }, 60_000)

  it('a row written before ids were sealed is read, edited under the sealed id, and a fresh device ends with the edit', async () => {
    const user = await createUserDatabase(emulator)
    await insertRow(user, await legacyRow(user.contentKey, 'theme', 'dark', 1))
    const a = createDevice(user, 'legacy-a')
    await a.engine.syncNow()
    expect(await localPrefs(a)).toEqual([[preferenceId('theme'), 'theme', 'dark']])
    await a.db.user_preferences.update(preferenceId('theme'), { value: 'light' })
    await a.engine.syncNow()
    expect(a.engine.getStatus()).toMatchObject({ quarantinedCount: 0, pendingCount: 0 })
    const fresh = createDevice(user, 'legacy-fresh')
    await fresh.engine.syncNow()
    expect(await localPrefs(fresh)).toEqual([[preferenceId('theme'), 'theme', 'light']])
    expect(fresh.engine.getStatus().unopenableCount ?? 0).toBe(0)
  }, 60_000)

  it('a row written before ids were sealed and edited there meanwhile is merged with, not overwritten by the move', async () => {
    const user = await createUserDatabase(emulator)
    await insertRow(user, await legacyRow(user.contentKey, 'theme', 'dark', 1))
    const a = createDevice(user, 'legacy-race')
    await a.engine.syncNow()
    // A device of the version before writes the record again under its plain id, later by the clock of record.
    const edited = await legacyRow(user.contentKey, 'theme', 'mono', 2)
    await emulator.query(user.name, 'UPDATE user_preferences SET value = ?, sync_version = 2, server_seq = 2, hlc = ? WHERE id = ?', [
      edited['value'],
      `${String(4_000_000_000_000).padStart(15, '0')}-000000-old-device`,
      preferenceId('theme'),
    ] as never)
    await emulator.query(user.name, 'UPDATE sync_sequence SET seq = MAX(seq, 2)')
    await a.db.user_preferences.update(preferenceId('theme'), { value: 'light' })
    await a.engine.syncNow()
    await a.engine.whenIdle()
    await a.engine.syncNow()
    expect(a.engine.getStatus()).toMatchObject({ quarantinedCount: 0, pendingCount: 0 })
    // The later edit wins the conflict (last write wins); the one it beat is archived, not lost silently.
    expect(await localPrefs(a)).toEqual([[preferenceId('theme'), 'theme', 'mono']])
    const archived = await emulator.query(user.name, "SELECT resolution FROM sync_conflicts_archive WHERE entity_type = 'user_preferences'")
    expect(archived.length).toBeGreaterThan(0)
    const fresh = createDevice(user, 'legacy-race-fresh')
    await fresh.engine.syncNow()
    expect(await localPrefs(fresh)).toEqual([[preferenceId('theme'), 'theme', 'mono']])
  }, 60_000)

  it('a row written before ids were sealed, deleted on a device, is deleted for a fresh device too', async () => {
    const user = await createUserDatabase(emulator)
    await insertRow(user, await legacyRow(user.contentKey, 'theme', 'dark', 1))
    const a = createDevice(user, 'legacy-del')
    await a.engine.syncNow()
    await a.db.user_preferences.delete(preferenceId('theme'))
    await a.engine.syncNow()
    expect(a.engine.getStatus()).toMatchObject({ quarantinedCount: 0, pendingCount: 0 })
    const [row] = await serverPrefs(user)
    expect(row).toMatchObject({ id: preferenceId('theme') })
    expect(row!['deleted_at']).not.toBeNull()
    const fresh = createDevice(user, 'legacy-del-fresh')
    await fresh.engine.syncNow()
    expect(await localPrefs(fresh)).toEqual([])
  }, 60_000)

  it('a row written before ids were sealed whose key token was moved from another preference is left out', async () => {
    const user = await createUserDatabase(emulator)
    const theme = await legacyRow(user.contentKey, 'theme', 'dark', 1)
    const provider = await legacyRow(user.contentKey, 'ai.provider', 'local-only', 2)
    await insertRow(user, { ...theme, key: provider['key'] })
    await insertRow(user, { ...provider, key: theme['key'] })
    const b = createDevice(user, 'legacy-swap')
    await b.engine.syncNow().catch(() => undefined)
    expect(await localPrefs(b)).toEqual([])
    expect(b.engine.getStatus().unopenableCount).toBe(2)
  }, 60_000)

  it('after a key rotation a preference keeps converging: edited on one device, read on the other, nothing stuck', async () => {
    const user = await createUserDatabase(emulator)
    const k1 = createContentKey()
    const k2 = createContentKey()
    const old = createDevice(user, 'rot-a', { sealing: { key: k1, keyId: 'k1' } })
    await old.db.user_preferences.put({ key: 'theme', device_id: null, value: 'dark' } as never)
    await old.engine.syncNow()
    const rotated = { sealing: { key: k2, keyId: 'k2', previousKeys: { k1 } } }
    const a = createDevice(user, 'rot-a2', rotated)
    const b = createDevice(user, 'rot-b', rotated)
    await a.engine.syncNow()
    await b.engine.syncNow()
    expect(await localPrefs(a)).toEqual([[preferenceId('theme'), 'theme', 'dark']])
    await a.db.user_preferences.update(preferenceId('theme'), { value: 'light' })
    await a.engine.syncNow()
    await b.engine.syncNow()
    expect(await localPrefs(b)).toEqual([[preferenceId('theme'), 'theme', 'light']])
    await b.db.user_preferences.update(preferenceId('theme'), { value: 'mono' })
    await b.engine.syncNow()
    await a.engine.syncNow()
    for (const d of [a, b]) {
      expect(await localPrefs(d)).toEqual([[preferenceId('theme'), 'theme', 'mono']])
      expect(d.engine.getStatus()).toMatchObject({ quarantinedCount: 0, pendingCount: 0 })
    }
    const fresh = createDevice(user, 'rot-fresh', rotated)
    await fresh.engine.syncNow()
    expect(await localPrefs(fresh)).toEqual([[preferenceId('theme'), 'theme', 'mono']])
  }, 60_000)

  it('after a key rotation a preference deleted on one device is deleted for a fresh device too', async () => {
    const user = await createUserDatabase(emulator)
    const k1 = createContentKey()
    const k2 = createContentKey()
    const old = createDevice(user, 'rotdel-old', { sealing: { key: k1, keyId: 'k1' } })
    await old.db.user_preferences.put({ key: 'theme', device_id: null, value: 'dark' } as never)
    await old.engine.syncNow()
    const rotated = { sealing: { key: k2, keyId: 'k2', previousKeys: { k1 } } }
    const a = createDevice(user, 'rotdel-a', rotated)
    await a.engine.syncNow()
    await a.db.user_preferences.delete(preferenceId('theme'))
    await a.engine.syncNow()
    expect(a.engine.getStatus()).toMatchObject({ quarantinedCount: 0, pendingCount: 0 })
    const rows = await serverPrefs(user)
    expect(rows).toHaveLength(1)
    expect(String(rows[0]!['id'])).toMatch(/^hd1\.k1\./)
    expect(rows[0]!['deleted_at']).not.toBeNull()
    const fresh = createDevice(user, 'rotdel-fresh', rotated)
    await fresh.engine.syncNow()
    expect(await localPrefs(fresh)).toEqual([])
  }, 60_000)

  it('unsealed, a preference keeps its id on the server', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'plain', { sealing: false })
    await a.db.user_preferences.put({ key: 'theme', device_id: null, value: 'dark' } as never)
    await a.engine.syncNow()
    expect((await serverPrefs(user)).map((r) => r['id'])).toEqual([preferenceId('theme')])
  }, 30_000)
})
