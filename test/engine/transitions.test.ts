import { afterAll, describe, expect, it } from 'vitest'
import { createDevice, createUserDatabase, savedQuery, startEmulator, type Device } from './harness'

const { emulator, close } = startEmulator()
afterAll(close)

/** Issue 27, point 4: transitions that lost or misreported data. */
describe('a refused record is never overwritten by a pull while it is refused (R14)', () => {
  const setup = async () => {
    const user = await createUserDatabase(emulator)
    // A push request of 4 KiB: a record with 8 KiB of text can never be sent and is refused as too large.
    const a = createDevice(user, 'A', { pushBudgetBytes: 4096 })
    const b = createDevice(user, 'B')
    await a.db.saved_queries.put(savedQuery('q', { name: 'original', description: 'short' }) as never)
    await a.engine.syncNow()
    await b.engine.syncNow()
    const large = 'x'.repeat(8 * 1024)
    await a.db.saved_queries.update('q', { description: large })
    await a.engine.syncNow()
    expect(await a.engine.quarantine.list()).toEqual([expect.objectContaining({ table: 'saved_queries', key: 'q', code: 'too-large' })])
    // Another device edits a different field of the same record.
    await b.db.saved_queries.update('q', { name: 'renamed on B' })
    await b.engine.syncNow()
    await a.engine.syncNow()
    return { a, b, large }
  }

  it('the pull keeps the refused content, and the record stays listed', async () => {
    const { a, large } = await setup()
    expect(await a.db.saved_queries.get('q')).toMatchObject({ description: large, name: 'original' })
    expect(await a.engine.quarantine.list()).toEqual([expect.objectContaining({ key: 'q', code: 'too-large' })])
  })

  it('fixed and sent again, the edit merges with the other device’s edit field by field', async () => {
    const { a, b } = await setup()
    await a.db.saved_queries.update('q', { description: 'fixed' })
    await a.engine.syncNow()
    await b.engine.syncNow()
    for (const device of [a, b]) expect(await device.db.saved_queries.get('q')).toMatchObject({ name: 'renamed on B', description: 'fixed' })
    expect(await a.engine.quarantine.list()).toEqual([])
  })

  it('discarded, the record takes the server version the pull held, not the stale base', async () => {
    const { a } = await setup()
    await a.engine.quarantine.discard({ table: 'saved_queries', key: 'q' })
    expect(await a.db.saved_queries.get('q')).toMatchObject({ name: 'renamed on B', description: 'short' })
    await a.engine.syncNow()
    expect(await a.db._outbox.count()).toBe(0)
  })
})

let messages = 0
/** Appends a message and writes the session's counts over the messages this device holds (as Howlerops does). */
const append = async (db: Device['db'], sessionId: string, tokens: number): Promise<void> => {
  await db.transaction('rw', [db.ai_memory_messages, db.ai_memory_sessions], async () => {
    await db.ai_memory_messages.put({ id: `m-${++messages}`, session_id: sessionId, role: 'user', content: `hi ${messages}`, token_count: tokens } as never)
    const mine = await db.ai_memory_messages.where('session_id').equals(sessionId).toArray()
    const current = await db.ai_memory_sessions.get(sessionId)
    await db.ai_memory_sessions.put({
      ...(current ?? { id: sessionId, title: 'chat' }),
      message_count: mine.length,
      token_count: mine.reduce((sum, m) => sum + Number(m.token_count ?? 0), 0),
    } as never)
  })
}

/** The session's counts and what its live messages add up to, on one device. */
const countsOn = async (device: Device, sessionId: string): Promise<{ session: [number, number] | null; live: [number, number] }> => {
  const session = await device.db.ai_memory_sessions.get(sessionId)
  const live = await device.db.ai_memory_messages.where('session_id').equals(sessionId).toArray()
  return {
    session: session === undefined ? null : [Number(session.message_count), Number(session.token_count)],
    live: [live.length, live.reduce((sum, m) => sum + Number(m.token_count ?? 0), 0)],
  }
}

describe("a session's counts equal its live messages after a delete-versus-append interleaving (I7)", () => {
  it.each([
    ['the delete syncs first', ['a', 'b', 'a', 'b']],
    ['the append syncs first', ['b', 'a', 'b', 'a']],
  ] as const)('deleted on one device while another appends offline: %s', async (_name, order) => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await append(a.db, 's', 5)
    await a.engine.syncNow()
    await b.engine.syncNow()
    await append(b.db, 's', 7) // offline: B counts 2 / 12
    await a.db.transaction('rw', [a.db.ai_memory_messages, a.db.ai_memory_sessions], async () => {
      await a.db.ai_memory_messages.where('session_id').equals('s').delete()
      await a.db.ai_memory_sessions.delete('s')
    })
    for (const device of order) await (device === 'a' ? a : b).engine.syncNow()
    const onA = await countsOn(a, 's')
    const onB = await countsOn(b, 's')
    expect(onB).toEqual(onA)
    if (onA.session !== null) expect(onA.session).toEqual(onA.live)
  })
})

describe('a retry is never archived as a conflict, whatever edits happened between the lost response and the retry (I2)', () => {
  const loseNextPush = (userName: string): void => {
    emulator.faults.add({ kind: 'lost-after-commit', database: userName, match: (body) => body.includes('SET seq = seq + :n') })
  }

  it('a re-create whose response was lost, then deleted and re-created again before the retry', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    await a.db.saved_queries.put(savedQuery('q', { name: 'first' }) as never)
    await a.engine.syncNow()
    await a.db.saved_queries.delete('q')
    await a.engine.syncNow()
    await a.db.saved_queries.put(savedQuery('q', { name: 'second' }) as never)
    loseNextPush(user.name)
    await a.engine.syncNow().catch(() => undefined)
    await a.db.saved_queries.delete('q')
    await a.db.saved_queries.put(savedQuery('q', { name: 'third' }) as never)
    for (let i = 0; i < 3; i += 1) await a.engine.syncNow().catch(() => undefined)
    const b = createDevice(user, 'B')
    await b.engine.syncNow()
    expect(await a.db.sync_conflicts_archive.count()).toBe(0)
    expect(await b.db.sync_conflicts_archive.count()).toBe(0)
    for (const device of [a, b]) expect((await device.db.saved_queries.toArray()).map((r) => [r.id, r.name])).toEqual([['q', 'third']])
    expect(await a.db._outbox.count()).toBe(0)
  })
})

describe('a device never downloads its own uploads after a backlog (I5, I8)', () => {
  it("a backlog pushed in several requests behind another device's row is not pulled back", async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await a.engine.syncNow()
    await b.engine.syncNow()
    await a.engine.syncNow()
    // A works offline; meanwhile B writes, so B's row lies before A's uploads.
    const backlog = 3500
    await a.db.saved_queries.bulkPut(Array.from({ length: backlog }, (_, i) => savedQuery(`a${i}`)) as never)
    await b.db.saved_queries.put(savedQuery('from-b') as never)
    await b.engine.syncNow()
    emulator.resetStats(user.name)
    const summary = await a.engine.syncNow()
    const stats = emulator.stats(user.name)
    expect(summary.pushed).toBe(backlog)
    expect(summary.pulled).toBe(1) // B's row, not A's own 3,500
    expect(await a.db.saved_queries.get('from-b')).toBeDefined()
    // About one request per thousand changes: 4 pushes and 2 pulls; rows read stay near the rows written, not double.
    expect(summary.requests).toBeLessThanOrEqual(Math.ceil(backlog / 1000) + 2)
    expect(stats.rowsRead).toBeLessThan(backlog * 1.3)
    // Later changes of others still arrive, and nothing of A's is lost on B.
    await b.db.saved_queries.put(savedQuery('later') as never)
    await b.engine.syncNow()
    await a.engine.syncNow()
    expect(await a.db.saved_queries.get('later')).toBeDefined()
    await b.engine.syncNow()
    expect(await b.db.saved_queries.count()).toBe(backlog + 2)
  }, 60_000)
})
