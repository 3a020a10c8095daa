import { preferenceId } from '../../schema/preferenceId'
import type { TableName } from '../../schema/tables'
import type { Row } from '../ports'
import type { Sealer } from './createSealer'
import { parseEnvelope } from './envelope'
import { SealingError } from './SealingError'

/**
 * A preference's id on the server, in sealed mode (R7, R11).
 *
 * On the device a global preference's id is {@link preferenceId}: a public function of its key, so every device names
 * it alike without a key at hand (the write capture and a zustand slice need it synchronously). Sent as it is, the
 * id would tell the server every guessable key. So the id is sealed at the boundary, deterministically (`hd1`, bound
 * to table and column only): every device of the user computes the same server id for the same preference, the
 * server learns nothing from it, and the device opens it back into the local id, also for a tombstone, which keeps
 * no `key`. The key token and the value are then bound to this server id, so a key cannot be moved to another row.
 */
const ID_FIELD = { table: 'user_preferences', key: null, column: 'id' } as const

/** The server id of a preference, under the current key or the one `keyId` names. */
export const sealPreferenceId = (sealer: Sealer, localId: string, keyId?: string): Promise<string> => sealer.token(ID_FIELD, localId, keyId)

/**
 * The local id of a preference row from the server: its sealed id opened, or, for a row written before ids were
 * sealed (a plain `pref_…` id), the id as it is. @throws {SealingError} for a sealed id that does not open here.
 */
export const openPreferenceId = async (sealer: Sealer, serverId: unknown): Promise<string | undefined> => {
  const envelope = parseEnvelope(serverId)
  if (envelope === undefined) return undefined
  try {
    return await sealer.open(ID_FIELD, envelope)
  } catch (error) {
    if (!(error instanceof SealingError)) throw error
    throw new SealingError(error.reason, `user_preferences record ${String(serverId)} has an id that does not open here`, { table: 'user_preferences', recordId: String(serverId), column: 'id', cause: error })
  }
}

/**
 * A row written before preference ids were sealed: its key token is bound to table and column only, so the row must
 * carry the id its key derives, or the server moved the token to another preference. A plaintext key (an unsealed
 * version wrote it) is accepted as it is: it may have been redacted, and nothing binds plaintext anyway.
 */
export const checkLegacyPreference = (row: Row, opened: Row, keyWasSealed: boolean): void => {
  if (!keyWasSealed || typeof opened['key'] !== 'string') return
  const deviceId = typeof opened['device_id'] === 'string' ? opened['device_id'] : null
  if (row['id'] === preferenceId(opened['key'], deviceId)) return
  const id = String(row['id'])
  throw new SealingError('tampered', `user_preferences record ${id} holds the key of another preference`, { table: 'user_preferences', recordId: id, column: 'key' })
}

/** Tables whose record key differs on the server in sealed mode. */
export const isPreferenceEntity = (table: TableName, row: Row): boolean =>
  table === 'sync_conflicts_archive' && row['entity_type'] === 'user_preferences' && typeof row['entity_id'] === 'string'
