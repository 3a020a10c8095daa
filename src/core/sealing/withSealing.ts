import type { EngineOptions } from '../engineOptions'
import type { Env } from '../env'
import type { SyncStatus } from '../status'
import type { ReadableStore } from '../store'
import { createSealedRemote } from './createSealedRemote'
import { screenPlainColumns } from './screenPlainColumns'

/**
 * The engine's options with sealing applied (R11): the remote seals and opens, the screen reads plain columns only,
 * and status shows the sealing state. The key stays in this closure: never in IndexedDB, storage or the state.
 */
export const withSealing = (
  options: EngineOptions,
  env: Env,
  status: ReadableStore<SyncStatus>,
  patch: (p: Partial<SyncStatus>) => void,
): EngineOptions => {
  const { sealing } = options
  if (sealing === undefined || sealing === false) {
    patch({ sealing: 'unsealed' })
    return options
  }
  patch({ sealing: sealing.key !== undefined || sealing.getKey !== undefined ? 'sealed' : 'needs-key' })
  const remote = createSealedRemote(options.remote, {
    crypto: env.crypto,
    sealing,
    onState: (state) => patch({ sealing: state }),
    now: () => env.now(),
    onUnopenable: (rows) => patch({ unopenableCount: (status.getSnapshot().unopenableCount ?? 0) + rows.length }),
  })
  const { screen } = options
  return {
    ...options,
    remote,
    screen: typeof screen === 'function' ? screenPlainColumns(screen) : { load: async () => screenPlainColumns(await screen.load()) },
  }
}
