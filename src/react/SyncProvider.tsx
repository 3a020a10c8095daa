import { useEffect, type ReactElement, type ReactNode } from 'react'
import type { SyncEngine } from '../core/engine'
import { SyncEngineContext } from './context'

export interface SyncProviderProps {
  engine: SyncEngine
  /**
   * Start the engine when the provider mounts and stop it when the last provider of that engine unmounts. Turn
   * off to drive `start()`/`stop()` yourself (for example only after sign-in).
   * @default true
   */
  autoStart?: boolean
  children?: ReactNode
}

/** Mounted auto-starting providers per engine, and a stop waiting to see whether a remount follows. */
const holds = new WeakMap<SyncEngine, { count: number; stopping: boolean }>()

const acquire = (engine: SyncEngine): void => {
  const hold = holds.get(engine) ?? { count: 0, stopping: false }
  holds.set(engine, hold)
  hold.count += 1
  if (hold.stopping) hold.stopping = false // a remount in the same commit: the engine never stopped
  else if (hold.count === 1) engine.start()
}

const release = (engine: SyncEngine): void => {
  const hold = holds.get(engine)
  if (hold === undefined) return
  hold.count -= 1
  if (hold.count > 0) return
  // StrictMode unmounts and remounts synchronously; stopping after a microtask lets the remount cancel the stop.
  hold.stopping = true
  queueMicrotask(() => {
    if (!hold.stopping) return
    hold.stopping = false
    holds.delete(engine)
    void engine.stop()
  })
}

/**
 * Puts the engine in context for the hooks and components, and starts it in an effect (never during server
 * rendering). Stopping waits a microtask, so StrictMode's mount → unmount → mount reaches the engine as a single
 * `start()`, and several providers of one engine share it.
 */
export const SyncProvider = ({ engine, autoStart = true, children }: SyncProviderProps): ReactElement => {
  useEffect(() => {
    if (!autoStart) return
    acquire(engine)
    return () => release(engine)
  }, [engine, autoStart])
  return <SyncEngineContext.Provider value={engine}>{children}</SyncEngineContext.Provider>
}
