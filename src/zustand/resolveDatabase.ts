import type { SyncDatabase } from '../local/database'
import type { DatabaseSource } from './types'

/**
 * The database, or `undefined` where there is none (SSR, a factory that throws). A factory is called only where
 * `indexedDB` exists, so merely creating a store on a server never opens anything.
 */
export const resolveDatabase = (source: DatabaseSource): SyncDatabase | undefined => {
  if (typeof source !== 'function') return source
  if (typeof globalThis.indexedDB === 'undefined') return undefined
  try {
    return source()
  } catch {
    return undefined
  }
}
