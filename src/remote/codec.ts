import { keyOf, localColumns, tables, type SyncedTableName } from '../schema/tables'
import { validateRow } from '../schema/validateRow'
import { MAX_RECORD_BYTES, recordBytes } from '../schema/recordBytes'
import type { SchemaViolation } from '../schema/SchemaError'
import type { Row } from '../core/ports'
import { MalformedResponseError } from '../core/errors'
import { InvalidServerRowError } from './InvalidServerRowError'

/**
 * Conversions between the device form of a row (JSON columns parsed) and its server form (JSON as TEXT).
 * Server rows are validated here, at the edge, before anything reaches IndexedDB (R7): a row that lacks its key or
 * sync columns, carries an unknown column, breaks a type, NOT NULL or CHECK rule, belongs to another user or is
 * larger than MAX_RECORD_BYTES is refused as a whole.
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

export interface ServerRowOptions {
  /** The user whose database this is: a row of any other non-empty `user_id` is refused. */
  readonly userId?: string
  /** Extra result columns the query adds on purpose (the push outcome's `_mutation`, `_version`…). */
  readonly extra?: (column: string) => boolean
}

const columnNames = new Map<SyncedTableName, ReadonlySet<string>>()
const namesOf = (table: SyncedTableName): ReadonlySet<string> => {
  let names = columnNames.get(table)
  if (names === undefined) columnNames.set(table, (names = new Set(localColumns(table).map((c) => c.name))))
  return names
}

export const fromServerRow = (table: SyncedTableName, raw: Record<string, unknown>, options: ServerRowOptions = {}): Row => {
  const refuse = (column: string, rule: SchemaViolation['rule'], extra: Partial<SchemaViolation> = {}): never => {
    const key = tables[table].key.every((k) => typeof raw[k] === 'string' || typeof raw[k] === 'number') ? keyOf(table, raw) : undefined
    throw new InvalidServerRowError({ table, key, column, rule, ...extra })
  }
  const names = namesOf(table)
  for (const column of Object.keys(raw)) {
    if (!names.has(column) && options.extra?.(column) !== true) refuse(column, 'unknown-column')
  }
  if (recordBytes(raw) > MAX_RECORD_BYTES) refuse('*', 'size', { expected: `${MAX_RECORD_BYTES} bytes` })

  const row: Row = {}
  for (const column of localColumns(table)) {
    let value = raw[column.name]
    if (value === undefined) throw new MalformedResponseError(`${table} row lacks column ${column.name}`)
    if (typeof value === 'bigint') value = Number(value)
    if (column.kind === 'json' && typeof value === 'string') {
      try {
        value = JSON.parse(value)
      } catch {
        // The row's problem, not the response's: it is set aside alone (R14).
        refuse(column.name, 'check', column.check === undefined ? {} : { constraint: column.check.constraint })
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
  // A pulled preference keeps the id the server holds (it may predate derived ids).
  const violation = validateRow(table, row, { keyAccepted: true })
  if (violation !== undefined) throw new InvalidServerRowError(violation)
  // An empty user_id is a record written before the engine knew the user (R1): not another user's.
  const user = row['user_id']
  if (options.userId !== undefined && user !== '' && user !== options.userId) refuse('user_id', 'user')
  return row
}
