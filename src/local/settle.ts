import { Dexie, type Table } from 'dexie'
import type { CaptureContext } from '../core/ports'
import { behindPk, entryPk, type BaseSnapshot, type OutboxEntry } from './layout'
import { planRequeue, type Requeue } from '../core/protocol/outbox'
import { keyValueOf } from '../core/protocol/record'
import type { SyncDatabase } from './syncDatabase'

export { keyColumnsOf } from './layout'

/** What the Dexie adapter hands the protocol's scripts (they run inside one uncaptured transaction). */
export interface SettleTools {
  readonly db: SyncDatabase
  readonly outbox: Table<OutboxEntry, string>
  readonly bases: Table<BaseSnapshot, string>
  readonly newId: () => string
  readonly tick: () => string
  readonly now: () => number
  /** Who this device is (archive rows name it). */
  readonly context: () => CaptureContext | undefined
}

/** The IndexedDB key of a row (see `keyValueOf`). */
export const keyValue = keyValueOf

/**
 * Carries out `planRequeue` in the current transaction, for callers that hold no port (`repushLost`).
 *
 * It returns Dexie's own promise chain on purpose: inside a transaction, awaiting nested native async functions can
 * lose the transaction zone, and the transaction then commits early (PrematureCommitError). The protocol's scripts
 * run over a port bound to their transaction instead (`./port.ts`).
 */
export const requeue = (t: SettleTools, change: Requeue): PromiseLike<unknown> => {
  const slot = entryPk(change.table, change.key)
  const behind = behindPk(change.table, change.key)
  // The record's unsent entry is in its slot, or behind the sent entry there (`entryPk`).
  return t.outbox.get(slot).then((inSlot): PromiseLike<unknown> => {
    const found = inSlot?.sent === 1 ? t.outbox.get(behind).then((e) => [behind, e] as const) : Dexie.Promise.resolve([slot, inSlot] as const)
    return found.then(([pk, existing]): PromiseLike<unknown> => {
      const plan = planRequeue(change, existing, { unsentPk: pk, newId: t.newId, tick: t.tick, now: t.now() })
      return plan.kind === 'drop' ? t.outbox.delete(plan.pk) : t.outbox.put(plan.entry)
    })
  })
}
