import type { SyncedTableName } from '../schema/tables'
import type { Row } from '../core/ports'
import { SYNC_COLUMN_NAMES } from '../schema/columns'
import { createSecretKeyMatcher, type SecretKeyMatcher } from '../security/index'

/**
 * Secret *fields* never reach IndexedDB (I10). They are removed before the row is stored; the app keeps them in
 * memory (the zustand middleware restores them into state). SQL text is not touched here: the device keeps the
 * user's own text, and it is redacted on its way out (see `/security`).
 *
 * The rules are `/security`'s: connection templates drop every credential-like name at any depth (password,
 * ssh_tunnel.privateKey, session ids, bare `key`…); other tables drop only unmistakable credential names at the top
 * level, since `user_preferences.key` or `ai_memory_messages.session_id` are ordinary columns there.
 */
export const secretMatcher = (table: SyncedTableName, extra: Iterable<string> = []): SecretKeyMatcher => {
  const matches = createSecretKeyMatcher({ scope: table === 'connection_templates' ? 'connection' : 'credential', extraSecretKeys: [...extra] })
  return (name) => !SYNC_COLUMN_NAMES.has(name) && matches(name)
}

const stripDeep = (value: unknown, isSecret: SecretKeyMatcher): unknown => {
  if (Array.isArray(value)) return value.map((v) => stripDeep(v, isSecret))
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value
  const out: Row = {}
  for (const [k, v] of Object.entries(value)) if (!isSecret(k)) out[k] = stripDeep(v, isSecret)
  return out
}

/** Removes secret fields; returns `row` itself when it holds none at the top level (non-connection tables). */
export const stripSecretFields = (table: SyncedTableName, row: Row, isSecret: SecretKeyMatcher): Row => {
  if (table === 'connection_templates') return stripDeep(row, isSecret) as Row
  if (!Object.keys(row).some(isSecret)) return row
  return Object.fromEntries(Object.entries(row).filter(([k]) => !isSecret(k)))
}

export const createSecretStripper = (extra: readonly string[]): ((table: SyncedTableName, row: Row) => Row) => {
  const matchers = new Map<SyncedTableName, SecretKeyMatcher>()
  return (table, row) => {
    let isSecret = matchers.get(table)
    if (isSecret === undefined) matchers.set(table, (isSecret = secretMatcher(table, extra)))
    return stripSecretFields(table, row, isSecret)
  }
}
