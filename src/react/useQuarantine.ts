import { useMemo, useSyncExternalStore } from 'react'
import type { SyncEngine } from '../core/engine'
import type { QuarantinedChange } from '../core/ports'
import type { SyncedTableName } from '../schema/tables'
import type { QuarantineCenter } from '../core/quarantine'
import { useRefreshOnSync } from './useRefreshOnSync'
import { useSyncEngine } from './useSyncEngine'

/** Which refused record: its table and key (as in {@link QuarantinedChange}). */
export interface QuarantinedRecordRef {
  readonly table: SyncedTableName
  readonly key: string
}

export type { QuarantineCenter }

export interface UseQuarantineResult {
  /** Refused records, each with the server's reason (`code`, `message`, the `field` when known). */
  readonly records: readonly QuarantinedChange[]
  readonly retry: (record: QuarantinedRecordRef) => Promise<void>
  readonly discard: (record: QuarantinedRecordRef) => Promise<void>
}

const EMPTY: readonly QuarantinedChange[] = []
const NONE: QuarantineCenter = {
  getSnapshot: () => EMPTY,
  subscribe: () => () => {},
  refresh: async () => {},
  list: async () => EMPTY,
  retry: async () => {},
  discard: async () => {},
}

/** An engine without a quarantine center (a custom one, or an older core) reads as "nothing refused". */
const centerOf = (engine: SyncEngine): QuarantineCenter => (engine as SyncEngine & { readonly quarantine?: QuarantineCenter }).quarantine ?? NONE

/** The records the server refused. Refreshes on mount and after every sync cycle. */
export const useQuarantine = (): UseQuarantineResult => {
  const engine = useSyncEngine()
  const center = centerOf(engine)
  const records = useSyncExternalStore(center.subscribe, center.getSnapshot, () => EMPTY)
  useRefreshOnSync(engine, center.refresh)
  return useMemo(() => ({ records, retry: (r) => center.retry(r), discard: (r) => center.discard(r) }), [records, center])
}
