import type { ConflictRecord } from '../core/conflicts/center'
import type { SyncedTableName } from '../schema/tables'

/** The column a person knows each kind of record by. */
const NAME_COLUMN: Partial<Record<SyncedTableName, string>> = {
  saved_queries: 'name',
  connection_templates: 'name',
  ai_memory_sessions: 'title',
  ai_memory_messages: 'content',
  query_history: 'query_text',
  user_preferences: 'key',
  device_registry: 'device_name',
}

const MAX_LENGTH = 60

/**
 * The record's human name: the query's or connection's name, the chat's title… taken from the last synced version
 * (both sides may have renamed it), else theirs, else mine. Falls back to the key only when there is no name at all.
 */
export const recordName = (record: ConflictRecord): string => {
  const column = NAME_COLUMN[record.table]
  const value = column === undefined ? undefined : [record.base, record.remote, record.local].map((row) => row?.[column]).find((v) => typeof v === 'string' && v.trim() !== '')
  if (typeof value !== 'string') return record.entityId
  const line = value.replace(/\s+/g, ' ').trim()
  return line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH - 1)}…` : line
}
