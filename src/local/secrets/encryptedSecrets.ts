import { Dexie, type Table } from 'dexie'
import type { LocalSecretStorage, SecretFields } from './types'

export interface EncryptedSecretsOptions {
  /** The IndexedDB database that holds the device key and the ciphertexts. */
  name: string
  /** @default globalThis.indexedDB */
  indexedDB?: IDBFactory
  IDBKeyRange?: typeof IDBKeyRange
  /** @default globalThis.crypto.subtle */
  subtle?: SubtleCrypto
  /** @default globalThis.crypto.getRandomValues */
  getRandomValues?: <T extends Uint8Array<ArrayBuffer>>(array: T) => T
}

interface KeyEntry {
  id: string
  key: CryptoKey
}
interface SecretEntry {
  pk: string
  table: string
  key: string
  iv: Uint8Array<ArrayBuffer>
  data: ArrayBuffer
}

const SEP = '\u001f'
const DEVICE_KEY = 'device'

/**
 * Secrets in IndexedDB, encrypted with AES-GCM under a device key that is created once, is NOT extractable, and
 * is stored in IndexedDB as a `CryptoKey` object (so no script can read its bytes, and the ciphertexts are useless
 * off this browser profile). Each ciphertext is bound to its table and record key (additional data), so one record's
 * secret cannot be moved onto another. They survive reloads, restarts and other tabs.
 *
 * Nothing is opened until the first call. If the device key is gone (site data partly cleared), old ciphertexts
 * cannot be read: `getItem` throws, the caller reports a `LocalSecretError`, and the user types the password again.
 */
export const encryptedSecrets = (options: EncryptedSecretsOptions): LocalSecretStorage => {
  let opened: { db: Dexie; keys: Table<KeyEntry, string>; secrets: Table<SecretEntry, string> } | undefined
  const open = (): NonNullable<typeof opened> => {
    if (opened !== undefined) return opened
    const dexieOptions: ConstructorParameters<typeof Dexie>[1] = {}
    if (options.indexedDB !== undefined) dexieOptions.indexedDB = options.indexedDB
    if (options.IDBKeyRange !== undefined) dexieOptions.IDBKeyRange = options.IDBKeyRange
    const db = new Dexie(options.name, dexieOptions)
    db.version(1).stores({ keys: 'id', secrets: 'pk, table' })
    opened = { db, keys: db.table('keys'), secrets: db.table('secrets') }
    return opened
  }
  const subtle = (): SubtleCrypto => options.subtle ?? globalThis.crypto.subtle
  const random = (n: number): Uint8Array<ArrayBuffer> => {
    const bytes = new Uint8Array(n)
    return options.getRandomValues !== undefined ? options.getRandomValues(bytes) : globalThis.crypto.getRandomValues(bytes)
  }

  let deviceKey: Promise<CryptoKey> | undefined
  const loadKey = async (): Promise<CryptoKey> => {
    const { db, keys } = open()
    const found = await keys.get(DEVICE_KEY)
    if (found !== undefined) return found.key
    const made = await subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
    // Another tab may have created one meanwhile: the first one stored wins, everywhere.
    return db.transaction('rw', keys, async () => {
      const again = await keys.get(DEVICE_KEY)
      if (again !== undefined) return again.key
      await keys.put({ id: DEVICE_KEY, key: made })
      return made
    })
  }
  const key = (): Promise<CryptoKey> => {
    deviceKey ??= loadKey().catch((error: unknown) => {
      deviceKey = undefined
      throw error
    })
    return deviceKey
  }
  const bound = (table: string, record: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(table + SEP + record)

  return {
    async getItem(table, record) {
      const entry = await open().secrets.get(table + SEP + record)
      if (entry === undefined) return null
      const plain = await subtle().decrypt({ name: 'AES-GCM', iv: entry.iv, additionalData: bound(table, record) }, await key(), entry.data)
      return JSON.parse(new TextDecoder().decode(plain)) as SecretFields
    },
    async setItem(table, record, fields) {
      const iv = random(12)
      const plain = new TextEncoder().encode(JSON.stringify(fields))
      const data = await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: bound(table, record) }, await key(), plain)
      await open().secrets.put({ pk: table + SEP + record, table, key: record, iv, data })
    },
    removeItem: async (table, record) => {
      await open().secrets.delete(table + SEP + record)
    },
    // The device key stays: it protects nothing once the ciphertexts are gone, and the next user reuses it.
    clear: () => open().secrets.clear(),
    keys: async (table) => ((await open().secrets.where('table').equals(table).toArray()) as SecretEntry[]).map((e) => e.key),
  }
}
