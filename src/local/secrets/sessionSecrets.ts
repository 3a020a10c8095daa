import type { LocalSecretStorage, SecretFields } from './types'

export interface SessionSecretsOptions {
  /** Prefix of every key this adapter writes. @default 'howlerops-sync:secret:' */
  prefix?: string
  /** The storage (tests, or `localStorage` at your own risk). @default globalThis.sessionStorage */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>
}

const SEP = '\u001f'

/**
 * Secrets in `sessionStorage`, as JSON: they survive a reload of the tab and end with it. Each tab has its own
 * (a new tab starts without them), and any script running on the origin can read them.
 */
export const sessionSecrets = (options: SessionSecretsOptions = {}): LocalSecretStorage => {
  const prefix = options.prefix ?? 'howlerops-sync:secret:'
  // Read at the first call, not at creation, so creating the adapter during SSR touches nothing.
  const storage = (): NonNullable<SessionSecretsOptions['storage']> => {
    const found = options.storage ?? globalThis.sessionStorage
    if (found === undefined) throw new Error('sessionStorage is not available here')
    return found
  }
  const ownKeys = (): string[] => {
    const s = storage()
    const out: string[] = []
    for (let i = 0; i < s.length; i++) {
      const k = s.key(i)
      if (k?.startsWith(prefix) === true) out.push(k)
    }
    return out
  }
  return {
    getItem(table, key) {
      const text = storage().getItem(prefix + table + SEP + key)
      return text === null ? null : (JSON.parse(text) as SecretFields)
    },
    setItem: (table, key, fields) => storage().setItem(prefix + table + SEP + key, JSON.stringify(fields)),
    removeItem: (table, key) => storage().removeItem(prefix + table + SEP + key),
    clear() {
      for (const k of ownKeys()) storage().removeItem(k)
    },
    keys: (table) =>
      ownKeys()
        .filter((k) => k.startsWith(prefix + table + SEP))
        .map((k) => k.slice(prefix.length + table.length + 1)),
  }
}
