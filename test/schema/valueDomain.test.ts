import { describe, expect, it } from 'vitest'
import { createLocalDatabase, SchemaError, type SyncDatabase } from '@howlerops/sync/dexie'
import { JSON_MAX_DEPTH } from '@howlerops/sync'
import { appOptions, createAppStore, hydrated, query, uniqueName, type QueryDraft } from '../zustand/helpers'

/** R14: every value outside its column's domain fails the write with a SchemaError naming the column, on every path. */

const fresh = (): SyncDatabase => createLocalDatabase(uniqueName('value-domain'))

const nest = (depth: number): unknown => {
  let value: unknown = 1
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? [value] : { a: value }
  return value
}

const cycle = (): unknown => {
  const a: Record<string, unknown> = { x: 1 }
  a['self'] = a
  return a
}

class Point {
  constructor(readonly x: number) {}
}

/** [case, table, column, value]: each comes from issue 27 or from the JSON value domain's edges. */
const outside: ReadonlyArray<readonly [string, 'saved_queries' | 'user_preferences' | 'ai_memory_sessions' | 'connection_templates', string, unknown]> = [
  ['a BigInt in an INTEGER column', 'connection_templates', 'port', 5432n],
  ['a BigInt beyond int64', 'connection_templates', 'port', 2n ** 70n],
  ['NaN in an INTEGER column', 'connection_templates', 'port', Number.NaN],
  ['-0 in an INTEGER column', 'saved_queries', 'is_favorite', -0],
  ['NaN as a preference value', 'user_preferences', 'value', Number.NaN],
  ['Infinity as a preference value', 'user_preferences', 'value', Number.POSITIVE_INFINITY],
  ['-0 as a preference value', 'user_preferences', 'value', -0],
  ['NaN and Infinity inside JSON', 'ai_memory_sessions', 'metadata', { score: Number.NaN, max: Number.POSITIVE_INFINITY }],
  ['a Date inside JSON', 'ai_memory_sessions', 'metadata', { at: new Date(0) }],
  ['a Map inside JSON', 'ai_memory_sessions', 'metadata', { m: new Map([[1, 2]]) }],
  ['a class instance inside JSON', 'ai_memory_sessions', 'metadata', { p: new Point(1) }],
  ['undefined inside an array', 'saved_queries', 'tags', [1, undefined, 3]],
  ['a sparse array', 'saved_queries', 'tags', [1, , 3]], // eslint-disable-line no-sparse-arrays
  ['undefined as an object value', 'ai_memory_sessions', 'metadata', { a: undefined }],
  ['a function inside JSON', 'ai_memory_sessions', 'metadata', { f: () => 1 }],
  ['a symbol inside JSON', 'ai_memory_sessions', 'metadata', { s: Symbol('s') }],
  ['a symbol key', 'ai_memory_sessions', 'metadata', { [Symbol('k')]: 1 }],
  ['a BigInt inside JSON', 'ai_memory_sessions', 'metadata', { n: 1n }],
  ['a cycle', 'ai_memory_sessions', 'metadata', cycle()],
  ['a lone surrogate in TEXT', 'saved_queries', 'name', '👋🏽'.slice(0, 1)],
  ['a lone low surrogate in TEXT', 'saved_queries', 'name', 'a\udc00b'],
  ['a lone surrogate inside JSON', 'saved_queries', 'tags', ['ok', 'x\ud83d']],
  ['a lone surrogate in a JSON key', 'ai_memory_sessions', 'metadata', { ['k\ud800']: 1 }],
  [`JSON ${JSON_MAX_DEPTH + 1} deep`, 'ai_memory_sessions', 'metadata', nest(JSON_MAX_DEPTH + 1)],
  ['JSON 2,000 deep', 'ai_memory_sessions', 'metadata', nest(2000)],
  ['JSON 100,000 deep', 'ai_memory_sessions', 'metadata', nest(100_000)],
]

const base: Record<string, Record<string, unknown>> = {
  saved_queries: { id: 'r', name: 'n', query_text: 'select 1', tags: null, is_favorite: 1 },
  user_preferences: { key: 'theme', value: 'dark' },
  ai_memory_sessions: { id: 'r', title: 't' },
  connection_templates: { connection_id: 'r', name: 'db', type: 'postgres', host: 'h', port: 5432 },
}

const refusal = async (write: () => Promise<unknown>): Promise<unknown> =>
  write().then(
    () => 'accepted',
    (e: unknown) => e,
  )

describe('a value outside its column domain fails the write with a SchemaError naming the column (R14)', () => {
  const paths: ReadonlyArray<readonly [string, (db: SyncDatabase, table: string, row: Record<string, unknown>, column: string, value: unknown) => Promise<unknown>]> = [
    ['put', (db, t, row) => db.table(t).put(row)],
    ['bulkPut', (db, t, row) => db.table(t).bulkPut([row])],
    ['add', (db, t, row) => db.table(t).add(row)],
    ['bulkAdd', (db, t, row) => db.table(t).bulkAdd([row])],
    ['update', async (db, t, row, column, value) => {
      await db.table(t).put(base[t])
      const key = await db.table(t).toCollection().primaryKeys()
      return db.table(t).update(key[0] as string, { [column]: value })
    }],
    ['modify', async (db, t, _row, column, value) => {
      await db.table(t).put(base[t])
      return db.table(t).toCollection().modify({ [column]: value })
    }],
    ['modify (function)', async (db, t, _row, column, value) => {
      await db.table(t).put(base[t])
      return db.table(t).toCollection().modify((r: Record<string, unknown>) => {
        r[column] = value
      })
    }],
    ['Table.bulkUpdate', async (db, t, _row, column, value) => {
      await db.table(t).put(base[t])
      const key = await db.table(t).toCollection().primaryKeys()
      return db.table(t).bulkUpdate([{ key: key[0] as string, changes: { [column]: value } }])
    }],
  ]

  for (const [path, write] of paths) {
    it(`on ${path}`, async () => {
      for (const [name, table, column, value] of outside) {
        const db = fresh()
        const row = { ...base[table], [column]: value }
        const error = await refusal(() => write(db, table, row, column, value))
        expect(error, `${name} via ${path}`).toBeInstanceOf(SchemaError)
        expect(error, `${name} via ${path}`).toMatchObject({ table, column })
        // Nothing of the refused write is stored or queued beyond the valid row the path started from.
        const outbox = await db._outbox.toArray()
        expect(outbox.every((e) => (e.row as Record<string, unknown> | undefined)?.[column] !== value), name).toBe(true)
        db.close()
      }
    })
  }

  it(`JSON exactly ${JSON_MAX_DEPTH} deep, NUL in TEXT and inside JSON and astral characters are inside the domain`, async () => {
    const db = fresh()
    await db.ai_memory_sessions.put({ ...base['ai_memory_sessions'], metadata: nest(JSON_MAX_DEPTH) } as never)
    await db.saved_queries.put({ ...base['saved_queries'], name: 'a\u0000b 👋🏽', tags: ['\u0000', { '👋': -1.5e-300 }] } as never)
    expect((await db.saved_queries.get('r'))?.name).toBe('a\u0000b 👋🏽')
    expect(await db._outbox.count()).toBe(2)
  })

  it('a record larger than MAX_RECORD_BYTES fails at the write as `size`', async () => {
    const db = fresh()
    const error = await refusal(() => db.saved_queries.put({ ...base['saved_queries'], tags: Array.from({ length: 300 }, () => 'é'.repeat(8000)) } as never))
    expect(error).toMatchObject({ name: 'SchemaError', column: 'tags', rule: 'size' })
  })

  it('through the zustand middleware, by the same rule', async () => {
    for (const [name, table, column, value] of outside) {
      if (table !== 'saved_queries') continue
      const db = fresh()
      const store = createAppStore(appOptions(db))
      await hydrated(store)
      const bad = { ...query('bad'), [column]: value } as unknown as QueryDraft
      expect(() => store.getState().upsertQuery(bad), name).toThrow(SchemaError)
      expect(store.getState().savedQueries, name).toEqual({})
    }
  })
})
