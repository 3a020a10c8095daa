import { browserPresence, type PresenceSource } from './presence'

export type { PresenceEvent, PresenceSource } from './presence'

/**
 * Everything the engine takes from its surroundings, injectable so that tests run on fake time with no sleeps
 * (STYLE.md rule 6). Defaults read the platform lazily, at engine creation, never at import.
 */
export interface OnlineSource {
  isOnline(): boolean
  /** Calls back on `online`/`offline`; returns an unsubscribe. */
  subscribe(listener: (online: boolean) => void): () => void
}

export interface LockManagerLike {
  request(name: string, options: { mode?: 'exclusive'; signal?: AbortSignal }, callback: () => Promise<unknown>): Promise<unknown>
}

export interface ChannelLike {
  postMessage(message: unknown): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
  close(): void
}

export interface Env {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  random(): number
  newId(): string
  online: OnlineSource
  /** Visibility and user input: the poll is quick while someone is looking, and a cycle runs when they come back. */
  presence: PresenceSource
  /** The browser's user agent, read for the default device name ("Chrome on macOS") and type. */
  userAgent: string | undefined
  /** Web Locks, when the platform has them. */
  locks: LockManagerLike | undefined
  channel(name: string): ChannelLike | undefined
  /** WebCrypto (sealing): `subtle` and `getRandomValues`. */
  crypto: CryptoLike
}

export type CryptoLike = Pick<Crypto, 'subtle' | 'getRandomValues'>

const browserOnline = (): OnlineSource => ({
  isOnline: () => (typeof navigator === 'undefined' || typeof navigator.onLine !== 'boolean' ? true : navigator.onLine),
  subscribe(listener) {
    if (typeof window === 'undefined') return () => {}
    const on = (): void => listener(true)
    const off = (): void => listener(false)
    window.addEventListener('online', on)
    window.addEventListener('offline', off)
    return () => {
      window.removeEventListener('online', on)
      window.removeEventListener('offline', off)
    }
  },
})

export const defaultEnv = (overrides: Partial<Env> = {}): Env => ({
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  random: Math.random,
  newId: () => crypto.randomUUID(),
  online: browserOnline(),
  presence: browserPresence(),
  userAgent: typeof navigator === 'undefined' ? undefined : navigator.userAgent,
  locks: typeof navigator !== 'undefined' && 'locks' in navigator ? (navigator.locks as unknown as LockManagerLike) : undefined,
  channel: (name) => (typeof BroadcastChannel === 'undefined' ? undefined : (new BroadcastChannel(name) as unknown as ChannelLike)),
  crypto: globalThis.crypto,
  ...overrides,
})
