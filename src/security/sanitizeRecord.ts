import { SYNC_COLUMN_NAMES } from '../schema/columns'
import { tables, type TableSpec } from '../schema/tables'
import { REDACTED } from './redacted'
import { createSecretKeyMatcher, isCredentialName, type SecretKeyMatcher } from './secretKeys'
import { sanitizeJsonText, sanitizeValue } from './sanitizeValue'

export interface SanitizeOptions {
  /** More names to treat as secrets (word by word: `vaultRef` also matches `db_vault_ref`). */
  readonly extraSecretKeys?: readonly string[] | undefined
  /** Names never treated as secrets (for example `sid` for an app whose Oracle templates need it). */
  readonly allowKeys?: readonly string[] | undefined
}

const SNAPSHOT_COLUMNS = ['base_snapshot', 'local_snapshot', 'remote_snapshot', 'resolved_snapshot']

const specOf = (table: string): TableSpec | undefined =>
  Object.hasOwn(tables, table) ? (tables[table as keyof typeof tables] as TableSpec) : undefined

/**
 * Returns a copy of `record` that is safe to store in IndexedDB's sync copy and to send (I10). Never mutates
 * `record`; unchanged branches are shared, and an unchanged record is returned as is.
 *
 * Rules, to any depth (nested objects, arrays, JSON columns as parsed values or as JSON text):
 * - Every string is redacted with `redactSql` (query text, error messages, AI content, names, JSON values…).
 * - Properties named like a credential (`isCredentialName`) are removed. In `connection_templates` the wider
 *   `isSecretKey` applies (also `key`, session ids, cookies, certificates), and SSH tunnel secrets go with it.
 * - `user_preferences` whose `key` names a credential (`openai.apiKey`) get `value: '[REDACTED]'`.
 * - `sync_conflicts_archive` snapshots are sanitized with the rules of their `entity_type`.
 * - Key columns and the sync-owned columns (`hlc`, `mutation_id`, …) are never rewritten: changing an identity
 *   would corrupt sync. A secret there is left for `findCredentials` to catch, so the record is quarantined.
 *
 * The return type is the input type, although secret properties may be missing from the copy.
 */
export const sanitizeRecord = <T extends Readonly<Record<string, unknown>>>(
  table: string,
  record: T,
  options: SanitizeOptions = {},
): T => {
  const spec = specOf(table)
  const isSecret = createSecretKeyMatcher({
    extraSecretKeys: options.extraSecretKeys,
    allowKeys: options.allowKeys,
    scope: table === 'connection_templates' ? 'connection' : 'credential',
  })
  const keep = new Set([...(spec?.key ?? []), ...SYNC_COLUMN_NAMES])
  const json = new Set(spec?.columns.filter((c) => c.kind === 'json').map((c) => c.name) ?? [])
  let copy: Record<string, unknown> | undefined
  const set = (key: string, value: unknown): void => {
    ;(copy ??= { ...record })[key] = value
  }
  for (const [key, value] of Object.entries(record)) {
    if (keep.has(key)) continue
    if (isSecret(key)) {
      copy ??= { ...record }
      delete copy[key]
      continue
    }
    const next = sanitizeColumn(table, record, key, value, json.has(key), isSecret, options)
    if (next !== value) set(key, next)
  }
  if (table === 'user_preferences' && namesCredential(record['key'], isSecret) && hasValue(record['value'])) {
    set('value', REDACTED)
  }
  return (copy ?? record) as T
}

const hasValue = (value: unknown): boolean => value !== null && value !== undefined && value !== '' && value !== REDACTED

const namesCredential = (key: unknown, isSecret: SecretKeyMatcher): boolean =>
  typeof key === 'string' && (isCredentialName(key) || isSecret(key))

const sanitizeColumn = (
  table: string,
  record: Readonly<Record<string, unknown>>,
  column: string,
  value: unknown,
  isJson: boolean,
  isSecret: SecretKeyMatcher,
  options: SanitizeOptions,
): unknown => {
  const entity = record['entity_type']
  if (table === 'sync_conflicts_archive' && SNAPSHOT_COLUMNS.includes(column) && typeof entity === 'string') {
    if (typeof value === 'string') {
      try {
        const parsed: unknown = JSON.parse(value)
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
          const next = sanitizeRecord(entity, parsed as Record<string, unknown>, options)
          return next === parsed ? value : JSON.stringify(next)
        }
      } catch {
        return sanitizeValue(value, isSecret)
      }
    } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return sanitizeRecord(entity, value as Record<string, unknown>, options)
    }
  }
  return isJson && typeof value === 'string' ? sanitizeJsonText(value, isSecret) : sanitizeValue(value, isSecret)
}
