import { afterAll, describe, expect, it } from 'vitest'
import { preferenceId } from '@howlerops/sync'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from '../engine/harness'

const { emulator, close } = startEmulator()
afterAll(close)

const serverText = async (name: string, tables: readonly string[]): Promise<string> =>
  (await Promise.all(tables.map(async (t) => JSON.stringify(await emulator.query(name, `SELECT * FROM ${t}`))))).join('\n')

describe('adversarial: conflicts work on plaintext, and what they leave on the server is sealed', () => {
  it('3-way merge of different fields, keep-both copy named from plaintext, archive sealed', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'laptop')
    const b = createDevice(user, 'phone')
    await a.db.table('saved_queries').put(savedQuery('m', { name: 'Orig-AdvMk1', description: 'Desc-AdvMk2' }))
    await a.db.table('saved_queries').put(savedQuery('k', { name: 'Report-AdvMk3' }))
    await a.engine.syncNow()
    await b.engine.syncNow()
    // Different fields: merge silently.
    await a.db.table('saved_queries').update('m', { name: 'NameByA-AdvMk4' })
    await b.db.table('saved_queries').update('m', { description: 'DescByB-AdvMk5' })
    // Same field: keep-both.
    await a.db.table('saved_queries').update('k', { name: 'ReportA-AdvMk6' })
    await b.db.table('saved_queries').update('k', { name: 'ReportB-AdvMk7' })
    await a.engine.syncNow()
    await b.engine.syncNow()
    await a.engine.syncNow()

    for (const d of [a, b]) expect(await d.db.table('saved_queries').get('m')).toMatchObject({ name: 'NameByA-AdvMk4', description: 'DescByB-AdvMk5' })
    const rowsB = (await b.db.table('saved_queries').toArray()) as Array<Record<string, unknown>>
    expect(rowsB.find((r) => r['id'] === 'k')).toMatchObject({ name: 'ReportA-AdvMk6' })
    const copy = rowsB.find((r) => r['id'] !== 'k' && r['id'] !== 'm')
    expect(String(copy?.['name'])).toMatch(/^ReportB-AdvMk7 \(conflicted copy/)
    const rowsA = (await a.db.table('saved_queries').toArray()) as Array<Record<string, unknown>>
    expect(rowsA.find((r) => r['id'] === copy?.['id'])).toMatchObject({ name: copy?.['name'] })

    const server = await serverText(user.name, ['saved_queries', 'sync_conflicts_archive'])
    expect(server).not.toMatch(/AdvMk[1-7]|conflicted copy/)
    const archive = await emulator.query(user.name, 'SELECT * FROM sync_conflicts_archive')
    expect(archive.length).toBeGreaterThanOrEqual(1)
  }, 60_000)

  it('a history row made private leaves no content on the server (row, archive, any column)', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'private-a')
    await a.db.table('query_history').put({ id: 'h', query_text: 'select PrivMk1', connection_id: null, executed_at: 1, duration_ms: 3, rows_affected: 0, status: 'error', error_message: 'ErrMk2', privacy_mode: 'normal' })
    await a.engine.syncNow()
    await a.db.table('query_history').update('h', { privacy_mode: 'private', query_text: 'select PrivMk3' })
    emulator.clearRequestLog()
    await a.engine.syncNow()
    const wire = emulator.requestLog.map((r) => r.body).join('\n')
    expect(wire).not.toMatch(/PrivMk3/)
    const [row] = await emulator.query(user.name, "SELECT * FROM query_history WHERE id = 'h'")
    for (const column of ['query_text', 'error_message', 'connection_id']) expect(row?.[column] ?? '').toBe('')
    expect(await a.db.table('query_history').get('h')).toMatchObject({ query_text: 'select PrivMk3', privacy_mode: 'private' })
  }, 30_000)

  it('two devices setting the same preference key converge to one row; different keys do not collide', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'pref-a')
    const b = createDevice(user, 'pref-b')
    await a.db.table('user_preferences').put({ id: preferenceId('theme'), device_id: null, key: 'theme', value: 'dark' })
    await b.db.table('user_preferences').put({ id: preferenceId('theme'), device_id: null, key: 'theme', value: 'light' })
    await a.db.table('user_preferences').put({ id: preferenceId('editor.fontSize'), device_id: null, key: 'editor.fontSize', value: 14 })
    await b.db.table('user_preferences').put({ id: preferenceId('editor.tabSize'), device_id: null, key: 'editor.tabSize', value: 2 })
    await a.engine.syncNow()
    await b.engine.syncNow()
    await a.engine.syncNow()
    const server = await emulator.query(user.name, 'SELECT id, key FROM user_preferences')
    expect(server).toHaveLength(3)
    expect(new Set(server.map((r) => r['key'])).size).toBe(3)
    expect(JSON.stringify(server)).not.toMatch(/theme|fontSize|tabSize/)
    const prefs = async (d: typeof a): Promise<string> =>
      JSON.stringify(((await d.db.table('user_preferences').toArray()) as Array<Record<string, unknown>>).map((r) => [r['key'], r['value']]).sort())
    expect(await prefs(a)).toBe(await prefs(b))
    expect(JSON.parse(await prefs(a))).toHaveLength(3)
  }, 60_000)
})

describe('adversarial: what preference rows reveal', () => {
  // FINDINGS.md F5: the record id of a global preference is an unkeyed function of its key, so the server recovers
  // sealed preference keys with a dictionary.
  it('the server cannot recover a sealed preference key from the row id with a dictionary of likely keys', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'prefid')
    for (const key of ['theme', 'editor.fontSize', 'ai.systemPrompt']) {
      await a.db.table('user_preferences').put({ id: preferenceId(key), device_id: null, key, value: 1 })
    }
    await a.engine.syncNow()
    const dictionary = ['theme', 'language', 'editor.fontSize', 'editor.tabSize', 'ai.systemPrompt', 'ai.provider']
    const ids = (await emulator.query(user.name, 'SELECT id FROM user_preferences')).map((r) => r['id'])
    const recovered = dictionary.filter((guess) => ids.includes(preferenceId(guess)))
    expect(recovered).toEqual([])
  }, 30_000)

  it('a history row private from the start and a device-specific preference never reach the wire or the server', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'local-only')
    emulator.clearRequestLog()
    await a.db.table('query_history').put({ id: 'p0', query_text: 'select LocalMk1', connection_id: null, executed_at: 1, duration_ms: 1, rows_affected: 0, status: 'success', privacy_mode: 'private' })
    await a.db.table('user_preferences').put({ id: 'dev-pref', device_id: 'this-device', key: 'LocalMk2', value: 'LocalMk3' })
    await a.engine.syncNow()
    const wire = emulator.requestLog.map((r) => r.body).join('\n')
    expect(wire).not.toMatch(/LocalMk|"p0"|dev-pref/)
    expect(await emulator.query(user.name, "SELECT id FROM query_history WHERE id = 'p0'")).toEqual([])
    expect(await emulator.query(user.name, "SELECT id FROM user_preferences WHERE id = 'dev-pref'")).toEqual([])
  }, 30_000)
})
