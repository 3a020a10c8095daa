import type { DBCore, DBCoreTransaction } from 'dexie'
import { SyncError } from '../core/errors'
import { createHybridClock } from '../core/hlc'
import type { CaptureContext } from '../core/ports'
import { STATE } from './layout'

export interface StoredIdentity {
  readonly deviceId: string | undefined
  readonly userId: string | undefined
  readonly hlc: string | undefined
}

/**
 * Reads the device id, user and clock persisted in `_state`, inside the write's own transaction. It returns Dexie's
 * own promise chain: a nested native async function would lose the transaction zone (see `settle.ts`).
 */
export const readIdentity = (core: DBCore, trans: DBCoreTransaction): Promise<StoredIdentity> =>
  core
    .table(STATE)
    .getMany({ trans, keys: ['deviceId', 'userId', 'hlc'] })
    .then((rows: Array<{ v: unknown } | undefined>) => {
      const text = (i: number): string | undefined => (typeof rows[i]?.v === 'string' ? (rows[i]?.v as string) : undefined)
      return { deviceId: text(0), userId: text(1), hlc: text(2) }
    })

/**
 * Who writes before an engine is configured (R1): the device id and clock persisted in the database (created on the
 * first write if this database has never seen an engine), and the user given to `createLocalDatabase` or remembered
 * from the last engine. A reload, or a tab that does not lead, stamps its writes exactly like the syncing tab.
 */
export const createWriterIdentity = (options: { userId?: string; now?: () => number }): {
  fallback(stored: StoredIdentity, createDevice: (deviceId: string) => PromiseLike<unknown>): CaptureContext | PromiseLike<CaptureContext>
  current(): CaptureContext | undefined
} => {
  const now = options.now ?? Date.now
  let ctx: CaptureContext | undefined
  let userId = options.userId
  return {
    fallback(stored, createDevice) {
      // One database, one user (R12): a write for another user than the one this database is bound to is refused
      // at the write, so that user's data never sits in (and later syncs from) someone else's database.
      if (options.userId !== undefined && stored.userId !== undefined && stored.userId !== '' && stored.userId !== options.userId) {
        throw new SyncError('identity', 'This local database belongs to another user: open the signed-in user\'s own database (docs/sign-out.md)', { transient: false })
      }
      userId ??= stored.userId
      if (ctx !== undefined && ctx.deviceId === stored.deviceId) return userId === ctx.userId ? ctx : (ctx = { ...ctx, userId: userId ?? '' })
      if (stored.deviceId === undefined) {
        const deviceId = crypto.randomUUID()
        return createDevice(deviceId).then(() => build(deviceId))
      }
      return build(stored.deviceId)
    },
    current: () => ctx,
  }
  function build(deviceId: string): CaptureContext {
      const c = createHybridClock({ deviceId, now })
      ctx = {
        userId: userId ?? '',
        deviceId,
        tick: () => c.tick(),
        receive: (hlc) => c.receive(hlc),
        now,
        newId: () => crypto.randomUUID(),
      }
      return ctx
  }
}
