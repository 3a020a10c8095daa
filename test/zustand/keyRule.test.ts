import { describe, expect, it } from 'vitest'
import { createStore } from 'zustand/vanilla'
import { createLocalDatabase, preferenceId, type SyncDatabase } from '@howlerops/sync/dexie'
import { syncedPersist } from '@howlerops/sync/zustand'
import { hydrated, settled, uniqueName } from './helpers'

/**
 * One key rule for every write path (R7): a preference's id derives from `(key, device_id)`, and whether a write may
 * keep the id it has is decided once, the same way for app code calling Dexie and for the zustand middleware.
 */
type Pref = { id: string; device_id: string | null; key: string; value: unknown }
type Prefs = { prefs: Record<string, Pref> }

const pref = (id: string, key: string, device_id: string | null, value: unknown = 'v'): Pref => ({ id, device_id, key, value })
const globalId = preferenceId('theme')
const deviceId = preferenceId('theme', 'dev-1')

/** Each case: the stored record before (if any) and the write; both paths must agree on the outcome. */
const cases: ReadonlyArray<{ name: string; before?: Pref; write: Pref; accepted: boolean }> = [
  { name: 'a new global preference under its derived id', write: pref(globalId, 'theme', null), accepted: true },
  { name: 'a new global preference under another id', write: pref('random-id', 'theme', null), accepted: false },
  { name: 'a new device-specific preference under any id', write: pref('random-id', 'theme', 'dev-1'), accepted: true },
  { name: 'a global preference turning device-specific keeps its id', before: pref(globalId, 'theme', null), write: pref(globalId, 'theme', 'dev-1'), accepted: true },
  { name: 'a device-specific preference turning global again keeps its id', before: pref(deviceId, 'theme', 'dev-1'), write: pref(deviceId, 'theme', null), accepted: true },
  { name: 'a stored preference whose key changes', before: pref(globalId, 'theme', null), write: pref(globalId, 'colour', null), accepted: false },
  { name: 'a stored preference whose value changes', before: pref(globalId, 'theme', null), write: pref(globalId, 'theme', null, 'dark'), accepted: true },
]

const viaDexie = async (db: SyncDatabase, write: Pref): Promise<unknown> => {
  try {
    await db.user_preferences.put(write as never)
    return undefined
  } catch (error) {
    return error
  }
}

const viaZustand = async (db: SyncDatabase, before: Pref | undefined, write: Pref): Promise<unknown> => {
  const store = createStore<Prefs>()(syncedPersist(() => ({ prefs: {} }), { name: 'prefs', db, tables: { prefs: 'user_preferences' } }))
  await hydrated(store)
  if (before !== undefined) {
    store.setState({ prefs: { [before.id]: before } })
    await settled(db)
  }
  try {
    store.setState((s) => ({ prefs: { ...s.prefs, [write.id]: write } }))
    return undefined
  } catch (error) {
    return error
  }
}

describe('keyAccepted: the Dexie capture and the zustand middleware decide alike', () => {
  for (const c of cases) {
    it(`${c.name}: ${c.accepted ? 'accepted' : 'refused'} on both paths`, async () => {
      const dexie = createLocalDatabase(uniqueName('key-rule-dexie'))
      if (c.before !== undefined) await dexie.user_preferences.put(c.before as never)
      const zustand = createLocalDatabase(uniqueName('key-rule-zustand'))
      const errors = [await viaDexie(dexie, c.write), await viaZustand(zustand, c.before, c.write)]
      for (const error of errors) {
        if (c.accepted) expect(error).toBeUndefined()
        else expect(error).toMatchObject({ name: 'SchemaError', column: 'id', rule: 'natural-key' })
      }
      await settled(zustand)
      const stored = await zustand.user_preferences.get(c.write.id)
      expect(stored?.key === c.write.key && stored.device_id === c.write.device_id).toBe(c.accepted)
    })
  }
})
