import type { ConflictRecord } from '@howlerops/sync'
import type { SyncDatabase } from '@howlerops/sync/dexie'
import type { Answer, EditTable } from './plan'
import { heldFields, stable, type Ledger, type Row } from './checks'
import type { SimDevice, Tab, World } from './world'

/** The scripted user of the manual strategy: sees held conflicts, answers them, and checks what they were shown (R6). */
/** Notes when each held (manual) conflict was first seen on a device. */
export const noteHeld = async (device: SimDevice, ledger: Ledger, i: number): Promise<void> => {
  if (ledger.manualTables.size === 0) return
  const tab = device.tabs[0] as Tab
  await tab.engine.conflicts.refresh()
  for (const c of tab.engine.conflicts.getSnapshot().pending) if (!ledger.heldSince.has(c.id)) ledger.heldSince.set(c.id, i)
}

/**
 * R6, the user's side: a held conflict still shows what the user was asked about (the local value of every field
 * in conflict), unless the user edited the record since.
 */
const checkHeld = async (device: SimDevice, held: ConflictRecord, ledger: Ledger, i: number): Promise<void> => {
  const since = ledger.heldSince.get(held.id) ?? i
  const editedSince = ledger.writes.some((w) => w.device === device.index && w.table === held.table && w.key === held.entityId && w.step >= since)
  if (editedSince || held.local === null) return
  const row = ((await ((device.tabs[0] as Tab).db as SyncDatabase).table(held.table).get(held.entityId)) as Row | undefined) ?? null
  for (const field of heldFields(held)) {
    const shown = stable(held.local[field])
    const now = stable(row?.[field])
    if (shown !== now) {
      ledger.find(`HELD conflict changed before the user decided (R6): d${device.index} ${held.table}/${held.entityId}.${field} was held at step ${since} as ${shown.slice(0, 60)}, shows ${now.slice(0, 60)} at step ${i}`)
    }
  }
}

/** The scripted user answers the oldest held conflict on the device. Returns a note, or undefined if none. */
export const answer = async (world: World, device: SimDevice, ledger: Ledger, choice: Answer, i: number): Promise<string | undefined> => {
  void world
  if (ledger.manualTables.size === 0) return undefined
  const tab = device.tabs[0] as Tab
  await noteHeld(device, ledger, i)
  const [held] = tab.engine.conflicts.getSnapshot().pending
  if (held === undefined) return undefined
  await checkHeld(device, held, ledger, i)
  await tab.engine.conflicts.resolve(held.id, choice)
  await tab.engine.whenIdle()
  ledger.writes.push({ step: i, device: device.index, table: held.table as EditTable, key: held.entityId, privacy: false })
  return `resolved ${held.table}/${held.entityId} (${held.id.slice(0, 18)}): ${choice}`
}

/** The settle phase's answers, in turn. */
export const ANSWERS: readonly Answer[] = ['local', 'remote', 'local', 'both']

