import type { SyncedTableName } from '../schema/tables'
import type { OutboxStore, QuarantinedChange } from './ports'
import type { SyncSummary } from './status'
import { createStore, type ReadableStore } from './store'

/** `engine.quarantine`: the records the server (or the firewall) refused, and what the user can do about them. */
export interface QuarantineCenter extends ReadableStore<readonly QuarantinedChange[]> {
  refresh(): Promise<void>
  list(): Promise<readonly QuarantinedChange[]>
  /** Queues the record's current version again (after the user fixed it, or the server changed). */
  retry(record: { readonly table: SyncedTableName; readonly key: string }): Promise<void>
  /** Drops the refused local change: the record goes back to the last server version this device saw. */
  discard(record: { readonly table: SyncedTableName; readonly key: string }): Promise<void>
}

export const createQuarantineCenter = (local: Pick<OutboxStore, 'quarantined' | 'releaseQuarantine'>, sync: () => Promise<SyncSummary>, onChange: () => void): QuarantineCenter => {
  const store = createStore<readonly QuarantinedChange[]>([])
  const refresh = async (): Promise<void> => {
    const rows = await local.quarantined()
    store.set(rows.sort((a, b) => a.at - b.at))
    onChange()
  }
  const release = async (record: { table: SyncedTableName; key: string }, action: 'retry' | 'discard'): Promise<void> => {
    await local.releaseQuarantine(record.table, record.key, action)
    await refresh()
    if (action === 'retry') await sync().catch(() => {})
  }
  return {
    getSnapshot: store.getSnapshot,
    subscribe: store.subscribe,
    refresh,
    async list() {
      await refresh()
      return store.getSnapshot()
    },
    retry: (record) => release(record, 'retry'),
    discard: (record) => release(record, 'discard'),
  }
}
