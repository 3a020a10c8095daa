import { localColumns, tables, type TableName, type TableSpec } from './tables'

type Row = Record<string, unknown>

/**
 * The record as the server would store it (R7): every omitted column that has a schema DEFAULT gets it, a boolean in
 * an INTEGER column becomes 0/1 (booleans are not IndexedDB keys, defect 12), and a table whose key derives from a
 * natural key (user_preferences) gets that key when the record has none. Returns a new object; `row` is not changed.
 */
export const normalizeRow = (table: TableName, row: Readonly<Row>): Row => {
  const out: Row = { ...row }
  for (const column of localColumns(table)) {
    const value = out[column.name]
    if (value === undefined && column.default !== undefined) out[column.name] = column.default
    else if (typeof value === 'boolean' && column.kind === 'integer') out[column.name] = value ? 1 : 0
  }
  const spec = tables[table] as TableSpec
  if (spec.derivedKey !== undefined) {
    const keyColumn = spec.key[0] as string
    if (out[keyColumn] === undefined || out[keyColumn] === null) {
      const derived = spec.derivedKey(out)
      if (derived !== undefined) out[keyColumn] = derived
    }
  }
  return out
}
