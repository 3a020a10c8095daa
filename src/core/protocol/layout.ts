import { SYNCED_TABLES, type SyncedTableName } from '../../schema/tables'
import type { Row } from '../ports'
import { SEP, recordId } from '../../schema/record'

/** The device's sync tables beside the 11 mirrored ones, as the protocol's scripts name them. */
export const OUTBOX = '_outbox'
export const STATE = '_state'
export const BASE = '_base'
export const QUARANTINE = '_quarantine'

/** A record's 3-way merge base: the server row its pending local change started from. */
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
export const sentPk = (table: string, key: string, mutationId: string): string => `${sentPrefix(table, key)}${mutationId}`
/** The merge base's key; the quarantine's is the same record id. */
export const basePk = recordId
export const quarantinePk = recordId

/** Every table a sync transaction may touch: the synced tables and the outbox, merge bases and quarantine. */
export const ALL_SYNC_TABLES: readonly string[] = [...SYNCED_TABLES, OUTBOX, BASE, QUARANTINE]

export const isSyncedTable = (name: string): name is SyncedTableName => (SYNCED_TABLES as readonly string[]).includes(name)

/** `_state` key of the pulled rows set aside (R14): a list beside the quarantine. */
export const UNUSABLE = 'unusable'
