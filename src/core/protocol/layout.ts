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

/**
 * The outbox has two slots per record. The record's entry (`u␟table␟key`) holds its unsent change, or, once an upload
 * took it, the same entry marked sent in place (one write, no re-keying). An edit made while that entry is in flight
 * queues behind it (`b␟table␟key`) and moves into the record's slot when the sent one leaves (acknowledged,
 * refused, settled). The upload reads records' slots only, so a change queued behind is never sent before the one
 * in front of it (R5).
 */
export const entryPk = (table: string, key: string): string => `u${SEP}${table}${SEP}${key}`
export const behindPk = (table: string, key: string): string => `b${SEP}${table}${SEP}${key}`
/** Every record slot's pk starts with this; a table's with `entryPk(table, '')`. */
export const ENTRY_PREFIX = `u${SEP}`
export const BEHIND_PREFIX = `b${SEP}`
/** The record slot's pk of a queued-behind pk (and of a slot pk, itself). */
export const slotOf = (pk: string): string => (pk.startsWith(BEHIND_PREFIX) ? `u${pk.slice(1)}` : pk)
/** The queued-behind pk of a record slot's pk. */
export const behindOf = (slot: string): string => `b${slot.slice(1)}`
/** Sent entries of local schema version 3 and before (`s␟table␟key␟mutationId`), moved into the slots by version 4. */
export const LEGACY_SENT_PREFIX = `s${SEP}`
/** The merge base's key; the quarantine's is the same record id. */
export const basePk = recordId
export const quarantinePk = recordId

/** Every table a sync transaction may touch: the synced tables and the outbox, merge bases and quarantine. */
export const ALL_SYNC_TABLES: readonly string[] = [...SYNCED_TABLES, OUTBOX, BASE, QUARANTINE]

export const isSyncedTable = (name: string): name is SyncedTableName => (SYNCED_TABLES as readonly string[]).includes(name)

/** `_state` key of the pulled rows set aside (R14): a list beside the quarantine. */
export const UNUSABLE = 'unusable'
