import type { Row } from '../../ports'
import { BEHIND_PREFIX, OUTBOX, behindOf, behindPk, entryPk, slotOf } from '../layout'
import type { OutboxEntry } from '../outbox'
import type { TxPort } from '../port'

/**
 * A record's unsent entry and the pk it lives at, or would: the record's slot, unless the entry there is in flight;
 * then behind it (see `entryPk`).
 */
export const unsentSlot = async (port: TxPort, table: string, key: string): Promise<{ pk: string; entry: OutboxEntry | undefined }> => {
  const slot = (await port.get(OUTBOX, entryPk(table, key))) as OutboxEntry | undefined
  if (slot === undefined || slot.sent !== 1) return { pk: entryPk(table, key), entry: slot }
  const pk = behindPk(table, key)
  return { pk, entry: (await port.get(OUTBOX, pk)) as OutboxEntry | undefined }
}

/**
 * Removes outbox entries by pk. A record's slot that empties while an entry waits behind it takes that entry, so the
 * record's next change is the one the upload sees. Entries queued behind go first (`pks` may name both).
 */
export const removeEntries = async (port: TxPort, pks: readonly string[]): Promise<void> => {
  if (pks.length === 0) return
  const behind = pks.filter((pk) => pk.startsWith(BEHIND_PREFIX))
  const slots = pks.filter((pk) => !pk.startsWith(BEHIND_PREFIX))
  await port.bulkDelete(OUTBOX, behind)
  await port.bulkDelete(OUTBOX, slots)
  await promote(port, slots)
}

/** Moves the entries waiting behind these (emptied) slots into them. Nothing waits behind anything, mostly: one probe. */
export const promote = async (port: TxPort, slots: readonly string[]): Promise<void> => {
  if (slots.length === 0 || (await port.scan(OUTBOX, { prefix: BEHIND_PREFIX, limit: 1 })).length === 0) return
  const waiting = (await port.bulkGet(OUTBOX, slots.map(behindOf))) as Array<OutboxEntry | undefined>
  await intoSlots(port, waiting.filter((e): e is OutboxEntry => e !== undefined))
}

/** Moves entries queued behind into their records' slots (their pk is the queued-behind one). */
export const intoSlots = async (port: TxPort, entries: readonly OutboxEntry[]): Promise<void> => {
  if (entries.length === 0) return
  await port.bulkPut(OUTBOX, entries.map((e) => ({ ...e, pk: slotOf(e.pk) }) as unknown as Row))
  await port.bulkDelete(OUTBOX, entries.map((e) => e.pk))
}

/** Removes a record's sent entry if its slot still holds it (a settle may have removed or replaced it already). */
export const removeSent = async (port: TxPort, table: string, key: string, mutationId: string): Promise<void> => {
  const pk = entryPk(table, key)
  const slot = (await port.get(OUTBOX, pk)) as OutboxEntry | undefined
  if (slot !== undefined && slot.sent === 1 && slot.mutationId === mutationId) await removeEntries(port, [pk])
}
