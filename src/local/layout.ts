import { tables, type TableName } from '../schema/tables'
import { BASE, OUTBOX, QUARANTINE, STATE } from '../core/protocol/layout'

export {
  OUTBOX,
  STATE,
  BASE,
  QUARANTINE,
  entryPk,
  behindPk,
  ENTRY_PREFIX,
  BEHIND_PREFIX,
  LEGACY_SENT_PREFIX,
  basePk,
  quarantinePk,
  ALL_SYNC_TABLES,
  isSyncedTable,
  UNUSABLE,
  type BaseSnapshot,
} from '../core/protocol/layout'
export type { OutboxEntry } from '../core/protocol/outbox'

const primaryKeySpec = (name: TableName): string => {
  const key = tables[name].key
  return key.length === 1 ? (key[0] as string) : `[${key.join('+')}]`
}

/** Dexie store definitions for version 1 of the local schema. */
export const storesV1 = (): Record<string, string> => {
  const stores: Record<string, string> = {}
  for (const name of Object.keys(tables) as TableName[]) {
    stores[name] = [primaryKeySpec(name), ...tables[name].localIndexes].join(', ')
  }
  stores[OUTBOX] = 'pk, order, [table+key]'
  stores[STATE] = 'k'
  stores[BASE] = 'pk'
  return stores
}

/** Version 2 adds the quarantine (I9). Later versions append here; never edit a published version. */
export const storesV2 = (): Record<string, string> => ({ ...storesV1(), [QUARANTINE]: 'pk, table' })

/** Version 3 indexes held entries (a manual conflict waiting for the user), so counting what is pending stays cheap. */
export const storesV3 = (): Record<string, string> => ({ ...storesV2(), [OUTBOX]: 'pk, order, [table+key], held' })

export const SCHEMA_VERSION = 4

export { keyColumnsOf } from '../core/protocol/record'

