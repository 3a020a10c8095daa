import { createSealer, type SealingKeys } from '../core/sealing/createSealer.js'
import { openRow } from '../core/sealing/sealRow.js'
import type { Row } from '../core/ports.js'
import type { TableName } from '../schema/tables.js'

/**
 * Opens server rows of a sealing app with the user's content keys, for tests and tooling that inspect a user's
 * server database (R11): the row in device form (JSON columns parsed), every envelope opened, plaintext values of
 * an unsealed version as they are.
 *
 * @throws {SealingError} for an envelope that does not open with these keys.
 */
export const createRowOpener = async (keys: SealingKeys): Promise<(table: TableName, row: Row) => Promise<Row>> => {
  const sealer = await createSealer(globalThis.crypto, keys)
  return (table, row) => openRow(sealer, table, row)
}
