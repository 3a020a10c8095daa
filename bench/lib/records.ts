import { SYNCED_TABLES, type SyncedTableName } from '../../src/schema/tables'
import { preferenceId } from '../../src/schema/preferenceId'

/**
 * App-shaped rows for every synced table, as the app hands them to Dexie (the write capture stamps the sync
 * columns). Sizes follow Howlerops' data: short preferences, ~150-byte SQL, ~600-byte AI messages.
 */
export type Row = Record<string, unknown>

const sql = (i: number): string =>
  `select o.id, o.total, c.name from orders o join customers c on c.id = o.customer_id where o.created_at > ${1_700_000_000 + i} order by o.total desc limit 100`

const words = ['index', 'join', 'plan', 'scan', 'query', 'table', 'rows', 'cost', 'turso', 'sync', 'cache', 'page']
const prose = (i: number, length: number): string => {
  let text = ''
  for (let k = 0; text.length < length; k++) text += `${words[(i * 7 + k * 3) % words.length]} `
  return text.slice(0, length)
}

export const makeRow = (table: SyncedTableName, i: number, tag = 'r'): Row => {
  const id = `${tag}-${table}-${i}`
  switch (table) {
    case 'user_preferences':
      return { id: preferenceId(`pref.${tag}.${i}`), device_id: null, key: `pref.${tag}.${i}`, value: { theme: i % 2 === 0 ? 'dark' : 'light', fontSize: 12 + (i % 6) } }
    case 'connection_templates':
      return {
        connection_id: id,
        name: `Connection ${i}`,
        type: 'postgres',
        host: `db-${i % 50}.internal.example.com`,
        port: 5432,
        database_name: `app_${i % 20}`,
        file_path: null,
        username: 'readonly',
        ssl_mode: 'require',
        parameters: { application_name: 'howlerops' },
        ssh_tunnel: null,
        environment: i % 3 === 0 ? 'production' : 'staging',
        color: '#3366ff',
        folder: i % 4 === 0 ? 'clients' : null,
        tags: ['bench'],
      }
    case 'query_history':
      return { id, connection_id: `c${i % 10}`, query_text: sql(i), executed_at: 1_700_000_000_000 + i, duration_ms: 12 + (i % 90), rows_affected: i % 100, status: 'success', error_message: null, privacy_mode: 'normal' }
    case 'saved_queries':
      return { id, name: `Saved query ${i}`, description: i % 3 === 0 ? `Weekly report ${i}` : null, query_text: sql(i), connection_id: `c${i % 10}`, folder: i % 2 === 0 ? 'reports' : null, tags: ['bench', `t${i % 7}`], is_favorite: i % 5 === 0 ? 1 : 0 }
    case 'ai_memory_sessions':
      return { id, title: `Session ${i}`, connection_id: `c${i % 10}`, model: 'gpt-4o', summary: prose(i, 120), message_count: 0, token_count: 0, last_message_at: 1_700_000_000_000 + i, metadata: null }
    case 'ai_memory_messages':
      return { id, session_id: `${tag}-ai_memory_sessions-${i % 50}`, role: i % 2 === 0 ? 'user' : 'assistant', content: prose(i, 600), content_encoding: 'identity', token_count: 150, metadata: null }
    case 'device_registry':
      return { device_id: id, device_name: `Bench device ${i}`, device_type: 'laptop', browser: 'Chromium', os: 'Linux', app_version: '1.0.0', is_active: 1, registered_at: 1_700_000_000_000, last_seen: 1_700_000_000_000, last_sync: null }
    case 'sync_conflicts_archive':
      return { id, entity_type: 'saved_queries', entity_id: `q${i}`, device_id: 'bench', strategy: 'keep-both', resolution: 'both', base_snapshot: null, local_snapshot: { name: 'a' }, remote_snapshot: { name: 'b' }, resolved_snapshot: null, resolved_by: 'auto', detected_at: 1_700_000_000_000 + i, resolved_at: 1_700_000_000_000 + i }
  }
}

/** `count` rows spread evenly (round robin) over `over`. */
export const spreadRows = (count: number, over: readonly SyncedTableName[] = SYNCED_TABLES, tag = 'r'): Map<SyncedTableName, Row[]> => {
  const byTable = new Map<SyncedTableName, Row[]>(over.map((t) => [t, []]))
  for (let i = 0; i < count; i++) {
    const table = over[i % over.length] as SyncedTableName
    const rows = byTable.get(table) as Row[]
    rows.push(makeRow(table, rows.length, tag))
  }
  return byTable
}

/**
 * A user's data as it accumulates: mostly query history and AI messages. Used for the 10,000-record bootstrap.
 * Shares (percent): history 40, messages 35, saved queries 10, sessions 7, connections 4, preferences 4.
 */
export const MIX: ReadonlyArray<readonly [SyncedTableName, number]> = [
  ['query_history', 40],
  ['ai_memory_messages', 35],
  ['saved_queries', 10],
  ['ai_memory_sessions', 7],
  ['connection_templates', 4],
  ['user_preferences', 4],
]

export const mixedRows = (count: number, tag = 'r'): Map<SyncedTableName, Row[]> => {
  const byTable = new Map<SyncedTableName, Row[]>()
  let given = 0
  MIX.forEach(([table, share], i) => {
    const n = i === MIX.length - 1 ? count - given : Math.round((count * share) / 100)
    given += n
    byTable.set(table, Array.from({ length: n }, (_, k) => makeRow(table, k, tag)))
  })
  return byTable
}

export const countRows = (byTable: ReadonlyMap<SyncedTableName, readonly Row[]>): number =>
  [...byTable.values()].reduce((n, rows) => n + rows.length, 0)
