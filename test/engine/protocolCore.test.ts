import { afterAll, describe, expect, it } from 'vitest'
import { createLocalDatabase } from '@howlerops/sync/dexie'
import { compareHlc, createConflictResolver, preferenceId } from '@howlerops/sync'
import { createDevice, createUserDatabase, savedQuery, startEmulator, type Device } from './harness'

/**
 * Regressions for the defects of issue 14, through the public subpaths. Each one broke an invariant (I6, I7, I10,
 * I12) or a rule (R1–R6) on the code before the protocol core.
 */
const DAY = 86_400_000
let serverNow = 1_800_000_000_000
const { emulator, close } = startEmulator({ now: () => serverNow })
afterAll(close)

/** Every request body a device sends. */
const recording = (): { bodies: string[]; fetch: typeof globalThis.fetch } => {
  const bodies: string[] = []
  return {
    bodies,
    fetch: async (input, init) => {
      const request = new Request(input as RequestInfo, init)
      bodies.push(await request.clone().text())
      return globalThis.fetch(request)
    },
  }
}

const history = (id: string, patch: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  query_text: 'select 1',
  executed_at: 1_799_000_000_000,
  status: 'success',
  privacy_mode: 'normal',
  ...patch,
})

const serverDump = async (name: string): Promise<string> => {
  const out: unknown[] = []
  for (const table of ['query_history', 'user_preferences', 'saved_queries', 'sync_conflicts_archive']) {
    out.push(await emulator.query(name, `SELECT * FROM ${table}`))
  }
  return JSON.stringify(out)
}

const syncAll = async (...devices: Device[]): Promise<void> => {
  for (const d of devices) {
    await d.engine.syncNow()
    await d.engine.whenIdle()
  }
}

describe('defect 1: local-only rows never leave the device, whatever path re-queues them (R4)', () => {
  it('history made private while another device edits it: nothing private reaches the server, the archive or the other device', async () => {
    const user = await createUserDatabase(emulator)
    const wire = recording()
    const a = createDevice(user, 'A', { remote: { url: user.url, authToken: user.authToken, fetch: wire.fetch } })
    const b = createDevice(user, 'B')
    await a.db.query_history.put(history('h') as never)
    await syncAll(a, b)
    await a.db.query_history.update('h', { privacy_mode: 'private', query_text: 'select private_secret_text' })
    await b.db.query_history.update('h', { query_text: 'select edited_on_b', duration_ms: 7 })
    await syncAll(b, a, b, a)
    expect(wire.bodies.join('\n')).not.toContain('private_secret_text')
    expect(await serverDump(user.name)).not.toContain('private_secret_text')
    expect(JSON.stringify(await b.db.query_history.toArray())).not.toContain('private_secret_text')
    expect(JSON.stringify(await b.db.sync_conflicts_archive.toArray())).not.toContain('private_secret_text')
    expect(await a.db.query_history.get('h')).toMatchObject({ privacy_mode: 'private', query_text: 'select private_secret_text' })
  })

  it('a preference made device-specific while another device edits it stays on its device', async () => {
    const user = await createUserDatabase(emulator)
    const wire = recording()
    const a = createDevice(user, 'A', { remote: { url: user.url, authToken: user.authToken, fetch: wire.fetch } })
    const b = createDevice(user, 'B')
    await a.db.user_preferences.put({ id: preferenceId('editor.font'), device_id: null, key: 'editor.font', value: 'mono' } as never)
    await syncAll(a, b)
    await a.db.user_preferences.update(preferenceId('editor.font'), { device_id: a.engine.deviceId() ?? 'a', value: 'device_only_value' })
    await b.db.user_preferences.update(preferenceId('editor.font'), { value: 'from_b' })
    await syncAll(b, a, b, a)
    expect(wire.bodies.join('\n')).not.toContain('device_only_value')
    expect(await serverDump(user.name)).not.toContain('device_only_value')
    expect(JSON.stringify(await b.db.user_preferences.toArray())).not.toContain('device_only_value')
    expect((await a.db.user_preferences.get(preferenceId('editor.font')))?.value).toBe('device_only_value')
  })
})

describe('defect 2: a full reconcile never prunes what is the device’s own (R4)', () => {
  it('keeps private history, device-specific preferences and quarantined records after a long absence', async () => {
    const user = await createUserDatabase(emulator)
    let now = serverNow
    const env = { env: { now: () => now } }
    const a = createDevice(user, 'A', env)
    const b = createDevice(user, 'B', env)
    await b.db.saved_queries.bulkPut([savedQuery('gone'), savedQuery('refused')] as never)
    await b.db.query_history.put(history('was-shared') as never)
    await syncAll(b, a)
    // A shared record turned private: withdrawn from the server (its tombstone is purged later), kept on A.
    await a.db.query_history.update('was-shared', { privacy_mode: 'private', query_text: 'select mine, once shared' })
    await syncAll(a)
    await a.db.query_history.put(history('private', { privacy_mode: 'private', query_text: 'select mine' }) as never)
    const local = { device_id: String(a.engine.deviceId()), key: 'zoom', value: 2 }
    await a.db.user_preferences.put({ id: preferenceId('zoom', local.device_id), ...local } as never)
    // A record of A's that the server refused sits in quarantine (I9): it is A's to retry or discard.
    await a.db._quarantine.put({ pk: 'saved_queries\u001frefused', table: 'saved_queries', key: 'refused', mutationId: 'm', code: 'rejected', message: 'refused', at: now } as never)
    await a.db.sync.writeUncaptured(['_outbox'], () => a.db._outbox.clear())
    await b.db.saved_queries.delete('gone')
    await syncAll(b)
    // A is away for 40 days; B's daily maintenance purges the tombstone meanwhile.
    for (let day = 0; day < 40; day += 1) {
      now += DAY
      serverNow += DAY
      await syncAll(b)
    }
    expect(await emulator.query(user.name, "SELECT id FROM saved_queries WHERE id = 'gone'")).toEqual([])
    await syncAll(a)
    expect(await a.db.saved_queries.get('gone')).toBeUndefined()
    expect(await a.db.query_history.get('private')).toMatchObject({ query_text: 'select mine' })
    expect(await a.db.query_history.get('was-shared')).toMatchObject({ query_text: 'select mine, once shared' })
    expect(await a.db.user_preferences.get(preferenceId('zoom', String(a.engine.deviceId())))).toMatchObject({ value: 2 })
    expect(await a.db.saved_queries.get('refused')).toBeDefined()
  })
})

describe('defect 3: a delete after a lost response is based on what the server committed (R5)', () => {
  for (const [table, make] of [
    ['saved_queries', () => savedQuery('r')],
    ['query_history', () => history('r')],
  ] as const) {
    it(`${table}: create, lose the response, delete before the retry: gone everywhere, no conflict`, async () => {
      const user = await createUserDatabase(emulator)
      const a = createDevice(user, 'A')
      const b = createDevice(user, 'B')
      await a.db.table(table).put(make())
      emulator.faults.add({ kind: 'lost-after-commit', database: user.name, match: (body) => body.includes(`INTO ${table}`) })
      await expect(a.engine.syncNow()).rejects.toMatchObject({ code: 'network' })
      await a.db.table(table).delete('r')
      await syncAll(a, b, a)
      for (const d of [a, b]) expect(await d.db.table(table).count()).toBe(0)
      expect(await emulator.query(user.name, `SELECT id FROM ${table} WHERE deleted_at IS NULL`)).toEqual([])
      expect(await emulator.query(user.name, 'SELECT entity_id FROM sync_conflicts_archive')).toEqual([])
      expect(a.engine.getStatus().pendingCount).toBe(0)
    })
  }

  it('an edit, a lost response and a delete on a keep-both table: no resurrection on the other device', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await a.db.saved_queries.put(savedQuery('r') as never)
    await syncAll(a, b)
    await a.db.saved_queries.update('r', { name: 'edited' })
    emulator.faults.add({ kind: 'lost-after-commit', database: user.name, match: (body) => body.includes('INTO saved_queries') })
    await expect(a.engine.syncNow()).rejects.toMatchObject({ code: 'network' })
    await a.db.saved_queries.delete('r')
    await syncAll(a, b, a)
    for (const d of [a, b]) expect(await d.db.saved_queries.count()).toBe(0)
    expect(await emulator.query(user.name, 'SELECT entity_id FROM sync_conflicts_archive')).toEqual([])
  })
})

describe('defect 4: every write is stamped from the first one, in every tab (R1)', () => {
  it('writes after a reload, before any engine, and in a second connection carry the clock, device and user', async () => {
    const user = await createUserDatabase(emulator)
    const name = `reload-${Math.random()}`
    const first = createDevice(user, 'A', {}, name)
    await first.db.saved_queries.put(savedQuery('one') as never)
    await syncAll(first)
    const deviceId = first.engine.deviceId()
    await first.engine.stop()
    first.db.close()
    // The reload: the database opens again and the app writes before the engine exists.
    const reloaded = createLocalDatabase(name)
    await reloaded.saved_queries.put(savedQuery('early') as never)
    // A second tab's connection, with no engine of its own.
    const tab = createLocalDatabase(name)
    await tab.saved_queries.put(savedQuery('tab') as never)
    for (const id of ['early', 'tab']) {
      const row = await reloaded.saved_queries.get(id)
      expect(row?.hlc).toMatch(/^\d{15}-/)
      expect(row?.origin_device_id).toBe(deviceId)
      expect(row?.user_id).toBe('user-1')
    }
    // A brand-new database stamps its first write too (its device id exists from the start).
    const fresh = createLocalDatabase(`fresh-${Math.random()}`, { userId: 'user-9' })
    await fresh.saved_queries.put(savedQuery('first') as never)
    expect(await fresh.saved_queries.get('first')).toMatchObject({ user_id: 'user-9', origin_device_id: expect.any(String), hlc: expect.stringMatching(/^\d{15}-/) })
  })
})

describe('defect 5: an edit made after seeing a change orders after it, whatever the skew (R2)', () => {
  for (const [behind, ahead] of [
    [DAY, 3_600_000],
    [7 * DAY, 7 * DAY],
  ] as const) {
    it(`one device ${behind / 3_600_000} h behind, the other ${ahead / 3_600_000} h ahead`, async () => {
      const user = await createUserDatabase(emulator)
      const a = createDevice(user, 'slow', { env: { now: () => serverNow - behind } })
      const b = createDevice(user, 'fast', { env: { now: () => serverNow + ahead } })
      await b.db.query_history.put(history('h') as never)
      await syncAll(b, a)
      await b.db.query_history.update('h', { query_text: 'select from the fast device' })
      await syncAll(b, a)
      expect((await a.db.query_history.get('h'))?.query_text).toBe('select from the fast device')
      const seen = String((await a.db.query_history.get('h'))?.hlc)
      await a.db.query_history.update('h', { query_text: 'select made after seeing it' })
      expect(compareHlc(String((await a.db.query_history.get('h'))?.hlc), seen)).toBe(1)
      await syncAll(a, b, a)
      for (const d of [a, b]) expect((await d.db.query_history.get('h'))?.query_text).toBe('select made after seeing it')
    })
  }

  it('a far-ahead clock is reported in status, never silently ignored', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A', { env: { now: () => serverNow } })
    const b = createDevice(user, 'B', { env: { now: () => serverNow + 3 * DAY } })
    await b.db.saved_queries.put(savedQuery('q') as never)
    await syncAll(b, a)
    expect(a.engine.getStatus().clockDriftMs).toBeGreaterThan(2 * DAY)
  })
})

describe('defect 6: a held manual conflict stays as the user saw it; the decision merges against the server (R6)', () => {
  it('resolve("local") keeps a later edit the other device made to another field', async () => {
    const user = await createUserDatabase(emulator)
    const options = { strategies: { saved_queries: 'manual' as const } }
    const a = createDevice(user, 'A', options)
    const b = createDevice(user, 'B', options)
    await a.db.saved_queries.put(savedQuery('q', { query_text: 'v0' }) as never)
    await syncAll(a, b)
    await a.db.saved_queries.update('q', { query_text: 'mine' })
    await b.db.saved_queries.update('q', { query_text: 'theirs' })
    await syncAll(b, a)
    // B edits another field while A's conflict waits for the user.
    await b.db.saved_queries.update('q', { description: 'added later on B' })
    await syncAll(b, a)
    expect((await a.db.saved_queries.get('q'))?.query_text).toBe('mine') // still what the user saw
    await a.engine.conflicts.refresh()
    const [held] = a.engine.conflicts.getSnapshot().pending
    expect(held).toMatchObject({ entityId: 'q', local: { query_text: 'mine' }, remote: { query_text: 'theirs' } })
    await a.engine.conflicts.resolve(held!.id, 'local')
    await syncAll(a, b, a)
    for (const d of [a, b]) expect(await d.db.saved_queries.get('q')).toMatchObject({ query_text: 'mine', description: 'added later on B' })
    expect(a.engine.conflicts.getSnapshot().pending).toHaveLength(0)
  })
})

describe('defect 7: tombstone retention follows the server clock (R3)', () => {
  it('a deleter one day slow and a device away 29.5 days: the deleted record does not survive', async () => {
    const user = await createUserDatabase(emulator)
    const start = serverNow
    const slow = createDevice(user, 'slow deleter', { env: { now: () => serverNow - DAY } })
    const keeper = createDevice(user, 'maintenance', { env: { now: () => serverNow } })
    const away = createDevice(user, 'away', { env: { now: () => serverNow } })
    await keeper.db.saved_queries.put(savedQuery('doomed') as never)
    await syncAll(keeper, slow, away)
    await slow.db.saved_queries.delete('doomed')
    await syncAll(slow)
    // The maintenance device syncs daily; its last retention run is at 29.5 days, just before the away device returns.
    for (let day = 1; day <= 28; day += 1) {
      serverNow = start + day * DAY
      await syncAll(keeper)
    }
    serverNow = start + 29.5 * DAY
    await syncAll(keeper)
    // 29.5 days by the server's clock: the tombstone is not due yet, whatever the deleter's clock said (R3).
    expect(await emulator.query(user.name, "SELECT id FROM saved_queries WHERE id = 'doomed' AND deleted_at IS NOT NULL")).toEqual([{ id: 'doomed' }])
    await syncAll(away)
    expect(await away.db.saved_queries.get('doomed')).toBeUndefined()
  })
})

describe('defect 8: merged AI-session counts when the conflict shows up during a pull', () => {
  it('a page with the session before its messages still counts the page’s messages', async () => {
    const db = createLocalDatabase(`sessions-${Math.random()}`, { userId: 'u' })
    let t = 1_800_000_000_000
    const decide = createConflictResolver({ userId: 'u', deviceId: 'd', deviceName: 'D', now: () => t, tick: () => `${String(++t).padStart(15, '0')}-000000-d`, newId: () => crypto.randomUUID() })
    const session = (version: number, patch: Record<string, unknown>): Record<string, unknown> => ({
      id: 's', title: 'chat', connection_id: null, model: null, summary: null, message_count: 0, token_count: 0, last_message_at: null, metadata: null,
      user_id: 'u', created_at: 1, updated_at: 1, deleted_at: null, sync_version: version, server_seq: version, hlc: `00000000000000${version}-000000-x`, mutation_id: `m${version}`, origin_device_id: 'x', ...patch,
    })
    const message = (id: string, seq: number): Record<string, unknown> => ({
      id, session_id: 's', role: 'user', content: `hello ${id}`, content_encoding: 'identity', token_count: 10, metadata: null,
      user_id: 'u', created_at: 1, updated_at: 1, deleted_at: null, sync_version: 1, server_seq: seq, hlc: `00000000000000${seq}-000000-x`, mutation_id: `m-${id}`, origin_device_id: 'x',
    })
    await db.sync.applyPage({ rows: [{ table: 'ai_memory_sessions', row: session(1, { message_count: 1, token_count: 10 }) }, { table: 'ai_memory_messages', row: message('m1', 2) }], cursors: {}, more: [] }, decide)
    // A same-field conflict reaches the merge strategy, which recomputes the counts from the union of messages.
    await db.ai_memory_sessions.update('s', { title: 'renamed here' })
    await db.sync.applyPage(
      {
        rows: [
          // The other device only knew its own message when it counted.
          { table: 'ai_memory_sessions', row: session(3, { title: 'renamed there', message_count: 1, token_count: 10 }) },
          { table: 'ai_memory_messages', row: message('m2', 4) },
        ],
        cursors: {},
        more: [],
      },
      decide,
    )
    expect(await db.ai_memory_sessions.get('s')).toMatchObject({ message_count: 2, token_count: 20 })
  })
})

describe('secret fields on pulled rows never reach IndexedDB (I10)', () => {
  it('a server row carrying a nested password is stored without it', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    await syncAll(a)
    await emulator.query(
      user.name,
      `INSERT INTO connection_templates (connection_id, name, type, host, parameters, user_id, created_at, updated_at, sync_version, server_seq, hlc, mutation_id, origin_device_id)
       VALUES ('c', 'warehouse', 'postgres', 'db.example', '{"sslmode":"require","password":"pulled-hunter2"}', 'user-1', 1, 1, 1,
               (SELECT seq + 1 FROM sync_sequence), '001800000000000-000000-x', 'm', 'x')`,
    )
    await emulator.query(user.name, 'UPDATE sync_sequence SET seq = seq + 1')
    await syncAll(a)
    const stored = await a.db.connection_templates.get('c')
    expect(stored).toMatchObject({ name: 'warehouse', parameters: { sslmode: 'require' } })
    expect(JSON.stringify(stored)).not.toContain('pulled-hunter2')
  })
})
