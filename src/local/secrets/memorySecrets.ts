import type { LocalSecretStorage, SecretFields } from './types'

const SEP = '\u001f'

/**
 * Secrets kept in this JavaScript context only: they survive a remote edit and a store re-created in the same
 * page, and are gone after a reload. Nothing is written anywhere.
 */
export const memorySecrets = (): LocalSecretStorage => {
  const items = new Map<string, SecretFields>()
  return {
    getItem: (table, key) => items.get(table + SEP + key) ?? null,
    setItem: (table, key, fields) => void items.set(table + SEP + key, structuredClone(fields)),
    removeItem: (table, key) => void items.delete(table + SEP + key),
    clear: () => items.clear(),
    keys: (table) => [...items.keys()].filter((k) => k.startsWith(table + SEP)).map((k) => k.slice(table.length + 1)),
  }
}
