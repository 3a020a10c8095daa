import type { CaptureContext } from '../../ports'
import type { SyncedTableName } from '../../../schema/tables'
import type { Row } from '../../ports'
import { keyValueOf } from '../record'
import type { StoreKey } from '../port'

/** What a script needs of the device besides its tables: ids, the clock, and who this device is. */
export interface ScriptTools {
  readonly newId: () => string
  readonly tick: () => string
  readonly now: () => number
  readonly context: () => CaptureContext | undefined
}

/** The author of an archive row this device writes. */
export const author = (t: ScriptTools): { userId: string; deviceId: string; now: number; tick: () => string; newId: () => string } => {
  const ctx = t.context()
  return { userId: ctx?.userId ?? '', deviceId: ctx?.deviceId ?? '', now: t.now(), tick: t.tick, newId: t.newId }
}

/** The IndexedDB key of a row of a synced table (see `keyValueOf`). */
export const rowKey = (table: SyncedTableName, row: Row): StoreKey => keyValueOf(table, row) as StoreKey
