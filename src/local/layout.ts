import { SYNCED_TABLES, tables, type SyncedTableName, type TableName } from '../schema/tables'
import type { Row } from '../core/ports'
import type { OutboxEntry } from '../core/protocol/outbox'
import { SEP, recordId } from '../schema/record'

/** Internal Dexie tables beside the 11 mirrored ones. */
export const OUTBOX = '_outbox'
export const STATE = '_state'
export const BASE = '_base'
export const QUARANTINE = '_quarantine'

export type { OutboxEntry } from '../core/protocol/outbox'

export interface BaseSnapshot {
  pk: string
  table: SyncedTableName
  key: string
  row: Row
}

export const unsentPk = (table: string, key: string): string => `u${SEP}${table}${SEP}${key}`
/** Every sent entry's pk starts with this; a table's sent entries with `sentTablePrefix(table)`. */
export const SENT_PREFIX = `s${SEP}`
export const sentTablePrefix = (table: string): string => `${SENT_PREFIX}${table}${SEP}`
export const sentPrefix = (table: string, key: string): string => `${sentTablePrefix(table)}${key}${SEP}`
/** The record key of a sent entry's pk (compound keys, which hold the separator, are never pushed). */
export const keyOfSentPk = (table: string, pk: string): string => pk.slice(sentTablePrefix(table).length, pk.lastIndexOf(SEP))
export const sentPk = (table: string, key: string, mutationId: string): string =>
  `${sentPrefix(table, key)}${mutationId}`
/** The merge base's key; the quarantine's is the same record id. */
export const basePk = recordId
export const quarantinePk = recordId

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

export const SCHEMA_VERSION = 3

/** Every table a sync transaction may touch: the synced tables and the outbox, merge bases and quarantine. */
export const ALL_SYNC_TABLES: readonly string[] = [...SYNCED_TABLES, OUTBOX, BASE, QUARANTINE]

export { keyColumnsOf } from '../core/protocol/record'

export const isSyncedTable = (name: string): name is SyncedTableName =>
  (SYNCED_TABLES as readonly string[]).includes(name)
