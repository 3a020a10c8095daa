import type { SyncedTableName } from '../../schema/tables'
import type { Row } from '../ports'

/**
 * The order a pulled page's tables are applied in. AI sessions come after messages: a merge of a session recomputes
 * its counts from the messages the device holds, so the page's own messages must be there first.
 */
const LAST: readonly SyncedTableName[] = ['ai_memory_sessions']

export const inApplyOrder = <T>(groups: ReadonlyMap<string, T>): Array<[string, T]> => {
  const entries = [...groups.entries()]
  return [...entries.filter(([t]) => !LAST.includes(t as SyncedTableName)), ...entries.filter(([t]) => LAST.includes(t as SyncedTableName))]
}

/**
 * The sessions whose counts a page's messages change (I7). A session with a local change waiting carries the counts
 * the app took from its local messages; once the page's messages are in, that change counts their union instead
 * (the merge rule for sessions, applied where the messages arrive; a session already in flight is merged against the
 * server's totals when its outcome comes back).
 */
export const sessionsToRecount = (rows: ReadonlyArray<{ readonly table: SyncedTableName; readonly row: Row }>): Set<string> =>
  new Set(rows.filter((r) => r.table === 'ai_memory_messages').map((r) => String(r.row['session_id'])))
