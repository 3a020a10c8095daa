import type { SyncedTableName } from '../schema/tables'
import type { Row } from '../core/ports'
import { secretMatcher, stripSecretFields } from '../local/stripSecrets'
import { isCredentialName } from '../security/secretKeys'
import { sameValue } from '../schema/record'

/** Which fields of a table's rows are secrets, how to drop them for IndexedDB and how to put them back in memory. */
export interface SecretRule {
  /** The row as it may be stored: secret fields removed. Returns `row` itself when it holds none. */
  strip(row: Row): Row
  /** `stored` with the secret fields of `memory` (the same record in memory) restored; `stored` itself if none. */
  restore(stored: Row, memory: Row | undefined): Row
}

const isPlainObject = (value: unknown): value is Row =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)

/**
 * Puts back what `strip` took from `memory`: a field `strip` removed or rewrote is restored when `stored` holds just
 * the stripped form (so a newer value written elsewhere is never overwritten). Rule-agnostic by design: whatever the
 * one rule strips, and only that, comes back.
 */
const restoreInto = (stored: Row, memory: Row, stripped: Row): Row => {
  let out: Row | undefined
  for (const [k, v] of Object.entries(memory)) {
    if (v === undefined || stripped[k] === v) continue
    let next: unknown
    if (!(k in stripped)) next = stored[k] === undefined ? v : undefined
    else if (isPlainObject(v) && isPlainObject(stripped[k]) && isPlainObject(stored[k])) {
      const inner = restoreInto(stored[k], v, stripped[k])
      next = inner === stored[k] ? undefined : inner
    } else next = sameValue(stored[k], stripped[k]) ? v : undefined
    if (next !== undefined) (out ??= { ...stored })[k] = next
  }
  return out ?? stored
}

/**
 * The local database's rule for `table` (built-in names plus the `secretFields` given to `createLocalDatabase`,
 * read through `extra`) plus the middleware's own names. Both layers read this one rule, so what the database strips
 * is exactly what the middleware keeps in memory and restores.
 */
export const secretRule = (table: SyncedTableName, extra: () => readonly string[]): SecretRule => {
  let names = ''
  let isSecret = secretMatcher(table)
  const matcher = (): typeof isSecret => {
    const current = extra()
    const joined = current.join('\u0000')
    if (joined !== names) {
      names = joined
      isSecret = secretMatcher(table, current)
    }
    return isSecret
  }
  const strip = (row: Row): Row => stripSecretFields(table, row, matcher())
  return {
    strip,
    restore: (stored, memory) => (memory === undefined ? stored : restoreInto(stored, memory, strip(memory))),
  }
}

/** Copy-on-write removal of credential-named fields at any depth, for the non-table remainder in `_state`. */
export const stripRemainder = (value: unknown, depth = 0): unknown => {
  if (depth > 64) return value
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    value.forEach((item: unknown, i) => {
      const next = stripRemainder(item, depth + 1)
      if (next !== item) (copy ??= value.slice())[i] = next
    })
    return copy ?? value
  }
  if (!isPlainObject(value) || (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null)) return value
  let copy: Row | undefined
  for (const [key, item] of Object.entries(value)) {
    if (isCredentialName(key)) {
      ;(copy ??= { ...value })
      delete copy[key]
      continue
    }
    const next = stripRemainder(item, depth + 1)
    if (next !== item) (copy ??= { ...value })[key] = next
  }
  return copy ?? value
}
