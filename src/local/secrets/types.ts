/**
 * The secret fields of one record, as a port stores them: the top-level columns that the secret rule changed
 * (`password`, or a whole `parameters` object whose `ssh_tunnel.privateKey` it removed). Plain JSON values.
 */
export type SecretFields = Readonly<Record<string, unknown>>

/**
 * Where a device keeps the secret fields that never reach the synced tables (I10). Shaped like zustand's
 * `StateStorage`, keyed by table and record key; every method may be sync or async, and may throw: a failure is
 * reported as a `LocalSecretError` and never fails the record's write.
 */
export interface LocalSecretStorage {
  getItem(table: string, key: string): SecretFields | null | Promise<SecretFields | null>
  /** Replaces what is stored for the record. */
  setItem(table: string, key: string, fields: SecretFields): void | Promise<void>
  removeItem(table: string, key: string): void | Promise<void>
  /** Removes every record's secrets (sign-out). */
  clear(): void | Promise<void>
  /**
   * The record keys of `table` that hold secrets. Optional: without it, hydration asks `getItem` for every row
   * of the tables a store maps, which is fine for a few hundred rows and slow for a large history.
   */
  keys?(table: string): readonly string[] | Promise<readonly string[]>
}
