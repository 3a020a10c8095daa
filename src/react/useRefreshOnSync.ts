import { useEffect } from 'react'
import type { SyncEngine } from '../core/engine'

/**
 * Calls `refresh` on mount and whenever a sync cycle completes. The engine keeps its conflict and device stores
 * current only when asked, and a pull can bring new devices or conflicts at any time.
 */
export const useRefreshOnSync = (engine: SyncEngine, refresh: () => Promise<void>): void => {
  useEffect(() => {
    let last = engine.getStatus().lastSyncedAt
    void refresh().catch(() => {})
    return engine.subscribe(() => {
      const { lastSyncedAt } = engine.getStatus()
      if (lastSyncedAt === last) return
      last = lastSyncedAt
      void refresh().catch(() => {})
    })
  }, [engine, refresh])
}
