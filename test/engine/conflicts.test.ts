import { afterAll, describe, expect, it } from 'vitest'
import { preferenceId } from '@howlerops/sync'
import { createDevice, createUserDatabase, savedQuery, startEmulator, type Device } from './harness'

/** A preference's id derives from its key (R7). */
const THEME = preferenceId('theme')

const { emulator, close } = startEmulator()
afterAll(close)

/** Two devices that both hold `seed` in `table`, synced. */
const pair = async (seed: (d: Device) => Promise<unknown>, options: Parameters<typeof createDevice>[2] = {}): Promise<[Device, Device, string]> => {
  const user = await createUserDatabase(emulator)
  const a = createDevice(user, 'Laptop', options)
  const b = createDevice(user, 'Desktop', options)
  await seed(a)
  await a.engine.syncNow()
  await b.engine.syncNow()
  return [a, b, user.name]
}

const archive = (name: string): Promise<Record<string, unknown>[]> =>
  emulator.query(name, 'SELECT entity_type, entity_id, strategy, resolution, resolved_by FROM sync_conflicts_archive ORDER BY detected_at')

describe('conflicts on real devices (I7)', () => {
  it('edits to different fields merge silently and are archived as an auto-merge', async () => {
    const [a, b, name] = await pair((d) => d.db.saved_queries.put(savedQuery('q') as never))
    await a.db.saved_queries.update('q', { name: 'renamed on A' })
    await b.db.saved_queries.update('q', { query_text: 'select 42' })
    await a.engine.syncNow()
    await b.engine.syncNow()
    await a.engine.syncNow()
    for (const d of [a, b]) expect(await d.db.saved_queries.get('q')).toMatchObject({ name: 'renamed on A', query_text: 'select 42' })
    expect(await b.db.saved_queries.count()).toBe(1)
    expect(await archive(name)).toMatchObject([{ entity_id: 'q', strategy: 'auto-merge', resolution: 'merged', resolved_by: 'auto' }])
  })

  it('keep-both: the remote keeps the id, the local edit becomes one deterministic conflicted copy', async () => {
    const [a, b, name] = await pair((d) => d.db.saved_queries.put(savedQuery('q', { query_text: 'v0' }) as never))
    await a.db.saved_queries.update('q', { query_text: 'from laptop' })
    await b.db.saved_queries.update('q', { query_text: 'from desktop' })
    await a.engine.syncNow()
    await b.engine.syncNow()
    await a.engine.syncNow()
    for (const d of [a, b]) {
      const rows = (await d.db.saved_queries.toArray()).sort((x, y) => x.id.localeCompare(y.id))
      expect(rows.map((r) => [r.name, r.query_text])).toEqual([
        ['query q', 'from laptop'],
        ['query q (conflicted copy – Desktop)', 'from desktop'],
      ])
    }
    expect(await archive(name)).toMatchObject([{ strategy: 'keep-both', resolution: 'both' }])
  })

  it('keep-both resolved twice (a restart before the copy was pushed) still makes one copy', async () => {
    const [a, b] = await pair((d) => d.db.saved_queries.put(savedQuery('q') as never))
    await a.db.saved_queries.update('q', { query_text: 'A' })
    await b.db.saved_queries.update('q', { query_text: 'B' })
    await a.engine.syncNow()
    // B resolves the same conflict in two places: its push outcome, and a replay of the same pull.
    await b.engine.syncNow()
    await b.db.table('_state').put({ k: 'cursors', v: {} })
    await b.engine.syncNow()
    await a.engine.syncNow()
    expect(await a.db.saved_queries.count()).toBe(2)
    expect(await b.db.saved_queries.count()).toBe(2)
  })

  it('last-write-wins goes by the hybrid logical clock, not by the wall clock', async () => {
    // The laptop's wall clock is an hour fast; the desktop edits later in real order and must still win.
    const user = await createUserDatabase(emulator)
    const fast = createDevice(user, 'fast', { env: { now: () => Date.now() + 3_600_000 } })
    const slow = createDevice(user, 'slow')
    await fast.db.user_preferences.put({ id: THEME, device_id: null, key: 'theme', value: 'light' } as never)
    await fast.engine.syncNow()
    await slow.engine.syncNow()
    await slow.db.user_preferences.update(THEME, { value: 'dark' })
    await slow.engine.syncNow()
    await fast.engine.syncNow()
    expect((await fast.db.user_preferences.get(THEME))?.value).toBe('dark')
    // Now a real concurrent edit: both offline, both edit; the later HLC wins on both devices.
    await fast.db.user_preferences.update(THEME, { value: 'solarized' })
    await slow.db.user_preferences.update(THEME, { value: 'mono' })
    await slow.engine.syncNow()
    await fast.engine.syncNow()
    await slow.engine.syncNow()
    const values = [(await fast.db.user_preferences.get(THEME))?.value, (await slow.db.user_preferences.get(THEME))?.value]
    expect(values[0]).toBe(values[1])
    expect(values[0]).toBe('solarized') // the fast device's HLC is an hour ahead: it is "later" by the clock it saw
  })

  it('delete against edit: keep-both keeps the edit', async () => {
    const [a, b] = await pair((d) => d.db.saved_queries.put(savedQuery('q') as never))
    await a.db.saved_queries.delete('q')
    await b.db.saved_queries.update('q', { name: 'kept' })
    await a.engine.syncNow()
    await b.engine.syncNow()
    await a.engine.syncNow()
    for (const d of [a, b]) expect(await d.db.saved_queries.get('q')).toMatchObject({ name: 'kept' })
  })

  it('merge (AI sessions): fields merged, counts recomputed from the messages', async () => {
    const [a, b] = await pair((d) => d.db.ai_memory_sessions.put({ id: 's', title: 'chat', message_count: 0, token_count: 0 } as never))
    await a.db.ai_memory_messages.bulkPut([
      { id: 'm1', session_id: 's', role: 'user', content: 'hi', content_encoding: 'identity', token_count: 3 },
      { id: 'm2', session_id: 's', role: 'assistant', content: 'hello', content_encoding: 'identity', token_count: 5 },
    ] as never)
    await a.db.ai_memory_sessions.update('s', { title: 'A title', message_count: 2, token_count: 8 })
    await b.db.ai_memory_messages.put({ id: 'm3', session_id: 's', role: 'user', content: 'yo', content_encoding: 'identity', token_count: 2 } as never)
    await b.db.ai_memory_sessions.update('s', { title: 'B title', message_count: 1, token_count: 2 })
    await a.engine.syncNow()
    await b.engine.syncNow()
    await a.engine.syncNow()
    await b.engine.syncNow()
    const sa = await a.db.ai_memory_sessions.get('s')
    const sb = await b.db.ai_memory_sessions.get('s')
    expect(sb).toMatchObject({ message_count: 3, token_count: 10 })
    expect(sa).toMatchObject({ title: sb?.title, message_count: 3, token_count: 10 })
  })

  it('manual: the record is held back, stays visible locally, and engine.conflicts.resolve settles it', async () => {
    const [a, b] = await pair((d) => d.db.saved_queries.put(savedQuery('q') as never), { strategies: { saved_queries: 'manual' } })
    await a.db.saved_queries.update('q', { query_text: 'mine' })
    await b.db.saved_queries.update('q', { query_text: 'theirs' })
    await b.engine.syncNow()
    await a.engine.syncNow()
    expect((await a.db.saved_queries.get('q'))?.query_text).toBe('mine')
    await a.engine.conflicts.refresh()
    const [pending] = a.engine.conflicts.getSnapshot().pending
    expect(pending).toMatchObject({ table: 'saved_queries', entityId: 'q', strategy: 'manual', local: { query_text: 'mine' }, remote: { query_text: 'theirs' } })
    await a.engine.whenIdle()
    expect((await a.db._outbox.toArray()).filter((e) => e.table === 'saved_queries' && e.held !== 1)).toEqual([]) // held back
    expect(a.engine.getStatus().pendingCount).toBe(0)
    await a.engine.conflicts.resolve(pending!.id, 'local')
    await a.engine.whenIdle()
    await b.engine.syncNow()
    expect((await b.db.saved_queries.get('q'))?.query_text).toBe('mine')
    expect(a.engine.conflicts.getSnapshot().pending).toHaveLength(0)
  })

  it('manual, resolved "both": the remote keeps the id and the local version becomes a named copy on every device', async () => {
    const [a, b] = await pair((d) => d.db.saved_queries.put(savedQuery('q') as never), { strategies: { saved_queries: 'manual' } })
    await a.db.saved_queries.update('q', { query_text: 'mine' })
    await b.db.saved_queries.update('q', { query_text: 'theirs' })
    await b.engine.syncNow()
    await a.engine.syncNow()
    await a.engine.conflicts.refresh()
    const [pending] = a.engine.conflicts.getSnapshot().pending
    await a.engine.conflicts.resolve(pending!.id, 'both')
    await a.engine.whenIdle()
    await b.engine.syncNow()
    for (const d of [a, b]) {
      const rows = (await d.db.saved_queries.toArray()).map((r) => [r.name, r.query_text]).sort()
      expect(rows).toEqual([['query q (conflicted copy – Laptop)', 'mine'], ['query q', 'theirs']])
    }
  })
})
