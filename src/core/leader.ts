import type { Env } from './env'
import type { SyncStatus } from './status'
import type { ReadableStore } from './store'

/**
 * One syncing tab per database (I11). The tab holding the Web Lock runs the loop and broadcasts its status; the
 * others show that status and forward `syncNow()` to it. When the leader's tab closes, the browser releases the lock
 * and the next waiting tab takes over. Without Web Locks every tab leads, which stays correct because uploads are
 * idempotent (I2).
 */
export interface Leadership {
  isLeader(): boolean
  forwardSyncNow(): void
  /** Tells every other tab of this database that the user signed out: their engines stop (R12). */
  signOutOthers(): void
  release(): void
}

/** Sent on the database's channel by `engine.signOut()`: every tab's engine stops. */
export const SIGN_OUT_MESSAGE = { type: 'sign-out' } as const

type Message = { type: 'sync-now' } | { type: 'status'; status: SyncStatus } | { type: 'hello' } | { type: 'sign-out' }

export const createLeadership = (options: {
  name: string
  env: Env
  onLead: () => void
  onSyncRequest: () => void
  status: ReadableStore<SyncStatus>
  onRemoteStatus: (status: SyncStatus) => void
  /** Another tab signed out. */
  onSignOut: () => void
}): Leadership => {
  const { env } = options
  let leader = false
  let released = false
  let releaseLock: (() => void) | undefined
  const abort = new AbortController()
  const channel = env.channel(options.name)
  let unsubscribeStatus: (() => void) | undefined

  const post = (message: Message): void => {
    if (!released) channel?.postMessage(message)
  }
  const onMessage = (event: { data: unknown }): void => {
    const message = event.data as Message
    if (message.type === 'sync-now' && leader) options.onSyncRequest()
    else if (message.type === 'hello' && leader) post({ type: 'status', status: options.status.getSnapshot() })
    else if (message.type === 'status' && !leader) options.onRemoteStatus(message.status)
    else if (message.type === 'sign-out') options.onSignOut()
  }
  channel?.addEventListener('message', onMessage)

  const lead = (): void => {
    // A tab stopped before its turn came (StrictMode's start → stop → start) must not lead.
    if (released) return
    leader = true
    unsubscribeStatus = options.status.subscribe(() => post({ type: 'status', status: options.status.getSnapshot() }))
    options.onLead()
  }

  if (env.locks === undefined) queueMicrotask(lead)
  else {
    env.locks
      .request(options.name, { mode: 'exclusive', signal: abort.signal }, () => {
        if (released) return Promise.resolve()
        lead()
        return new Promise<void>((resolve) => {
          releaseLock = resolve
        })
      })
      .catch(() => {
        // Aborted while waiting: this tab stopped before it ever led.
      })
    post({ type: 'hello' })
  }

  return {
    isLeader: () => leader,
    forwardSyncNow: () => post({ type: 'sync-now' }),
    signOutOthers: () => post(SIGN_OUT_MESSAGE),
    release() {
      released = true
      leader = false
      unsubscribeStatus?.()
      abort.abort()
      releaseLock?.()
      channel?.removeEventListener('message', onMessage)
      channel?.close()
    },
  }
}
