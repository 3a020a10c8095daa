import type { SyncedTableName } from '../../schema/tables'

/**
 * The order a pulled page's tables are applied in. AI sessions come after messages: a merge of a session recomputes
 * its counts from the messages the device holds, so the page's own messages must be there first.
 */
const LAST: readonly SyncedTableName[] = ['ai_memory_sessions']

export const inApplyOrder = <T>(groups: ReadonlyMap<string, T>): Array<[string, T]> => {
  const entries = [...groups.entries()]
  return [...entries.filter(([t]) => !LAST.includes(t as SyncedTableName)), ...entries.filter(([t]) => LAST.includes(t as SyncedTableName))]
}
