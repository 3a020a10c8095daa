import { encryptedSecrets } from './encryptedSecrets'
import { memorySecrets } from './memorySecrets'
import type { LocalSecretStorage } from './types'

/**
 * The default store: `encrypted` (in a database named after the data's, `<name>-secrets`) wherever IndexedDB and
 * WebCrypto exist, so passwords survive a reload without ever sitting in plaintext on disk; `memory` elsewhere.
 * Decided at the first use, not when the database object is created (SSR).
 */
export const defaultSecrets = (name: string, options: { indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }): (() => LocalSecretStorage) => {
  let chosen: LocalSecretStorage | undefined
  return () => {
    if (chosen !== undefined) return chosen
    const idb = options.indexedDB ?? globalThis.indexedDB
    const subtle = globalThis.crypto?.subtle as SubtleCrypto | undefined
    if (idb === undefined || subtle === undefined) return (chosen = memorySecrets())
    const encrypted: Parameters<typeof encryptedSecrets>[0] = { name: `${name}-secrets`, indexedDB: idb }
    if (options.IDBKeyRange !== undefined) encrypted.IDBKeyRange = options.IDBKeyRange
    return (chosen = encryptedSecrets(encrypted))
  }
}
