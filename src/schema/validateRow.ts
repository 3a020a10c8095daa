import type { ColumnCheck, ColumnSpec } from './columns'
import type { SchemaViolation } from './SchemaError'
import { isLocalOnly, keyOf, localColumns, tables, type TableName, type TableSpec } from './tables'

type Row = Readonly<Record<string, unknown>>

export interface ValidateOptions {
  /**
   * Columns the caller fills later (the write capture stamps the sync columns): when absent they are not reported.
   * @default none
   */
  readonly pending?: ReadonlySet<string>
  /**
   * Accept the record's key as it is (`natural-key` is not checked): the record is already stored under it. A pulled
   * preference whose key the server's sanitizer redacted must stay editable.
   * @default false
   */
  readonly keyAccepted?: boolean
}

/**
 * May a written record keep the key it has, instead of the one its natural key derives (`natural-key`)? The one rule
 * for every write path (the Dexie capture and the zustand middleware):
 * - a record already stored under its key keeps it, unless the write changes the natural key (`key`) it derives
 *   from: a preference turning device-specific, or global again, is the same record (R4);
 * - a local-only record (a device-specific preference) never reaches the server's unique index, so its id cannot
 *   collide there.
 * `stored` is the record as stored before this write (IndexedDB, or the slice's previous value), if any.
 */
export const keyAccepted = (table: TableName, row: Row, stored: Row | undefined): boolean =>
  isLocalOnly(table, row) || (stored !== undefined && stored['key'] === row['key'])

const EXPECTED = { text: 'TEXT', integer: 'INTEGER', real: 'REAL', json: 'JSON-serializable', blob: 'BLOB (Uint8Array)' } as const

/** Does `value` have the STRICT type of the column? Stricter than SQLite's lossless coercion: the device row must equal the row the server sends back, so `'42'` is not an INTEGER and `42` is not TEXT. */
const hasType = (column: ColumnSpec, value: unknown): boolean => {
  switch (column.kind) {
    case 'text':
      return typeof value === 'string'
    case 'integer':
      return (typeof value === 'number' && Number.isSafeInteger(value)) || typeof value === 'bigint'
    case 'real':
      return typeof value === 'number' && Number.isFinite(value)
    case 'blob':
      return value instanceof Uint8Array
    case 'json':
      return serializes(value)
  }
}

/** `json_valid(JSON.stringify(value))`: what the push sends for a JSON column must be JSON. */
const serializes = (value: unknown): boolean => {
  try {
    return typeof JSON.stringify(value) === 'string'
  } catch {
    return false // a BigInt or a cycle
  }
}

const passes = (check: ColumnCheck, value: unknown): boolean => {
  switch (check.kind) {
    case 'in':
      return check.values.includes(value as string | number)
    case 'range': {
      const n = Number(value)
      return (check.min === undefined || n >= check.min) && (check.max === undefined || n <= check.max)
    }
    case 'glob-prefix':
      return typeof value === 'string' && value.startsWith(check.prefix)
    case 'json':
      return serializes(value)
  }
}

const columnNames = new Map<TableName, ReadonlySet<string>>()
const namesOf = (table: TableName): ReadonlySet<string> => {
  let names = columnNames.get(table)
  if (names === undefined) columnNames.set(table, (names = new Set(localColumns(table).map((c) => c.name))))
  return names
}

/**
 * The first rule of `schema.sql` that `row` (in device form, after {@link normalizeRow}) breaks, or `undefined`.
 * Covers what the device can evaluate: unknown fields, NOT NULL, STRICT types, one-column CHECKs, the table's
 * multi-column CHECKs and a derived natural key. Pure; the caller decides whether to throw.
 */
export const validateRow = (table: TableName, row: Row, options: ValidateOptions = {}): SchemaViolation | undefined => {
  const spec = tables[table] as TableSpec
  const key = spec.key.every((k) => row[k] !== undefined && row[k] !== null) ? keyOf(table, row) : undefined
  const at = (column: string, rule: SchemaViolation['rule'], extra: Partial<SchemaViolation> = {}): SchemaViolation => ({
    table,
    key,
    column,
    rule,
    ...extra,
  })
  const names = namesOf(table)
  for (const field of Object.keys(row)) {
    if (!names.has(field) && row[field] !== undefined) return at(field, 'unknown-column')
  }
  for (const column of localColumns(table)) {
    const value = row[column.name]
    if (value === undefined && options.pending?.has(column.name) === true) continue
    if (value === undefined || value === null) {
      if (!column.nullable) return at(column.name, 'not-null')
      continue
    }
    if (!hasType(column, value)) {
      return column.kind === 'json' && column.check !== undefined
        ? at(column.name, 'check', { constraint: column.check.constraint })
        : at(column.name, 'type', { expected: EXPECTED[column.kind] })
    }
    if (column.check !== undefined && !passes(column.check, value)) {
      return at(column.name, 'check', { constraint: column.check.constraint })
    }
  }
  for (const check of spec.checks ?? []) {
    if (!check.test(row)) return at(check.column, 'check', { constraint: check.constraint })
  }
  if (spec.derivedKey !== undefined && key !== undefined && options.keyAccepted !== true) {
    const derived = spec.derivedKey(row)
    const keyColumn = spec.key[0] as string
    if (derived !== undefined && derived !== row[keyColumn]) return at(keyColumn, 'natural-key', { expected: 'preferenceId(key, device_id)' })
  }
  return undefined
}
