import { createSealer, type SealingKeys } from '../core/sealing/createSealer.js'
import { openRow } from '../core/sealing/sealRow.js'
import type { Row } from '../core/ports.js'
import { localColumns, type TableName } from '../schema/tables.js'

/**
 * A JSON column in the server's form (TEXT, as `emulator.query` and `@libsql/client` return it) parsed to the device
 * form. A string that is not JSON text is already in the device form (an envelope, or a plain string value).
 */
const toDeviceForm = (table: TableName, row: Row): Row => {
  let out: Row | undefined
  for (const { name, kind } of localColumns(table)) {
    const value = row[name]
    if (kind !== 'json' || typeof value !== 'string') continue
    try {
      ;(out ??= { ...row })[name] = JSON.parse(value)
    } catch {
      // Not JSON text: the device form already.
    }
  }
  return out ?? row
}

/**
 * Opens server rows of a sealing app with the user's content keys, for tests and tooling that inspect a user's
 * server database. It takes a row as the server returns it (JSON columns as TEXT) or in the device form, and
 * returns the device form (JSON columns parsed) with every envelope opened; plaintext values of an unsealed version
 * come back as they are.
 *
 * @throws {SealingError} for an envelope that does not open with these keys.
 */
export const createRowOpener = async (keys: SealingKeys): Promise<(table: TableName, row: Row) => Promise<Row>> => {
  const sealer = await createSealer(globalThis.crypto, keys)
  return (table, row) => openRow(sealer, table, toDeviceForm(table, row))
}
