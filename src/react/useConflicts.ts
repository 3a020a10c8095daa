import { useMemo, useSyncExternalStore } from 'react'
import type { ConflictChoice, ConflictRecord, ConflictsSnapshot } from '../core/conflicts/center'
import { useRefreshOnSync } from './useRefreshOnSync'
import { useSyncEngine } from './useSyncEngine'

export interface UseConflictsResult {
  /** Conflicts waiting for the user (manual strategy), oldest first. */
  readonly pending: readonly ConflictRecord[]
  /** Resolved in the last 30 days, newest first. */
  readonly recent: readonly ConflictRecord[]
  /** Applies the user's choice, archives it and syncs. */
  readonly resolve: (id: string, choice: ConflictChoice) => Promise<void>
}

const SERVER_SNAPSHOT: ConflictsSnapshot = { pending: [], recent: [] }

/** The engine's conflict center. Refreshes on mount and after every sync cycle. */
export const useConflicts = (): UseConflictsResult => {
  const engine = useSyncEngine()
  const center = engine.conflicts
  const snapshot = useSyncExternalStore(center.subscribe, center.getSnapshot, () => SERVER_SNAPSHOT)
  useRefreshOnSync(engine, center.refresh)
  return useMemo(
    () => ({ pending: snapshot.pending, recent: snapshot.recent, resolve: (id, choice) => center.resolve(id, choice) }),
    [snapshot, center],
  )
}
