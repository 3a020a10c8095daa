import type { SyncedTableName } from '../schema/tables'
import type { Row } from '../core/ports'

/**
 * Secret *fields* never reach IndexedDB (I10). They are removed before the row is stored; the app keeps them in
 * memory (the zustand middleware restores them into state). SQL text is not touched here: the device keeps the
 * user's own text, and it is redacted on its way out (see `/security`).
 */
const SECRET_NAME =
  /^(password|passwd|pwd|pass|secret|client_?secret|token|access_?token|refresh_?token|auth_?token|api_?key|private_?key|passphrase|session_?id|sid|cookie|ssl_?key|sslkey|ssl_?password)$/i

export const isSecretFieldName = (name: string, extra: ReadonlySet<string>): boolean =>
  SECRET_NAME.test(name) || extra.has(name)

const stripDeep = (value: unknown, extra: ReadonlySet<string>): unknown => {
  if (Array.isArray(value)) return value.map((v) => stripDeep(v, extra))
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value
  const out: Row = {}
  for (const [k, v] of Object.entries(value)) {
    if (isSecretFieldName(k, extra)) continue
    out[k] = stripDeep(v, extra)
  }
  return out
}

export const stripSecretFields = (table: SyncedTableName, row: Row, extra: ReadonlySet<string>): Row => {
  if (table === 'connection_templates') return stripDeep(row, extra) as Row
  let out: Row | undefined
  for (const k of Object.keys(row)) {
    if (!isSecretFieldName(k, extra)) continue
    out ??= { ...row }
    delete out[k]
  }
  return out ?? row
}
