import { describe, expect, it } from 'vitest'
import { createLocalDatabase, preferenceId, SchemaError, type SyncDatabase } from '@howlerops/sync/dexie'
import { SchemaError as RootSchemaError } from '@howlerops/sync'

let n = 0
const fresh = (): SyncDatabase => createLocalDatabase(`schema-write-${++n}-${Math.random()}`)

const history = (patch: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 'h1',
  connection_id: null,
  query_text: 'select 1',
  executed_at: 1_700_000_000_000,
  duration_ms: 12,
  rows_affected: 1,
  status: 'success',
  error_message: null,
  ...patch,
})

/** The error a write rejected with (fails the test if it did not reject). */
const refusal = async (write: Promise<unknown>): Promise<SchemaError> => {
  const error = await write.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SchemaError)
  return error as SchemaError
}

/** Nothing of the refused write is stored or queued. */
const expectNothingStored = async (db: SyncDatabase, table: 'query_history' | 'saved_queries' | 'connection_templates' | 'user_preferences'): Promise<void> => {
  expect(await db.table(table).count()).toBe(0)
  expect(await db._outbox.count()).toBe(0)
}

describe('defaults at the write (R7)', () => {
  it('columns with a schema DEFAULT get it in IndexedDB, as the server would give it', async () => {
    const db = fresh()
    await db.saved_queries.put({ id: 'q', name: 'n', query_text: 'select 1' } as never)
    await db.query_history.put(history() as never)
    await db.ai_memory_sessions.put({ id: 's', title: 'chat' } as never)
    await db.ai_memory_messages.put({ id: 'm', session_id: 's', role: 'user', content: 'hi' } as never)
    expect(await db.saved_queries.get('q')).toMatchObject({ is_favorite: 0, sync_version: 0, hlc: expect.any(String) })
    expect(await db.query_history.get('h1')).toMatchObject({ privacy_mode: 'normal' })
    expect(await db.ai_memory_sessions.get('s')).toMatchObject({ message_count: 0, token_count: 0 })
    expect(await db.ai_memory_messages.get('m')).toMatchObject({ content_encoding: 'identity', token_count: 0 })
    expect((await db._outbox.toArray()).map((e) => e.table).sort()).toEqual(['ai_memory_messages', 'ai_memory_sessions', 'query_history', 'saved_queries'])
  })

  it('a given value wins over the default, and a boolean flag is stored as 0/1', async () => {
    const db = fresh()
    await db.saved_queries.put({ id: 'q', name: 'n', query_text: 'select 1', is_favorite: true } as never)
    await db.query_history.put(history({ privacy_mode: 'private' }) as never)
    expect((await db.saved_queries.get('q'))?.is_favorite).toBe(1)
    expect((await db.query_history.get('h1'))?.privacy_mode).toBe('private')
  })
})

describe('a write the server would refuse fails at the write with a SchemaError (R7)', () => {
  it('a float in an INTEGER column (performance.now() - t0)', async () => {
    const db = fresh()
    const t0 = performance.now()
    const error = await refusal(db.query_history.put(history({ duration_ms: performance.now() - t0 + 0.5 }) as never))
    expect(error).toMatchObject({ name: 'SchemaError', table: 'query_history', key: 'h1', column: 'duration_ms', rule: 'type' })
    expect(error.message).toContain('query_history')
    expect(error.message).toContain('h1')
    expect(error.message).toContain('duration_ms')
    expect(error.message).toContain('type')
    await expectNothingStored(db, 'query_history')
  })

  it('names the column and the rule, never the value', async () => {
    const db = fresh()
    const error = await refusal(db.query_history.put(history({ status: 'hunter2-is-my-password' }) as never))
    expect(error).toMatchObject({ column: 'status', rule: 'check', constraint: 'query_history_status' })
    expect(error.message).not.toContain('hunter2')
  })

  it.each([
    ['a string in an INTEGER column', 'connection_templates', { connection_id: 'c', name: 'db', type: 'postgres', host: 'h', port: '5432' }, 'port', 'type'],
    ['a number in a TEXT column', 'saved_queries', { id: 'q', name: 42, query_text: 'select 1' }, 'name', 'type'],
    ['a missing NOT NULL column', 'saved_queries', { id: 'q', name: 'n' }, 'query_text', 'not-null'],
    ['a NULL in a NOT NULL column with a default', 'saved_queries', { id: 'q', name: 'n', query_text: 's', is_favorite: null }, 'is_favorite', 'not-null'],
    ['a 0/1 flag out of range', 'saved_queries', { id: 'q', name: 'n', query_text: 's', is_favorite: 2 }, 'is_favorite', 'check'],
    ['an enum value the schema does not know', 'connection_templates', { connection_id: 'c', name: 'db', type: 'sybase', host: 'h' }, 'type', 'check'],
    ['a port outside 1..65535', 'connection_templates', { connection_id: 'c', name: 'db', type: 'postgres', host: 'h', port: 70000 }, 'port', 'check'],
    ['a server database without a host', 'connection_templates', { connection_id: 'c', name: 'db', type: 'postgres', host: '  ' }, 'host', 'check'],
    ['JSON that does not serialize', 'saved_queries', { id: 'q', name: 'n', query_text: 's', tags: [1n] }, 'tags', 'check'],
    ['a field that is not a column', 'saved_queries', { id: 'q', name: 'n', query_text: 's', favourite: 1 }, 'favourite', 'unknown-column'],
  ] as const)('%s', async (_what, table, row, column, rule) => {
    const db = fresh()
    const error = await refusal(db.table(table).put(row))
    expect(error).toMatchObject({ table, column, rule })
    await expectNothingStored(db, table)
  })

  it('a file database needs no host (the CHECK is evaluated, not guessed)', async () => {
    const db = fresh()
    await db.connection_templates.put({ connection_id: 'c', name: 'local', type: 'sqlite', host: null, file_path: '/tmp/a.db' } as never)
    expect(await db.connection_templates.count()).toBe(1)
  })

  it('a bulkPut with one bad record stores nothing of the batch', async () => {
    const db = fresh()
    const good = (id: string): Record<string, unknown> => ({ id, name: id, query_text: 'select 1' })
    const error = await refusal(db.saved_queries.bulkPut([good('a'), { ...good('b'), is_favorite: 7 }, good('c')] as never))
    expect(error).toMatchObject({ key: 'b', column: 'is_favorite', rule: 'check' })
    await expectNothingStored(db, 'saved_queries')
  })

  it('inside a transaction the error aborts it: earlier writes of the transaction are not stored either', async () => {
    const db = fresh()
    const write = db.transaction('rw', db.saved_queries, async () => {
      await db.saved_queries.put({ id: 'a', name: 'a', query_text: 'select 1' } as never)
      await db.saved_queries.put({ id: 'b', name: 'b', query_text: 'select 1', is_favorite: 'yes' } as never)
    })
    expect(await refusal(write)).toMatchObject({ key: 'b', column: 'is_favorite', rule: 'type' })
    await expectNothingStored(db, 'saved_queries')
  })

  it('update() that breaks a rule leaves the stored row and the outbox as they were', async () => {
    const db = fresh()
    await db.saved_queries.put({ id: 'a', name: 'a', query_text: 'select 1' } as never)
    const before = await db.saved_queries.get('a')
    const outbox = await db._outbox.toArray()
    await expect(db.saved_queries.update('a', { is_favorite: 0.5 })).rejects.toMatchObject({ name: 'SchemaError', column: 'is_favorite' })
    expect(await db.saved_queries.get('a')).toEqual(before)
    expect(await db._outbox.toArray()).toEqual(outbox)
  })

  it('is one class, exported from the root and from /dexie', () => {
    expect(RootSchemaError).toBe(SchemaError)
  })
})

describe('preference ids derive from (key, device_id) (R7, natural keys)', () => {
  it('preferenceId is deterministic, sync, and tells global from device-specific', () => {
    expect(preferenceId('theme')).toBe(preferenceId('theme', null))
    expect(preferenceId('theme')).not.toBe(preferenceId('theme', 'dev-1'))
    expect(preferenceId('theme', 'dev-1')).not.toBe(preferenceId('theme', 'dev-2'))
    expect(preferenceId('a')).not.toBe(preferenceId('b'))
    // An injective encoding of the parts: no splitting ambiguity.
    expect(preferenceId('b', 'a')).not.toBe(preferenceId('a', 'b'))
    expect(preferenceId('theme')).toMatch(/^pref_[0-9a-f]{16}$/)
  })

  it('a preference written without an id is stored under the derived id', async () => {
    const db = fresh()
    await db.user_preferences.put({ device_id: null, key: 'theme', value: 'dark' } as never)
    expect(await db.user_preferences.get(preferenceId('theme'))).toMatchObject({ key: 'theme', value: 'dark' })
    expect(await db._outbox.toArray()).toMatchObject([{ key: preferenceId('theme') }])
  })

  it('a preference under any other id is refused: it would collide with the same key from another device', async () => {
    const db = fresh()
    const error = await refusal(db.user_preferences.put({ id: crypto.randomUUID(), device_id: null, key: 'theme', value: 'dark' } as never))
    expect(error).toMatchObject({ table: 'user_preferences', column: 'id', rule: 'natural-key' })
    expect(error.message).toContain('preferenceId')
    await expectNothingStored(db, 'user_preferences')
  })

  it('changing the key of a stored preference is refused too (its id would no longer match)', async () => {
    const db = fresh()
    await db.user_preferences.put({ id: preferenceId('theme'), device_id: null, key: 'theme', value: 'dark' } as never)
    await expect(db.user_preferences.update(preferenceId('theme'), { key: 'colour' })).rejects.toMatchObject({ rule: 'natural-key' })
    await db.user_preferences.update(preferenceId('theme'), { value: 'light' })
    expect((await db.user_preferences.get(preferenceId('theme')))?.value).toBe('light')
  })
})
