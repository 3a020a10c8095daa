import type { SyncDatabase } from '../database'

/**
 * Removes every secret this database keeps on the device (passwords of saved connections…), in whatever store it
 * uses. Call it on sign-out; `db.delete()` does not reach a store outside the database. Rejects with a
 * `LocalSecretError` if the store cannot be cleared.
 */
export const clearLocalSecrets = (db: SyncDatabase): Promise<void> => db.sync.secrets.clear()
