import { afterAll, describe, expect, it } from 'vitest'
import { createContentKey, isSealingError, preferenceId } from '@howlerops/sync'
import { deriveContentKey } from '@howlerops/sync/server'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from '../engine/harness'

const { emulator, close } = startEmulator()
afterAll(close)

const SECRET_1 = 'first-server-side-secret-of-32-chars!!'
const SECRET_2 = 'second-server-side-secret-of-32-chars!'

describe('adversarial: tampered server rows never open to wrong plaintext (R11)', () => {
  it('swapping envelopes between rows, columns and tables, truncating one or renaming its key id leaves each row out, alone', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'tamper-a')
    const ids = ['swap-1', 'swap-2', 'col', 'trunc', 'keyid', 'intact']
    for (const id of ids) await a.db.table('saved_queries').put(savedQuery(id, { name: `name of ${id}`, description: `description of ${id}`, query_text: `select '${id}'` }))
    await a.db.table('query_history').put({ id: 'xtable', query_text: 'history text', connection_id: null, executed_at: 1, duration_ms: 1, rows_affected: 0, status: 'success', privacy_mode: 'normal' })
    await a.db.table('saved_queries').put(savedQuery('xtable', { name: 'saved xtable', query_text: 'select xtable' }))
    await a.engine.syncNow()
    expect(await a.db.sync.quarantined()).toEqual([])

    const q = (sql: string, args: unknown[] = []): Promise<Record<string, unknown>[]> => emulator.query(user.name, sql, args as never)
    const cell = async (table: string, column: string, id: string): Promise<string> => String((await q(`SELECT ${column} AS v FROM ${table} WHERE id = ?`, [id]))[0]!['v'])
    const n1 = await cell('saved_queries', 'name', 'swap-1')
    const n2 = await cell('saved_queries', 'name', 'swap-2')
    await q('UPDATE saved_queries SET name = ? WHERE id = ?', [n2, 'swap-1'])
    await q('UPDATE saved_queries SET name = ? WHERE id = ?', [n1, 'swap-2'])
    await q('UPDATE saved_queries SET description = name WHERE id = ?', ['col'])
    const t = await cell('saved_queries', 'query_text', 'trunc')
    await q('UPDATE saved_queries SET query_text = ? WHERE id = ?', [t.slice(0, -4), 'trunc'])
    const k = await cell('saved_queries', 'query_text', 'keyid')
    const parts = k.split('.')
    await q('UPDATE saved_queries SET query_text = ? WHERE id = ?', [[parts[0], 'other', ...parts.slice(2)].join('.'), 'keyid'])
    await q('UPDATE saved_queries SET query_text = (SELECT query_text FROM query_history WHERE id = ?) WHERE id = ?', ['xtable', 'xtable'])

    const b = createDevice(user, 'tamper-b')
    await b.engine.syncNow().catch(() => undefined)
    const onB = new Map((await b.db.table('saved_queries').toArray()).map((r: Record<string, unknown>) => [r['id'], r]))
    // No row may show content that was never written to it.
    for (const id of [...ids, 'xtable']) {
      const row = onB.get(id)
      if (row === undefined) continue
      expect(row['name']).toBe(id === 'xtable' ? 'saved xtable' : `name of ${id}`)
      if (id !== 'xtable') expect(row['description']).toBe(`description of ${id}`)
      expect(row['query_text']).toBe(`select '${id}'`.replace(`'xtable'`, 'xtable'))
    }
    expect(onB.get('intact')).toBeDefined()
    expect(b.engine.getStatus().unopenableCount).toBe(6)
    // The history row was not touched: it still arrives.
    expect(await b.db.table('query_history').get('xtable')).toMatchObject({ query_text: 'history text' })
  }, 60_000)
})

describe('adversarial: keys', () => {
  it('a device with the wrong key applies nothing it cannot open, and shows no ciphertext as content', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'key-a')
    await a.db.table('saved_queries').put(savedQuery('wk', { name: 'right key only' }))
    await a.engine.syncNow()
    const wrong = createDevice({ ...user, contentKey: createContentKey() }, 'key-wrong')
    await wrong.engine.syncNow().catch(() => undefined)
    expect(await wrong.db.table('saved_queries').get('wk')).toBeUndefined()
    expect(wrong.engine.getStatus().unopenableCount).toBeGreaterThanOrEqual(1)
  }, 30_000)

  it('without a key: status needs-key, syncNow rejects with SealingError needs-key, nothing reaches the server', async () => {
    const user = await createUserDatabase(emulator)
    const keyless = createDevice({ url: user.url, authToken: user.authToken }, 'keyless', { sealing: {} })
    await keyless.db.table('saved_queries').put(savedQuery('nk', { name: 'NoKeyMarker-123' }))
    emulator.clearRequestLog()
    const error = await keyless.engine.syncNow().then(() => undefined, (e: unknown) => e)
    expect(isSealingError(error)).toBe(true)
    expect((error as { code?: string; reason?: string }).reason ?? (error as { code?: string }).code).toBe('needs-key')
    expect(keyless.engine.getStatus()).toMatchObject({ phase: 'needs-key', sealing: 'needs-key' })
    expect(emulator.requestLog.map((r) => r.body).join('')).not.toContain('NoKeyMarker-123')
    expect(await emulator.query(user.name, 'SELECT id FROM saved_queries')).toEqual([])
    expect(await keyless.db.sync.quarantined()).toEqual([]) // still queued, not given up
  }, 30_000)

  it('rotation with keys from the token-route derivation: old rows open, edits re-seal under the new key id', async () => {
    const user = await createUserDatabase(emulator)
    const k1 = await deriveContentKey(SECRET_1, 'k1', 'user-1')
    const k2 = await deriveContentKey(SECRET_2, 'k2', 'user-1')
    const old = createDevice(user, 'rot-old', { sealing: { key: k1, keyId: 'k1' } })
    await old.db.table('saved_queries').put(savedQuery('r1', { name: 'sealed under k1' }))
    await old.db.table('saved_queries').put(savedQuery('r2', { name: 'also k1' }))
    await old.engine.syncNow()
    const [before] = await emulator.query(user.name, "SELECT name FROM saved_queries WHERE id = 'r1'")
    expect(String(before!['name'])).toMatch(/^hs1\.k1\./)

    const rotated = createDevice(user, 'rot-new', { sealing: { key: k2, keyId: 'k2', previousKeys: { k1 } } })
    await rotated.engine.syncNow()
    expect(await rotated.db.table('saved_queries').get('r1')).toMatchObject({ name: 'sealed under k1' })
    expect(await rotated.db.table('saved_queries').get('r2')).toMatchObject({ name: 'also k1' })
    await rotated.db.table('saved_queries').update('r1', { description: 'edited after rotation' })
    await rotated.engine.syncNow()
    const [after] = await emulator.query(user.name, "SELECT name, description FROM saved_queries WHERE id = 'r1'")
    expect(String(after!['name'])).toMatch(/^hs1\.k2\./) // the whole record is re-sealed, not only the edited column
    expect(String(after!['description'])).toMatch(/^hs1\.k2\./)

    // A device that only has the old key cannot open the re-sealed row, and says so.
    await old.engine.syncNow()
    expect(await old.db.table('saved_queries').get('r1')).toMatchObject({ name: 'sealed under k1', description: null })
    expect(old.engine.getStatus().unopenableCount).toBeGreaterThanOrEqual(1)
  }, 60_000)

  it('sealing: false says unsealed, and a sealed device reads its plaintext rows and seals them on the next write', async () => {
    const user = await createUserDatabase(emulator)
    const plain = createDevice({ url: user.url, authToken: user.authToken }, 'plain', { sealing: false })
    await plain.db.table('saved_queries').put(savedQuery('p1', { name: 'written unsealed' }))
    await plain.engine.syncNow()
    expect(plain.engine.getStatus().sealing).toBe('unsealed')
    const [raw] = await emulator.query(user.name, "SELECT name FROM saved_queries WHERE id = 'p1'")
    expect(raw!['name']).toBe('written unsealed')

    const sealed = createDevice(user, 'sealed')
    await sealed.engine.syncNow()
    expect(sealed.engine.getStatus().sealing).toBe('sealed')
    expect(await sealed.db.table('saved_queries').get('p1')).toMatchObject({ name: 'written unsealed' })
    await sealed.db.table('saved_queries').update('p1', { is_favorite: 1 })
    await sealed.engine.syncNow()
    const [resealed] = await emulator.query(user.name, "SELECT name FROM saved_queries WHERE id = 'p1'")
    expect(String(resealed!['name'])).toMatch(/^h[sz]1\./)
  }, 60_000)
})

describe('adversarial: deterministic preference keys', () => {
  // FINDINGS.md F2: the hd1 token of user_preferences.key is not bound to its record, so the server can swap keys.
  it('swapping the key tokens of two preference rows on the server never gives a row another preference\'s key', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'prefswap-a')
    await a.db.table('user_preferences').put({ id: preferenceId('theme'), device_id: null, key: 'theme', value: 'dark' })
    await a.db.table('user_preferences').put({ id: preferenceId('ai.provider'), device_id: null, key: 'ai.provider', value: 'local-only' })
    await a.engine.syncNow()
    const rows = await emulator.query(user.name, 'SELECT id, key FROM user_preferences')
    const [r1, r2] = rows
    // The unique index allows the swap through a temporary value.
    await emulator.query(user.name, 'UPDATE user_preferences SET key = ? WHERE id = ?', ['tmp', r1!['id']] as never)
    await emulator.query(user.name, 'UPDATE user_preferences SET key = ? WHERE id = ?', [r1!['key'], r2!['id']] as never)
    await emulator.query(user.name, 'UPDATE user_preferences SET key = ? WHERE id = ?', [r2!['key'], r1!['id']] as never)
    const b = createDevice(user, 'prefswap-b')
    await b.engine.syncNow().catch(() => undefined)
    for (const row of (await b.db.table('user_preferences').toArray()) as Array<Record<string, unknown>>) {
      expect(row['id']).toBe(preferenceId(String(row['key'])))
    }
  }, 30_000)
})

describe('adversarial: a key asked for lazily (getKey)', () => {
  it('getKey that fails leaves the engine in needs-key with nothing sent; once it answers, rows go sealed', async () => {
    const user = await createUserDatabase(emulator)
    let available = false
    const lazy = createDevice({ url: user.url, authToken: user.authToken }, 'lazy', {
      sealing: {
        getKey: async () => {
          if (!available) throw new Error('locked')
          return { key: user.contentKey }
        },
      },
    })
    await lazy.db.table('saved_queries').put(savedQuery('lz', { name: 'LazyKeyMarker-9' }))
    emulator.clearRequestLog()
    await lazy.engine.syncNow().catch(() => undefined)
    expect(emulator.requestLog.map((r) => r.body).join('')).not.toContain('LazyKeyMarker-9')
    expect(await emulator.query(user.name, "SELECT id FROM saved_queries WHERE id = 'lz'")).toEqual([])
    available = true
    await lazy.engine.syncNow()
    const [row] = await emulator.query(user.name, "SELECT name FROM saved_queries WHERE id = 'lz'")
    expect(String(row?.['name'])).toMatch(/^hs1\./)
  }, 30_000)
})
