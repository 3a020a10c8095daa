import type { Row } from '../../core/ports'
import { LocalSecretError, type LocalSecretOperation } from './LocalSecretError'
import type { LocalSecretStorage, SecretFields } from './types'

/**
 * The database's one door to its secret store: writes are queued in order (a save and a later removal of one
 * record never swap) and run after the data they belong to has committed, so a slow or failing store never holds
 * up or fails a write. Every failure becomes a {@link LocalSecretError} for `onError`.
 */
export interface SecretVault {
  /** Merges `fields` over what is stored for the record (a write carries the secrets it changed). */
  keep(table: string, key: string, fields: SecretFields): void
  forget(table: string, keys: readonly string[]): void
  /** Gives the record `to` the secrets stored for `from`, unless `to` has its own. */
  copy(table: string, from: string, to: string): void
  /** Stored secrets of the given records, after every queued write; unreadable ones are reported and left out. */
  read(table: string, keys: readonly string[]): Promise<Map<string, SecretFields>>
  /** Removes every record's secrets. Rejects with a LocalSecretError if the store cannot be cleared. */
  clear(): Promise<void>
  /**
   * Declares work that will queue writes when it settles (a transaction not yet complete): `read` and `idle` wait
   * for it, so what a committed write kept is read back.
   */
  track(work: Promise<unknown>): void
  /** Resolves once every tracked piece of work and every queued write has settled. */
  idle(): Promise<void>
}

/**
 * What `strip` took from `row`: every top-level column whose value it removed or changed, with the value as the
 * app wrote it. `undefined` when the row held no secret.
 */
export const secretPartOf = (row: Row, stripped: Row): SecretFields | undefined => {
  if (row === stripped) return undefined
  let part: Record<string, unknown> | undefined
  for (const [k, v] of Object.entries(row)) {
    if (v !== undefined && stripped[k] !== v) (part ??= {})[k] = v
  }
  return part
}

export const createSecretVault = (port: () => LocalSecretStorage, onError: (error: LocalSecretError) => void): SecretVault => {
  let tail: Promise<void> = Promise.resolve()
  const tracked = new Set<Promise<unknown>>()
  const settled = async (): Promise<void> => {
    while (tracked.size > 0) await Promise.allSettled([...tracked])
    await tail
  }
  const fail = (operation: LocalSecretOperation, table?: string, key?: string) => (cause: unknown): void => {
    const target: { table?: string; key?: string } = {}
    if (table !== undefined) target.table = table
    if (key !== undefined) target.key = key
    onError(new LocalSecretError(operation, target, cause))
  }
  const enqueue = (run: () => Promise<void>): Promise<void> => {
    const done = tail.then(run)
    tail = done.catch(() => undefined)
    return done
  }
  return {
    keep(table, key, fields) {
      void enqueue(async () => {
        const store = port()
        // An unreadable entry (the device key changed) is simply replaced.
        const before = await Promise.resolve()
          .then(() => store.getItem(table, key))
          .catch(() => null)
        await store.setItem(table, key, { ...before, ...fields })
      }).catch(fail('write', table, key))
    },
    copy(table, from, to) {
      void enqueue(async () => {
        const store = port()
        const [source, own] = await Promise.all([store.getItem(table, from), Promise.resolve().then(() => store.getItem(table, to)).catch(() => null)])
        if (source !== null && own === null) await store.setItem(table, to, source)
      }).catch(fail('write', table, to))
    },
    forget(table, keys) {
      // One job per deletion: a purge of 10,000 history rows asks the store which of them hold secrets, once.
      void enqueue(async () => {
        const store = port()
        const held = store.keys === undefined ? undefined : new Set(await store.keys(table))
        for (const key of keys) {
          if (held !== undefined && !held.has(key)) continue
          await Promise.resolve()
            .then(() => store.removeItem(table, key))
            .catch(fail('remove', table, key))
        }
      }).catch(fail('remove', table))
    },
    async read(table, keys) {
      await settled()
      const out = new Map<string, SecretFields>()
      let wanted = keys
      try {
        const store = port()
        if (store.keys !== undefined) {
          const held = new Set(await store.keys(table))
          wanted = keys.filter((k) => held.has(k))
        }
        await Promise.all(
          wanted.map(async (key) => {
            try {
              const found = await store.getItem(table, key)
              if (found !== null) out.set(key, found)
            } catch (error) {
              fail('read', table, key)(error)
            }
          }),
        )
      } catch (error) {
        fail('read', table)(error)
      }
      return out
    },
    clear() {
      const done = enqueue(async () => port().clear())
      return done.catch((cause: unknown) => {
        throw new LocalSecretError('clear', {}, cause)
      })
    },
    track(work) {
      const forget = (): void => void tracked.delete(done)
      const done: Promise<void> = work.then(forget, forget)
      tracked.add(done)
    },
    idle: settled,
  }
}
