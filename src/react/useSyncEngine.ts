import { useContext } from 'react'
import type { SyncEngine } from '../core/engine'
import { SyncEngineContext } from './context'

/** The engine of the nearest `<SyncProvider>`. Throws outside one, which is always a wiring mistake. */
export const useSyncEngine = (): SyncEngine => {
  const engine = useContext(SyncEngineContext)
  if (engine === null) throw new Error('useSyncEngine: no <SyncProvider engine={…}> above this component')
  return engine
}
