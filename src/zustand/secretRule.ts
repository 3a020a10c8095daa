import type { SyncedTableName } from '../schema/tables'
import type { Row } from '../core/ports'
import { secretMatcher, stripSecretFields } from '../local/stripSecrets'

/** Which fields of a table's rows are secrets, how to drop them for IndexedDB and how to put them back in memory. */
export interface SecretRule {
  /** The row as it may be stored: secret fields removed (I10). Returns `row` itself when it holds none. */
  strip(row: Row): Row
  /** `stored` with the secret fields of `memory` (the same record in memory) restored; `stored` itself if none. */
  restore(stored: Row, memory: Row | undefined): Row
}

const isPlainObject = (value: unknown): value is Row =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)

const restoreInto = (stored: Row, memory: Row, isSecret: (name: string) => boolean, deep: boolean): Row => {
  let out: Row | undefined
  for (const [k, v] of Object.entries(memory)) {
    if (isSecret(k)) {
      if (v !== undefined && stored[k] === undefined) {
        out ??= { ...stored }
        out[k] = v
      }
    } else if (deep && isPlainObject(v) && isPlainObject(stored[k])) {
      const inner = restoreInto(stored[k], v, isSecret, deep)
      if (inner !== stored[k]) {
        out ??= { ...stored }
        out[k] = inner
      }
    }
  }
  return out ?? stored
}

/**
 * The local store's rule (the same names, nested for connection templates) plus `extra` names for this table.
 */
export const secretRule = (table: SyncedTableName, extra: readonly string[] = []): SecretRule => {
  const deep = table === 'connection_templates'
  const isSecret = secretMatcher(table, extra)
  return {
    strip: (row) => stripSecretFields(table, row, isSecret),
    restore: (stored, memory) => (memory === undefined ? stored : restoreInto(stored, memory, isSecret, deep)),
  }
}
