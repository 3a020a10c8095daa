import { SYNCED_TABLES, tables, type SyncedTableName, type TableName } from '../schema/tables'
import type { Row } from '../core/ports'

/** Internal Dexie tables beside the 11 mirrored ones. */
export const OUTBOX = '_outbox'
export const STATE = '_state'
export const BASE = '_base'
export const QUARANTINE = '_quarantine'

/**
 * An outbox entry. One *unsent* entry per record at most (edits coalesce into it); once sent, an entry is re-keyed
 * and frozen, so an edit made while it is in flight (or after its response was lost) queues behind it instead of
 * overwriting it (I2, I4).
 */
export interface OutboxEntry {
  /** `u␟table␟key` while unsent, `s␟table␟key␟mutationId` once sent. */
  pk: string
  table: SyncedTableName
  key: string
  op: 'upsert' | 'delete'
  mutationId: string
  /** Server version the change is based on. Used for deletes; upserts read it from the row at push time. */
  baseVersion: number
  /** Enqueue order: the HLC of the first edit. */
  order: string
  /** 0 unsent, 1 sent at least once (possibly committed). An index-friendly number, never a boolean. */
  sent: 0 | 1
  /** For deletes: the key columns, so the server statement can address the row. */
  keyColumns: Row
}

export interface BaseSnapshot {
  pk: string
  table: SyncedTableName
  key: string
  row: Row
}

export const SEP = '\u001f'
export const unsentPk = (table: string, key: string): string => `u${SEP}${table}${SEP}${key}`
export const sentPrefix = (table: string, key: string): string => `s${SEP}${table}${SEP}${key}${SEP}`
export const sentPk = (table: string, key: string, mutationId: string): string =>
  `${sentPrefix(table, key)}${mutationId}`
export const basePk = (table: string, key: string): string => `${table}${SEP}${key}`

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

export const SCHEMA_VERSION = 2

/** Every table a sync transaction may touch: the synced tables and the outbox, merge bases and quarantine. */
export const ALL_SYNC_TABLES: readonly string[] = [...SYNCED_TABLES, OUTBOX, BASE, QUARANTINE]

/** The key columns of a row, which address it when the row itself is gone (deletes). */
export const keyColumnsOf = (name: SyncedTableName, row: Row): Row =>
  Object.fromEntries(tables[name].key.map((k) => [k, row[k]]))

export const isSyncedTable = (name: string): name is SyncedTableName =>
  (SYNCED_TABLES as readonly string[]).includes(name)
