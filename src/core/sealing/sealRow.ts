import { sealedColumns } from '../../schema/sealing'
import { keyOf, type TableName } from '../../schema/tables'
import type { Row } from '../ports'
import { parseEnvelope } from './envelope'
import type { Sealer } from './createSealer'
import { SealingError } from './SealingError'

/**
 * A row's sealed columns sealed, in the device form (a JSON column's envelope is a string value, which the codec
 * sends as a JSON string, so the column stays `json_valid`). NULL stays NULL: that a value is absent is not content.
 */
export const sealRow = async (sealer: Sealer, table: TableName, row: Row): Promise<Row> => {
  const columns = sealedColumns(table)
  if (columns.length === 0) return row
  const key = keyOf(table, row)
  const out: Row = { ...row }
  await Promise.all(
    columns.map(async ({ name, json, deterministic }) => {
      const value = row[name]
      if (value === null || value === undefined) return
      const plaintext = json ? JSON.stringify(value) : typeof value === 'string' ? value : String(value)
      const field = { table, key, column: name }
      out[name] = deterministic ? await sealer.token(field, plaintext) : await sealer.seal(field, plaintext)
    }),
  )
  return out
}

/**
 * Opens a row from the server. A value that is not an envelope was written by an unsealed version and is read as it
 * is (it is sealed on its next write).
 *
 * @throws {SealingError} for an envelope that does not open here: unknown key, tampered, moved, malformed.
 */
export const openRow = async (sealer: Sealer, table: TableName, row: Row): Promise<Row> => {
  const columns = sealedColumns(table)
  let out: Row | undefined
  const key = keyOf(table, row)
  await Promise.all(
    columns.map(async ({ name, json }) => {
      const envelope = parseEnvelope(row[name])
      if (envelope === undefined) return
      const plaintext = await sealer.open({ table, key, column: name }, envelope)
      let value: unknown = plaintext
      if (json) {
        try {
          value = JSON.parse(plaintext)
        } catch (cause) {
          throw new SealingError('malformed', `${table} record ${key} column ${name} opens to invalid JSON`, { table, recordId: key, column: name, cause })
        }
      }
      ;(out ??= { ...row })[name] = value
    }),
  )
  return out ?? row
}

/** Does the row carry any envelope (an unopened value must never reach IndexedDB)? */
export const hasEnvelope = (table: TableName, row: Row): boolean => sealedColumns(table).some(({ name }) => parseEnvelope(row[name]) !== undefined)
