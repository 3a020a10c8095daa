import type { OnlineSource } from '@howlerops/sync'

/** A device's "go offline" switch: while on, its fetch fails as a dropped network would. */
export interface NetworkSwitch {
  isOffline(): boolean
  setOffline(offline: boolean): void
  subscribe(listener: () => void): () => void
  /** The device's fetch: the page's own, failing while the switch is on. */
  readonly fetch: typeof globalThis.fetch
  /** Online = the browser is online and the switch is off; the engine syncs as soon as both hold again. */
  readonly online: OnlineSource
}

export const createNetworkSwitch = (): NetworkSwitch => {
  let offline = false
  const listeners = new Set<() => void>()
  const browserOnline = (): boolean => navigator.onLine
  const isOnline = (): boolean => browserOnline() && !offline
  const subscribe = (listener: () => void): (() => void) => {
    listeners.add(listener)
    return () => void listeners.delete(listener)
  }
  return {
    isOffline: () => offline,
    setOffline(next) {
      if (next === offline) return
      offline = next
      for (const listener of [...listeners]) listener()
    },
    subscribe,
    fetch: (input, init) =>
      offline ? Promise.reject(new TypeError('Failed to fetch (this device is offline)')) : globalThis.fetch(input, init),
    online: {
      isOnline,
      subscribe(listener) {
        const emit = (): void => listener(isOnline())
        window.addEventListener('online', emit)
        window.addEventListener('offline', emit)
        const off = subscribe(emit)
        return () => {
          window.removeEventListener('online', emit)
          window.removeEventListener('offline', emit)
          off()
        }
      },
    },
  }
}
