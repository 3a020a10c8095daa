import { localColumns, tables, type SyncedTableName } from '../schema/tables'
import type { Row } from '../core/ports'
import { MalformedResponseError } from '../core/errors'

/**
 * Conversions between the device form of a row (JSON columns parsed) and its server form (JSON as TEXT).
 * Server rows are validated here, at the edge: a row that lacks its key or sync columns is refused as a whole.
 */
export type SqlValue = string | number | bigint | null | Uint8Array

export const toServerValue = (kind: string, value: unknown): SqlValue => {
  if (value === undefined || value === null) return null
  if (kind === 'json') return JSON.stringify(value)
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') return value
  if (value instanceof Uint8Array) return value
  return JSON.stringify(value)
}

export const fromServerRow = (table: SyncedTableName, raw: Record<string, unknown>): Row => {
  const row: Row = {}
  for (const column of localColumns(table)) {
    let value = raw[column.name]
    if (value === undefined) throw new MalformedResponseError(`${table} row lacks column ${column.name}`)
    if (typeof value === 'bigint') value = Number(value)
    if (column.kind === 'json' && typeof value === 'string') {
      try {
        value = JSON.parse(value)
      } catch (cause) {
        throw new MalformedResponseError(`${table}.${column.name} holds invalid JSON`, cause)
      }
    } else if (value instanceof ArrayBuffer) value = new Uint8Array(value)
    row[column.name] = value
  }
  for (const key of tables[table].key) {
    if (typeof row[key] !== 'string' && typeof row[key] !== 'number') throw new MalformedResponseError(`${table} row without key`)
  }
  if (!Number.isInteger(row['sync_version']) || !Number.isInteger(row['server_seq'])) {
    throw new MalformedResponseError(`${table} row without a valid version or sequence`)
  }
  return row
}
