import { tables, type SyncedTableName } from '../schema/tables'
import type { Row } from '../core/ports'
import { SYNC_COLUMN_NAMES } from '../schema/columns'
import { createSecretKeyMatcher, isCredentialName, REDACTED, type SecretKeyMatcher } from '../security/index'

/**
 * Secret *fields* never reach IndexedDB (I10), at any depth. They are removed before a row is stored, whether the
 * app wrote it or the server sent it; the app keeps them in memory (the zustand middleware restores them into
 * state). SQL text is not touched here: the device keeps the user's own text, and it is redacted on its way out
 * (see `/security`).
 *
 * The rules are `/security`'s: connection templates drop every credential-like name (password,
 * ssh_tunnel.privateKey, session ids, bare `key`…); other tables drop unmistakable credential names (`apiKey`,
 * `client_secret`, `X-Api-Key`, `sas`…), since `user_preferences.key` or `ai_memory_messages.session_id` are
 * ordinary columns there. A preference whose `key` names a credential (`openai.apiKey`) has its `value` replaced by
 * the REDACTED marker (the column is NOT NULL). JSON columns holding JSON text are parsed, stripped and re-serialized.
 */
/** Header names that carry credentials, wherever they are stored (`parameters.headers.Authorization`). */
const AUTH_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie'])

export const secretMatcher = (table: SyncedTableName, extra: Iterable<string> = []): SecretKeyMatcher => {
  const keys = new Set<string>(tables[table].key)
  const matches = createSecretKeyMatcher({ scope: table === 'connection_templates' ? 'connection' : 'credential', extraSecretKeys: [...extra] })
  return (name) => !SYNC_COLUMN_NAMES.has(name) && !keys.has(name) && (matches(name) || AUTH_HEADERS.has(name.toLowerCase()))
}

const isPlainObject = (value: unknown): value is Row => {
  if (typeof value !== 'object' || value === null) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** Copy-on-write: an unchanged branch is the same reference, and the input is never mutated (it may be frozen). */
const stripDeep = (value: unknown, isSecret: SecretKeyMatcher, depth: number): unknown => {
  if (depth > 64) return value
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    value.forEach((item: unknown, i) => {
      const next = stripDeep(item, isSecret, depth + 1)
      if (next !== item) (copy ??= value.slice())[i] = next
    })
    return copy ?? value
  }
  if (!isPlainObject(value)) return value
  let copy: Row | undefined
  for (const [key, item] of Object.entries(value)) {
    if (isSecret(key)) {
      copy ??= { ...value }
      delete copy[key]
      continue
    }
    const next = stripDeep(item, isSecret, depth + 1)
    if (next !== item) (copy ??= { ...value })[key] = next
  }
  return copy ?? value
}

/** A JSON column may hold JSON text (the server form): strip inside it and keep it text. */
const stripJsonText = (text: string, isSecret: SecretKeyMatcher): string => {
  const first = text.trimStart()[0]
  if (first !== '{' && first !== '[') return text
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return text
  }
  const next = stripDeep(parsed, isSecret, 0)
  return next === parsed ? text : JSON.stringify(next)
}

const jsonColumns = new Map<string, ReadonlySet<string>>()
const jsonColumnsOf = (table: SyncedTableName): ReadonlySet<string> => {
  let found = jsonColumns.get(table)
  if (found === undefined) jsonColumns.set(table, (found = new Set(tables[table].columns.filter((c) => c.kind === 'json').map((c) => c.name))))
  return found
}

/**
 * Removes secret fields at any depth; returns `row` itself when it holds none. The one function for rows the app
 * writes, rows pulled from the server and the zustand middleware's rule.
 */
export const stripSecretFields = (table: SyncedTableName, row: Row, isSecret: SecretKeyMatcher): Row => {
  let out = stripDeep(row, isSecret, 0) as Row
  const json = jsonColumnsOf(table)
  for (const column of json) {
    const value = out[column]
    if (typeof value !== 'string') continue
    const next = stripJsonText(value, isSecret)
    if (next !== value) out = { ...out, [column]: next }
  }
  if (table === 'user_preferences') {
    const key = out['key']
    const value = out['value']
    if (typeof key === 'string' && (isCredentialName(key) || isSecret(key)) && value !== null && value !== undefined && value !== REDACTED) {
      out = { ...out, value: REDACTED }
    }
  }
  return out
}

/** A stripper per database: `extra` names (from `createLocalDatabase({ secretFields })`) apply to every table. */
export const createSecretStripper = (extra: readonly string[]): ((table: SyncedTableName, row: Row) => Row) => {
  const matchers = new Map<SyncedTableName, SecretKeyMatcher>()
  return (table, row) => {
    let isSecret = matchers.get(table)
    if (isSecret === undefined) matchers.set(table, (isSecret = secretMatcher(table, extra)))
    return stripSecretFields(table, row, isSecret)
  }
}

const defaultStripper = createSecretStripper([])

/**
 * Strips the secret fields of one row of `table` with the built-in rule (plus `extra` names): for rows pulled from
 * the server before they are stored, and for any row about to be written to IndexedDB outside the capture.
 */
export const stripRowSecrets = (table: SyncedTableName, row: Row, extra: readonly string[] = []): Row =>
  extra.length === 0 ? defaultStripper(table, row) : stripSecretFields(table, row, secretMatcher(table, extra))
