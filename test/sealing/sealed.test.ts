// Sealed content (R11, I10): the server and every request body hold envelopes in user columns, never plaintext; the
// user's other device reads every value back exactly; tampered, moved and unknown-key envelopes are left out alone.
import { afterAll, describe, expect, it } from 'vitest'
import { createContentKey, isSealedEnvelope, preferenceId } from '@howlerops/sync'
import { createDevice, createUserDatabase, savedQuery, startEmulator, type UserDatabase } from '../engine/harness'

const { emulator, close } = startEmulator()
afterAll(close)

const SECRET = 'postgres://admin:Tr0ub4dor&3xyzzy@db.internal:5432/app'
const LONG = `${'SELECT * FROM payments WHERE note = '.repeat(80)}'${SECRET}'`

/** A device whose request bodies are kept. */
const capturing = (user: UserDatabase, name: string, sealing?: object | false): { device: ReturnType<typeof createDevice>; bodies: string[] } => {
  const bodies: string[] = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init)
    bodies.push(await request.clone().text())
    return globalThis.fetch(request)
  }
  const device = createDevice(user, name, {
    remote: { url: user.url, authToken: user.authToken, fetch },
    ...(sealing === undefined ? {} : { sealing: sealing as never }),
  })
  return { device, bodies }
}

const serverRow = async (user: UserDatabase, table: string, id: string): Promise<Record<string, unknown>> => {
  const [row] = await emulator.query(user.name, `SELECT * FROM ${table} WHERE ${table === 'connection_templates' ? 'connection_id' : 'id'} = ?`, [id])
  return row!
}

/** The user's one preference row: its server id is sealed, so it is found without the device's id. */
const onlyPreference = async (user: UserDatabase): Promise<Record<string, unknown>> => {
  const rows = await emulator.query(user.name, 'SELECT * FROM user_preferences')
  expect(rows).toHaveLength(1)
  return rows[0]!
}

describe('sealed content', () => {
  it('the server and the request bodies see envelopes in every user column; the other device reads every value exactly', async () => {
    const user = await createUserDatabase(emulator)
    const { device: a, bodies } = capturing(user, 'A')
    await a.db.saved_queries.put(savedQuery('q1', { name: 'payments', description: SECRET, query_text: LONG, folder: 'ops', tags: ['x', SECRET] }) as never)
    await a.db.user_preferences.put({ key: 'editor.snippet', device_id: null, value: { snippet: SECRET } } as never)
    await a.db.ai_memory_messages.put({ id: 'm1', session_id: 's1', role: 'user', content: LONG, metadata: { note: SECRET } } as never)
    await a.db.connection_templates.put({ connection_id: 'c1', name: 'prod', type: 'postgres', host: 'db.internal', port: 5432, database_name: 'app', username: 'admin', parameters: { dsn: SECRET } } as never)
    const pushed = await a.engine.syncNow()
    expect(pushed).toMatchObject({ quarantined: 0 })
    expect(pushed.pushed).toBeGreaterThanOrEqual(4)
    expect(a.engine.getStatus().sealing).toBe('sealed')

    for (const body of bodies) expect(body).not.toMatch(/Tr0ub4dor|payments|editor\.snippet|db\.internal/)
    const q = await serverRow(user, 'saved_queries', 'q1')
    for (const column of ['name', 'description', 'query_text', 'folder']) expect(isSealedEnvelope(q[column]), column).toBe(true)
    expect(isSealedEnvelope(JSON.parse(String(q['tags'])))).toBe(true)
    const pref = await onlyPreference(user)
    expect(String(pref['key'])).toMatch(/^hd1\./)
    expect(String(pref['id'])).toMatch(/^hd1\./)
    const message = await serverRow(user, 'ai_memory_messages', 'm1')
    expect(String(message['content'])).toMatch(/^hz1\./)
    expect(String(message['content']).length).toBeLessThan(LONG.length)

    const { device: b } = capturing(user, 'B')
    const pulled = await b.engine.syncNow()
    expect(b.engine.getStatus().unopenableCount ?? 0).toBe(0)
    expect(pulled.pulled).toBeGreaterThanOrEqual(4)
    expect(await b.db.saved_queries.get('q1')).toMatchObject({ name: 'payments', description: SECRET, query_text: LONG, folder: 'ops', tags: ['x', SECRET] })
    expect(await b.db.user_preferences.get(preferenceId('editor.snippet'))).toMatchObject({ key: 'editor.snippet', value: { snippet: SECRET } })
    expect(await b.db.ai_memory_messages.get('m1')).toMatchObject({ content: LONG, metadata: { note: SECRET } })
    expect(await b.db.connection_templates.get('c1')).toMatchObject({ host: 'db.internal', parameters: { dsn: SECRET } })
  })

  it('the same preference key seals to the same token on every device, so the server unique index still compares keys', async () => {
    const user = await createUserDatabase(emulator)
    const { device: a } = capturing(user, 'A')
    const { device: b } = capturing(user, 'B')
    await a.db.user_preferences.put({ key: 'theme', device_id: null, value: 'dark' } as never)
    await a.engine.syncNow()
    const first = (await onlyPreference(user))['key']
    await b.engine.syncNow()
    await b.db.user_preferences.put({ ...(await b.db.user_preferences.get(preferenceId('theme')))!, value: 'light' } as never)
    await b.engine.syncNow()
    const second = await onlyPreference(user)
    expect(second['key']).toBe(first)
    expect(second['value']).not.toContain('light')
  })

  it('a tampered envelope and one moved to another row are left out alone; the rest of the page applies', async () => {
    const user = await createUserDatabase(emulator)
    const { device: a } = capturing(user, 'A')
    for (const id of ['q1', 'q2', 'q3']) await a.db.saved_queries.put(savedQuery(id, { query_text: `select '${id}'` }) as never)
    await a.engine.syncNow()
    const q1 = await serverRow(user, 'saved_queries', 'q1')
    const text = String(q1['query_text'])
    const flipped = text.slice(0, -3) + (text.at(-3) === 'A' ? 'B' : 'A') + text.slice(-2)
    await emulator.query(user.name, 'UPDATE saved_queries SET query_text = ? WHERE id = ?', [flipped, 'q1'])
    await emulator.query(user.name, 'UPDATE saved_queries SET query_text = ? WHERE id = ?', [text, 'q2'])

    const { device: b } = capturing(user, 'B')
    await b.engine.syncNow()
    expect(b.engine.getStatus().unopenableCount).toBe(2)
    expect(await b.db.saved_queries.get('q1')).toBeUndefined()
    expect(await b.db.saved_queries.get('q2')).toBeUndefined()
    expect(await b.db.saved_queries.get('q3')).toMatchObject({ query_text: "select 'q3'" })
  })

  it('an envelope that does not open is listed in the quarantine with its reason, and applies when a version that opens arrives', async () => {
    const user = await createUserDatabase(emulator)
    const { device: a } = capturing(user, 'A')
    for (const id of ['q1', 'q2']) await a.db.saved_queries.put(savedQuery(id, { query_text: `select '${id}'` }) as never)
    await a.engine.syncNow()
    const text = String((await serverRow(user, 'saved_queries', 'q1'))['query_text'])
    await emulator.query(user.name, 'UPDATE saved_queries SET query_text = ? WHERE id = ?', [text.slice(0, -3) + (text.at(-3) === 'A' ? 'B' : 'A') + text.slice(-2), 'q1'])

    const { device: b } = capturing(user, 'B')
    await b.engine.syncNow()
    expect(await b.db.saved_queries.get('q1')).toBeUndefined()
    expect(await b.db.saved_queries.get('q2')).toMatchObject({ query_text: "select 'q2'" })
    await b.engine.quarantine.refresh()
    expect(b.engine.quarantine.getSnapshot()).toEqual([
      expect.objectContaining({ table: 'saved_queries', key: 'q1', code: 'sealing-tampered', source: 'pull', message: expect.not.stringContaining('select') }),
    ])
    expect(b.engine.getStatus().quarantinedCount).toBe(1)
    // The writer's next edit reaches B: the record applies and leaves the list.
    await a.db.saved_queries.update('q1', { query_text: 'select 11' })
    await a.engine.syncNow()
    await b.engine.syncNow()
    expect(await b.db.saved_queries.get('q1')).toMatchObject({ query_text: 'select 11' })
    await b.engine.quarantine.refresh()
    expect(b.engine.quarantine.getSnapshot()).toEqual([])
    expect(b.engine.getStatus().quarantinedCount).toBe(0)
  })

  it('rotation: rows sealed under a previous key stay readable, new writes use the current key', async () => {
    const user = await createUserDatabase(emulator)
    const old = createContentKey()
    const { device: a } = capturing(user, 'A', { key: old, keyId: 'k1' })
    await a.db.saved_queries.put(savedQuery('q1', { query_text: 'select 1' }) as never)
    await a.engine.syncNow()
    expect(String((await serverRow(user, 'saved_queries', 'q1'))['query_text'])).toMatch(/^hs1\.k1\./)

    const rotated = { key: createContentKey(), keyId: 'k2', previousKeys: { k1: old } }
    const { device: b } = capturing(user, 'B', rotated)
    await b.engine.syncNow()
    expect(await b.db.saved_queries.get('q1')).toMatchObject({ query_text: 'select 1' })
    await b.db.saved_queries.put({ ...(await b.db.saved_queries.get('q1'))!, query_text: 'select 2' } as never)
    await b.engine.syncNow()
    expect(String((await serverRow(user, 'saved_queries', 'q1'))['query_text'])).toMatch(/^hs1\.k2\./)

    // A device that has only the old key cannot read the new row (nor B's device record): left out and reported,
    // never applied as ciphertext.
    const { device: c } = capturing(user, 'C', { key: old, keyId: 'k1' })
    await c.engine.syncNow()
    expect(c.engine.getStatus().unopenableCount).toBe(2)
    expect(await c.db.saved_queries.get('q1')).toBeUndefined()
  })

  it('rows written in plaintext by an unsealed version are read as they are and sealed on their next write', async () => {
    const user = await createUserDatabase(emulator)
    const { device: a } = capturing(user, 'A', false)
    await a.db.saved_queries.put(savedQuery('q1', { query_text: 'select plain' }) as never)
    await a.engine.syncNow()
    expect(a.engine.getStatus().sealing).toBe('unsealed')
    expect((await serverRow(user, 'saved_queries', 'q1'))['query_text']).toBe('select plain')

    const { device: b } = capturing(user, 'B')
    await b.engine.syncNow()
    expect(await b.db.saved_queries.get('q1')).toMatchObject({ query_text: 'select plain' })
    await b.db.saved_queries.put({ ...(await b.db.saved_queries.get('q1'))!, name: 'renamed' } as never)
    await b.engine.syncNow()
    const row = await serverRow(user, 'saved_queries', 'q1')
    expect(isSealedEnvelope(row['query_text'])).toBe(true)
    expect(isSealedEnvelope(row['name'])).toBe(true)
  })

  it('sealing on without a key sends nothing: status needs-key, a typed error, the changes stay queued', async () => {
    const user = await createUserDatabase(emulator)
    const { device: a, bodies } = capturing(user, 'A', {})
    expect(a.engine.getStatus().sealing).toBe('needs-key')
    await a.db.saved_queries.put(savedQuery('q1', { query_text: SECRET }) as never)
    const error = await a.engine.syncNow().then(() => undefined, (e: unknown) => e)
    expect(error).toMatchObject({ name: 'SealingError', code: 'needs-key' })
    expect(a.engine.getStatus()).toMatchObject({ phase: 'needs-key', sealing: 'needs-key', lastError: { code: 'needs-key' } })
    expect(bodies).toEqual([])
    expect(await emulator.query(user.name, 'SELECT id FROM saved_queries')).toEqual([])
    expect((await a.db._outbox.toArray()).filter((e) => e.table === 'saved_queries')).toHaveLength(1)
  })

  it('the content key lives in memory only: never in IndexedDB, status or errors', async () => {
    const user = await createUserDatabase(emulator)
    const { device: a } = capturing(user, 'A')
    await a.db.saved_queries.put(savedQuery('q1') as never)
    await a.engine.syncNow()
    const dump: string[] = []
    for (const table of a.db.tables) dump.push(JSON.stringify(await table.toArray()))
    expect(dump.join('\n')).not.toContain(user.contentKey)
    expect(JSON.stringify(a.engine.getStatus())).not.toContain(user.contentKey)
    const { device: b } = capturing(user, 'B', { key: 'not-a-key' })
    const error = await b.engine.syncNow().then(() => undefined, (e: unknown) => e)
    expect(error).toMatchObject({ name: 'SealingError', reason: 'bad-key' })
    expect(String((error as Error).message)).not.toContain('not-a-key')
  })

  it('an omitted sealing option means sealing on: without a key, nothing is sent', async () => {
    const user = await createUserDatabase(emulator)
    const { createSyncEngine } = await import('@howlerops/sync')
    const { createLocalDatabase } = await import('@howlerops/sync/dexie')
    const db = createLocalDatabase(`omitted-${Math.random()}`)
    const engine = createSyncEngine({ db, remote: { url: user.url, authToken: user.authToken }, userId: 'user-1', env: { locks: undefined, channel: () => undefined } })
    await db.saved_queries.put(savedQuery('q1') as never)
    await engine.syncNow().catch(() => {})
    expect(engine.getStatus()).toMatchObject({ phase: 'needs-key', sealing: 'needs-key' })
    expect(await emulator.query(user.name, 'SELECT id FROM saved_queries')).toEqual([])
  })
})
