// At rest (I10): nothing secret is written to IndexedDB, at any depth, and the zustand middleware keeps in memory
// exactly what the database strips, because both read one secret rule.
import { describe, expect, it, vi } from 'vitest'
import { createStore } from 'zustand/vanilla'
import { createLocalDatabase, stripRowSecrets, type SyncDatabase } from '@howlerops/sync/dexie'
import { syncedPersist } from '@howlerops/sync/zustand'
import { preferenceId } from '@howlerops/sync'

const P1 = preferenceId('openai.apiKey')
const P2 = preferenceId('theme')

const GH = 'ghp_R4nd0mT0k3nV4lu3xxxxxxxxxxxxxxxxxxx1'
const SAS = 'sv=2022-11-02&ss=b&sig=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA%3D%3D'

let n = 0
const dbName = (p: string): string => `${p}-${++n}-${Math.random().toString(36).slice(2)}`

const dump = async (db: SyncDatabase): Promise<string> => {
  const parts: string[] = []
  for (const table of db.tables) parts.push(JSON.stringify(await table.toArray()))
  return parts.join('\n')
}

interface State {
  connections: Record<string, Record<string, unknown>>
  prefs: Record<string, Record<string, unknown>>
  sessions: Record<string, Record<string, unknown>>
  integrations: Record<string, unknown>
}

const store = (db: SyncDatabase) =>
  createStore<State>()(
    syncedPersist(() => ({ connections: {}, prefs: {}, sessions: {}, integrations: {} }), {
      name: `s-${++n}`,
      db,
      tables: { connections: 'connection_templates', prefs: 'user_preferences', sessions: 'ai_memory_sessions' },
    }),
  )

const connection = (patch: Record<string, unknown> = {}): Record<string, unknown> => ({
  connection_id: 'c1', name: 'prod', type: 'clickhouse', host: 'db', port: 8443, database_name: 'app', file_path: null,
  username: 'me', ssl_mode: null, environment: null, color: null, folder: null, tags: null, ssh_tunnel: null,
  parameters: { headers: { 'X-ClickHouse-Key': 'ck-9f8e7d6c5b4a', accept: 'json' }, sas: SAS, region: 'eu' },
  ...patch,
})

describe('one secret rule for the database and the middleware', () => {
  it('a field named secret on createLocalDatabase stays in zustand state after the write is re-read', async () => {
    const db = createLocalDatabase(dbName('rule'), { secretFields: ['pin_code'] })
    const s = store(db)
    await vi.waitFor(() => expect(s.persist.hasHydrated()).toBe(true))
    s.setState({ connections: { c1: connection({ pin_code: '4711-typed-in-form' }) } })
    await vi.waitFor(async () => expect(await db.connection_templates.get('c1')).toBeDefined())
    expect(await dump(db)).not.toContain('4711-typed-in-form')
    // Another tab or the engine changes the row: the middleware re-reads it and must keep what the user typed.
    const stored = await db.connection_templates.get('c1')
    await db.sync.writeUncaptured(['connection_templates'], async () => {
      await db.connection_templates.put({ ...stored!, name: 'production', sync_version: 2 })
    })
    await vi.waitFor(() => expect(s.getState().connections['c1']?.['name']).toBe('production'))
    expect(s.getState().connections['c1']?.['pin_code']).toBe('4711-typed-in-form')
  })
})

describe('nothing secret in IndexedDB, at any depth', () => {
  it('strips nested header keys, SAS parameters, metadata keys and credential preference values, and keeps them in memory', async () => {
    const db = createLocalDatabase(dbName('deep'))
    const s = store(db)
    await vi.waitFor(() => expect(s.persist.hasHydrated()).toBe(true))
    s.setState({
      connections: { c1: connection() },
      prefs: { [P1]: { id: P1, device_id: null, key: 'openai.apiKey', value: 'sk-proj-abcDEF1234567890abcdef' }, [P2]: { id: P2, device_id: null, key: 'theme', value: 'dark' } },
      sessions: { a1: { id: 'a1', title: 'chat', metadata: { apiKey: 'meta-key-123456', nested: [{ client_secret: 'cs-98765' }], model: 'x' } } },
      integrations: { github: { token: GH, owner: 'me' }, list: [{ password: 'pw-in-remainder-1' }] },
    })
    await vi.waitFor(async () => {
      expect(await db.user_preferences.count()).toBe(2)
      expect(await db.table('_state').count()).toBeGreaterThan(0)
    })
    const text = await dump(db)
    for (const secret of ['ck-9f8e7d6c5b4a', 'Zm9vYmFy', 'sk-proj-abcDEF', 'meta-key-123456', 'cs-98765', GH, 'pw-in-remainder-1']) {
      expect(text).not.toContain(secret)
    }
    expect(text).toContain('"accept":"json"')
    expect(text).toContain('"owner":"me"')
    expect((await db.user_preferences.get(P2))?.value).toBe('dark')
    expect((await db.user_preferences.get(P1))?.value).toBe('[REDACTED]')
    // Memory keeps what the user entered.
    expect(s.getState().prefs[P1]?.['value']).toBe('sk-proj-abcDEF1234567890abcdef')
    expect(s.getState().integrations).toMatchObject({ github: { token: GH } })
    // An outside change re-read keeps the in-memory secrets.
    await db.sync.writeUncaptured(['user_preferences'], async () => {
      const row = await db.user_preferences.get(P1)
      await db.user_preferences.put({ ...row!, key: 'openai.api_key', sync_version: 3 })
    })
    await vi.waitFor(() => expect(s.getState().prefs[P1]?.['key']).toBe('openai.api_key'))
    expect(s.getState().prefs[P1]?.['value']).toBe('sk-proj-abcDEF1234567890abcdef')
  })

  it('stripRowSecrets strips pulled rows at any depth, JSON text included, and shares unchanged rows', () => {
    const pulled = {
      id: 'm1', session_id: 'sess-1', role: 'user', content: 'hi', token_count: 3,
      metadata: JSON.stringify({ headers: { Authorization: 'Bearer abcdefghijklmnop1234' }, apiKey: 'k-123456', ok: 1 }),
    }
    const out = stripRowSecrets('ai_memory_messages', pulled)
    expect(out).not.toBe(pulled)
    expect(JSON.parse(out['metadata'] as string)).toEqual({ headers: {}, ok: 1 })
    expect(out['session_id']).toBe('sess-1') // an ordinary column here
    const clean = { id: 'q', name: 'n', query_text: 'SELECT password FROM users', tags: ['a'] }
    expect(stripRowSecrets('saved_queries', clean)).toBe(clean)
    expect(stripRowSecrets('connection_templates', { connection_id: 'c', password: 'x', session_id: 's', ssh_tunnel: { passphrase: 'p', host: 'h' } })).toEqual({ connection_id: 'c', ssh_tunnel: { host: 'h' } })
    expect(stripRowSecrets('saved_queries', { id: 'q', pin: '1234' }, ['pin'])).toEqual({ id: 'q' })
    expect(Object.isFrozen(Object.freeze(pulled))).toBe(true)
    expect(() => stripRowSecrets('ai_memory_messages', pulled)).not.toThrow()
  })
})
