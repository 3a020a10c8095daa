import { SyncError } from '../core/errors'
import type { LibsqlRemote, RemoteOptions } from './libsqlRemote'
import { assertSecureUrl } from './assertSecureUrl'
import type { TransportStats } from './transport'

/**
 * `createLibsqlRemote` with its code (statements, push plans, codec, transport) in a chunk of its own, loaded by the
 * first request rather than when the app starts. It behaves as the remote it loads: the URL is checked at once, and
 * `stats` reads zero until the first request. A chunk that fails to load is a transient `network` error (the request
 * was not sent; the engine backs off and tries again), and requests waiting for it when the engine stops end `aborted`.
 */
export const createLazyRemote = (options: RemoteOptions): LibsqlRemote => {
  assertSecureUrl(options.url)
  const idle: TransportStats = { requests: 0, bytesUp: 0, bytesDown: 0, rowsRead: 0, rowsWritten: 0 }
  let remote: LibsqlRemote | undefined
  let loading: Promise<LibsqlRemote> | undefined
  let stops = 0
  // Set by `abort()` (engine stop) until `resume()`: a cycle that was already under way when the engine stopped
  // makes no request after it, and never waits for the code or the token (R13).
  let halted = false

  const load = async (): Promise<LibsqlRemote> => {
    if (halted) throw new SyncError('aborted', 'Sync stopped', { transient: false })
    if (remote !== undefined) return remote
    const stopsBefore = stops
    loading ??= import('./libsqlRemote').then(
      (m) => (remote = m.createLibsqlRemote(options)),
      (cause: unknown) => {
        loading = undefined
        throw new SyncError('network', 'The sync code could not be loaded; nothing was sent', { cause })
      },
    )
    const loaded = await loading
    if (stops !== stopsBefore) throw new SyncError('aborted', 'Sync stopped', { transient: false })
    return loaded
  }

  return {
    push: async (changes, context) => (await load()).push(changes, context),
    pull: async (cursors, pullOptions) => (await load()).pull(cursors, pullOptions),
    probe: async () => (await load()).probe(),
    maintain: async (plan) => (await load()).maintain(plan),
    renewGeneration: async (seen) => (await load()).renewGeneration(seen),
    get stats() {
      return remote?.stats ?? idle
    },
    abort() {
      stops += 1
      halted = true
      remote?.abort()
    },
    resume() {
      halted = false
      remote?.resume()
    },
    close() {
      remote?.close()
    },
  }
}
