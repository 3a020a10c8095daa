import type { SyncEngine } from '@howlerops/sync'
import type { Connection, DemoStore, HistoryEntry, Message, Query, Session } from './store'

let counter = 0
/** Ids that sort by creation time (chat messages are listed in id order), unique across devices. */
export const newId = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}${(++counter % 1296).toString(36).padStart(2, '0')}-${crypto.randomUUID().slice(0, 8)}`

export const newQuery = (name: string, queryText: string): Query => ({
  id: newId('q'),
  name,
  description: null,
  query_text: queryText,
  connection_id: 'conn-prod',
  folder: null,
  tags: null,
  is_favorite: 0,
})

export const newConnection = (name: string, host: string, password: string): Connection => ({
  connection_id: newId('conn'),
  name,
  type: 'postgres',
  host,
  port: 5432,
  database_name: 'app',
  file_path: null,
  username: 'app',
  ssl_mode: 'require',
  parameters: null,
  ssh_tunnel: null,
  environment: 'production',
  color: '#d1242f',
  folder: null,
  tags: null,
  ...(password === '' ? {} : { password }),
})

export const historyEntry = (queryText: string, privacy: 'normal' | 'private'): HistoryEntry => ({
  id: newId('h'),
  connection_id: 'conn-prod',
  query_text: queryText,
  executed_at: Date.now(),
  duration_ms: 3 + Math.floor(Math.random() * 40),
  rows_affected: 10,
  status: 'success',
  error_message: null,
  privacy_mode: privacy,
})

export const chatMessage = (sessionId: string, role: 'user' | 'assistant', content: string): Message => ({
  id: newId('m'),
  session_id: sessionId,
  role,
  content,
  content_encoding: 'identity',
  token_count: Math.ceil(content.length / 4),
  metadata: null,
})

/** Adds a message and keeps the session's counters in step (the merge strategy recomputes them on conflict). */
export const addChatMessage = (store: DemoStore, session: Session, message: Message): void => {
  const { put, patch } = store.getState()
  put('messages', message.id, message)
  patch('sessions', session.id, {
    message_count: session.message_count + 1,
    token_count: session.token_count + message.token_count,
    last_message_at: Date.now(),
  })
}

const sample = (): { connections: Connection[]; queries: Query[]; history: HistoryEntry[]; session: Session; messages: Message[] } => {
  const session: Session = {
    id: 'ai-slow-query',
    title: 'Why is the orders report slow?',
    connection_id: 'conn-prod',
    model: 'howler-mini',
    summary: null,
    message_count: 0,
    token_count: 0,
    last_message_at: null,
    metadata: null,
  }
  return {
    connections: [{ ...newConnection('Production', 'db.acme.internal', 'hunter2'), connection_id: 'conn-prod' }],
    queries: [
      { ...newQuery('Top users', 'SELECT * FROM users ORDER BY karma DESC LIMIT 10'), id: 'q-top-users' },
      { ...newQuery('Orders today', "SELECT count(*) FROM orders WHERE created_at >= date('now')"), id: 'q-orders-today', is_favorite: 1 },
    ],
    history: [
      historyEntry('SELECT * FROM users ORDER BY karma DESC LIMIT 10', 'normal'),
      historyEntry('SELECT name, salary FROM payroll WHERE team = \'exec\'', 'private'),
    ],
    session,
    messages: [
      chatMessage(session.id, 'user', 'The orders report takes 8 s. Why?'),
      chatMessage(session.id, 'assistant', 'It scans orders: add an index on orders(created_at) and filter on it.'),
    ],
  }
}

/**
 * Fills an empty account with a few records, once per device, and only after the first sync has shown that the
 * server holds nothing yet (so a second device, or a cleared browser, never adds a duplicate).
 */
export const seedWhenEmpty = (engine: SyncEngine, store: DemoStore): (() => void) => {
  const attempt = (): boolean => {
    const status = engine.getStatus()
    if (!store.persist.hasHydrated() || status.lastSyncedAt === null || status.phase !== 'idle' || !status.isLeader) return false
    const s = store.getState()
    if (s.seeded) return true
    const empty = [s.connections, s.savedQueries, s.history, s.sessions, s.messages].every((slice) => Object.keys(slice).length === 0)
    if (empty) {
      const data = sample()
      for (const c of data.connections) s.put('connections', c.connection_id, c)
      for (const q of data.queries) s.put('savedQueries', q.id, q)
      for (const h of data.history) s.put('history', h.id, h)
      store.getState().put('sessions', data.session.id, data.session)
      for (const m of data.messages) addChatMessage(store, store.getState().sessions[data.session.id]!, m)
    }
    store.setState({ seeded: true })
    return true
  }
  if (attempt()) return () => {}
  const unsubscribe = engine.subscribe(() => {
    if (attempt()) unsubscribe()
  })
  return unsubscribe
}
