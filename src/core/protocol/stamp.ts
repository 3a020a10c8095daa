import { keyOf, type SyncedTableName } from '../../schema/tables'
import { keyAccepted, validateRow } from '../../schema/validateRow'
import { SchemaError } from '../../schema/SchemaError'
import type { CaptureContext, Row } from '../ports'

/** Who stamps an edit: the writer's identity and clock (`receive` folds in a clock it has seen, R2). */
export type Stamper = Pick<CaptureContext, 'userId' | 'deviceId' | 'now' | 'tick' | 'newId'> & { readonly receive?: (hlc: string) => void }

/**
 * The sync columns of a new local edit, in one place for every write (R1, R2):
 * - `sync_version` and `server_seq` come from `basedOn`, the stored version this edit overwrites (a caller's copy
 *   may be stale); with none, the edit is new to the server (0);
 * - `hlc`, `mutation_id`, `origin_device_id` and `updated_at` are new for every edit, and the clock ticks after the
 *   overwritten version's, whatever the wall clocks say (R2);
 * - `user_id` and `created_at` are kept, or filled when missing.
 */
export const stampEdit = (ctx: Stamper, value: Row, basedOn: Row | undefined): Row => {
  const now = ctx.now()
  if (typeof basedOn?.['hlc'] === 'string') ctx.receive?.(basedOn['hlc'])
  return {
    ...value,
    user_id: value['user_id'] ?? basedOn?.['user_id'] ?? ctx.userId,
    created_at: value['created_at'] ?? basedOn?.['created_at'] ?? now,
    updated_at: now,
    deleted_at: null,
    sync_version: basedOn?.['sync_version'] ?? 0,
    server_seq: basedOn?.['server_seq'] ?? 0,
    hlc: ctx.tick(),
    mutation_id: ctx.newId(),
    origin_device_id: ctx.deviceId,
  }
}

/**
 * Stamps an app's write of `table` over `stored` and checks it against the schema (R7): a row the server would
 * refuse, or a record of another user, throws a {@link SchemaError} and nothing of the write is stored.
 */
export const stampWrite = (ctx: Stamper, table: SyncedTableName, value: Row, stored: Row | undefined): Row => {
  const row = stampEdit(ctx, value, stored)
  // user_id is defence in depth (per-user databases isolate users): a record of another user is never written.
  const user = row['user_id']
  if (ctx.userId !== '' && user !== '' && user !== ctx.userId) {
    throw new SchemaError({ table, key: keyOf(table, row), column: 'user_id', rule: 'user' })
  }
  const violation = validateRow(table, row, { keyAccepted: keyAccepted(table, row, stored) })
  if (violation !== undefined) throw new SchemaError(violation)
  return row
}
