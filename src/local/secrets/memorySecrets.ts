import type { LocalSecretStorage, SecretFields } from './types'
import { recordId, keyInTable } from '../../schema/record'


/**
 * Secrets kept in this JavaScript context only: they survive a remote edit and a store re-created in the same
 * page, and are gone after a reload. Nothing is written anywhere.
 */
export const memorySecrets = (): LocalSecretStorage => {
  const items = new Map<string, SecretFields>()
  return {
    getItem: (table, key) => items.get(recordId(table, key)) ?? null,
    setItem: (table, key, fields) => void items.set(recordId(table, key), structuredClone(fields)),
    removeItem: (table, key) => void items.delete(recordId(table, key)),
    clear: () => items.clear(),
    keys: (table) => [...items.keys()].flatMap((k) => keyInTable(table, k) ?? []),
  }
}
