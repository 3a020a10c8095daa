import type { StateCreator } from 'zustand'
import type { SyncEngine } from '../core/engine'
import type { SyncStatus, SyncSummary } from '../core/status'

export interface SyncSlice {
  /** The engine's status, kept current, plus `syncNow`. */
  readonly sync: SyncStatus & { readonly syncNow: () => Promise<SyncSummary> }
}

/**
 * A zustand slice mirroring the engine's status, for apps that keep everything in one store:
 *
 * ```ts
 * const useApp = create<AppState & SyncSlice>()((...a) => ({ ...appSlice(...a), ...createSyncSlice(engine)(...a) }))
 * ```
 * The slice follows the engine for the life of the store.
 */
export const createSyncSlice =
  <T extends SyncSlice>(engine: Pick<SyncEngine, 'getStatus' | 'subscribe' | 'syncNow'>): StateCreator<T, [], [], SyncSlice> =>
  (set) => {
    const syncNow = (): Promise<SyncSummary> => engine.syncNow()
    engine.subscribe(() => set({ sync: { ...engine.getStatus(), syncNow } } as Partial<T>))
    return { sync: { ...engine.getStatus(), syncNow } }
  }
