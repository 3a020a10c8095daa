import { isNonSecretValue } from './nonSecretValue'
import { isCredentialName } from './secretKeys'
import type { SecretSpan } from './types'

/**
 * Credentials stored as rows of a key/value settings table, where the credential name is data, not a column:
 * `UPDATE app_settings SET value = '…' WHERE key = 'webhook_signing_secret'` and
 * `INSERT INTO config (name, value) VALUES ('smtp_password', '…')`. The value literal of a row whose key literal is
 * a credential name is the credential. SQL structure only: the key column, the value column, the row.
 */
const KEY_COLUMN = /^(?:key|name|setting|setting_?name|setting_?key|config_?key|conf_?key|param|param_?name|parameter|option_?name|option|k|variable|var_?name|prop|property)$/i
const VALUE_COLUMN = /^(?:value|val|v|setting_?value|config_?value|conf_?value|param_?value|option_?value|secret_?value|data|content|payload)$/i
const NAME = `["\`[]?([A-Za-z_][\\w]*)["\`\\]]?`
const LITERAL = `(?:[NnEe])?'((?:[^'\\n]|'')*)'`
const UPDATE = new RegExp(`\\bUPDATE\\s+[\\w."\`\\[\\]]+\\s+SET\\s+([^;]{0,2000}?)\\bWHERE\\s+([^;]{0,2000})`, 'gi')
const ASSIGN = new RegExp(`${NAME}\\s*=\\s*${LITERAL}`, 'g')
const INSERT = /\b(?:INSERT|REPLACE|UPSERT)\s+(?:OR\s+\w+\s+)?INTO\s+[\w."`[\]]+\s*\(([^)]{1,400})\)\s*VALUES\s*/gi
/** One row of literals: `('a', 'b', 3, NULL, ?)`. */
const ROW = /\(\s*((?:(?:[NnEe]?'(?:[^'\n]|'')*'|[\w.?$:@-]+)\s*,\s*)*(?:[NnEe]?'(?:[^'\n]|'')*'|[\w.?$:@-]+))\s*\)/y
const CELL = /[NnEe]?'((?:[^'\n]|'')*)'|[\w.?$:@-]+/g
const unquote = (name: string): string => name.replace(/^["`[]|["`\]]$/g, '').replace(/^.*\./, '')

const span = (start: number, value: string, spans: SecretSpan[]): void => {
  if (!isNonSecretValue(value.replaceAll("''", "'"))) spans.push({ start, end: start + value.length, kind: 'connection-string' })
}

export const settingValueSpans = (text: string): SecretSpan[] => {
  if (!/\b(?:UPDATE|INTO)\b/i.test(text)) return []
  const spans: SecretSpan[] = []
  for (const m of text.matchAll(UPDATE)) {
    const where = [...(m[2] ?? '').matchAll(ASSIGN)]
    if (!where.some((w) => KEY_COLUMN.test(w[1] ?? '') && isCredentialName(w[2] ?? ''))) continue
    const setAt = m.index + m[0].indexOf(m[1] ?? '')
    for (const a of (m[1] ?? '').matchAll(ASSIGN)) {
      if (!VALUE_COLUMN.test(a[1] ?? '')) continue
      const literal = a[2] ?? ''
      span(setAt + a.index + a[0].length - literal.length - 1, literal, spans)
    }
  }
  for (const m of text.matchAll(INSERT)) {
    const columns = (m[1] ?? '').split(',').map((c) => unquote(c.trim()))
    const k = columns.findIndex((c) => KEY_COLUMN.test(c))
    const v = columns.findIndex((c) => VALUE_COLUMN.test(c))
    if (k === -1 || v === -1) continue
    let at = m.index + m[0].length
    for (let rows = 0; rows < 1000; rows += 1) {
      ROW.lastIndex = at
      const row = ROW.exec(text)
      if (row === null) break
      const bodyAt = row.index + row[0].indexOf(row[1] ?? '')
      const cells = [...(row[1] ?? '').matchAll(CELL)]
      const key = cells[k]
      const value = cells[v]
      if (key?.[1] !== undefined && value?.[1] !== undefined && isCredentialName(key[1])) span(bodyAt + value.index + value[0].indexOf("'") + 1, value[1], spans)
      at = ROW.lastIndex
      const comma = /\s*,\s*/y
      comma.lastIndex = at
      if (!comma.test(text)) break
      at = comma.lastIndex
    }
  }
  return spans
}
