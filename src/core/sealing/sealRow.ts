import { sealedColumns } from '../../schema/sealing'
import { keyOf, type TableName } from '../../schema/tables'
import type { OutgoingChange, Row } from '../ports'
import { parseEnvelope } from './envelope'
import type { Sealer } from './createSealer'
import { checkLegacyPreference, isPreferenceEntity, openPreferenceId, sealPreferenceId } from './preferenceServerId'
import { SealingError } from './SealingError'

/**
 * A row's sealed columns sealed, in the device form (a JSON column's envelope is a string value, which the codec
 * sends as a JSON string, so the column stays `json_valid`). NULL stays NULL: that a value is absent is not content.
 * A preference travels under its sealed server id, and every sealed column is bound to that id.
 */
export const sealRow = async (sealer: Sealer, table: TableName, row: Row): Promise<Row> => {
  const columns = sealedColumns(table)
  if (columns.length === 0) return row
  const out: Row = { ...row }
  if (table === 'user_preferences' && typeof row['id'] === 'string') out['id'] = await sealPreferenceId(sealer, row['id'])
  if (isPreferenceEntity(table, row) && parseEnvelope(row['entity_id']) === undefined) {
    out['entity_id'] = await sealPreferenceId(sealer, row['entity_id'] as string)
  }
  const key = keyOf(table, out)
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

/** A change as it goes to the server: an upsert's row sealed, a preference's key (a delete's too) its server id. */
export const sealChange = async (sealer: Sealer, change: OutgoingChange): Promise<OutgoingChange> => {
  if (change.op === 'upsert') {
    const row = await sealRow(sealer, change.table, change.row)
    return { ...change, key: keyOf(change.table, row), row }
  }
  if (change.table !== 'user_preferences') return change
  const id = await sealPreferenceId(sealer, change.key)
  return { ...change, key: id, row: { ...change.row, id } }
}

/** A row this device sent: as sealed (its envelopes) and as it was before sealing. */
export interface SentRow {
  readonly sealed: Row
  readonly plain: Row
}

/**
 * Opens a row from the server. A value that is not an envelope was written by an unsealed version and is read as it
 * is (it is sealed on its next write). A preference comes back under its local id.
 *
 * @throws {SealingError} for an envelope that does not open here: unknown key, tampered, moved, malformed; and for a
 * preference row that holds another preference's key.
 *
 * `sent`: the row this device pushed, when `row` is the server's answer to it. A column holding exactly the envelope
 * sent is the value sealed into it (an envelope is never equal by chance), so it is taken without decrypting: the push
 * does not pay a decryption per column for its own rows.
 */
export const openRow = async (sealer: Sealer, table: TableName, row: Row, sent?: SentRow): Promise<Row> => {
  const columns = sealedColumns(table)
  let out: Row | undefined
  const key = keyOf(table, row)
  const localId = table === 'user_preferences' ? await openPreferenceId(sealer, row['id']) : undefined
  // A key token written before preference ids were sealed is bound to table and column only.
  const legacy = table === 'user_preferences' && localId === undefined
  await Promise.all(
    columns.map(async ({ name, json, deterministic }) => {
      if (sent !== undefined && typeof row[name] === 'string' && row[name] === sent.sealed[name] && name in sent.plain) {
        // The envelope this device sent for this column: it opens to what the device sealed (no decryption needed).
        const value = sent.plain[name]
        ;(out ??= { ...row })[name] = json ? JSON.parse(JSON.stringify(value)) : typeof value === 'string' ? value : String(value)
        return
      }
      const envelope = parseEnvelope(row[name])
      if (envelope === undefined) return
      const plaintext = await sealer.open({ table, key: deterministic && legacy ? null : key, column: name }, envelope)
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
  if (legacy && out !== undefined) checkLegacyPreference(row, out, parseEnvelope(row['key']) !== undefined)
  if (localId !== undefined) (out ??= { ...row })['id'] = localId
  if (isPreferenceEntity(table, row)) {
    const entity = await openPreferenceId(sealer, row['entity_id'])
    if (entity !== undefined) (out ??= { ...row })['entity_id'] = entity
  }
  return out ?? row
}

/** Does the row carry any envelope (an unopened value must never reach IndexedDB)? */
export const hasEnvelope = (table: TableName, row: Row): boolean => sealedColumns(table).some(({ name }) => parseEnvelope(row[name]) !== undefined)
