import { createContext } from 'react'
import type { SyncEngine } from '../core/engine'

/** The engine of the nearest {@link SyncProvider}. `null` outside one. */
export const SyncEngineContext = createContext<SyncEngine | null>(null)
SyncEngineContext.displayName = 'SyncEngineContext'
