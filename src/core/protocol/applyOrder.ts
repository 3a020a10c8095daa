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

export interface Totals {
  readonly count: number
  readonly tokens: number
}

/**
 * A session's totals over the union of the server's messages and this device's, for a session the server just
 * applied, when this device's view is incomplete (I7): the server's totals plus the local messages the server cannot
 * have yet (never acknowledged, never sent). Undefined, so that nothing is corrected, when the device holds every
 * message the server has (the app's counts are its own, over the whole union), or while one of the session's
 * messages is in flight (it may or may not be among the server's).
 */
export const unionTotals = (server: Totals, local: readonly Row[], inFlight: (messageId: string) => boolean): Totals | undefined => {
  const unsynced = local.filter((m) => Number(m['sync_version'] ?? 0) === 0)
  if (local.length - unsynced.length >= server.count) return undefined
  if (unsynced.some((m) => inFlight(String(m['id'])))) return undefined
  return {
    count: server.count + unsynced.length,
    tokens: server.tokens + unsynced.reduce((sum, m) => sum + Number(m['token_count'] ?? 0), 0),
  }
}
