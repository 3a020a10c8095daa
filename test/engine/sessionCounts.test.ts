import { afterAll, describe, expect, it } from 'vitest'
import type { SyncDatabase } from '@howlerops/sync/dexie'
import { createDevice, createUserDatabase, startEmulator, type Device } from './harness'

/**
 * I7, the merge strategy for AI sessions: a session's counts are those of the union of its messages, on every
 * device and on the server, whichever way the app's own counting and the network interleave. The app here counts
 * like Howlerops: when it appends a message it writes the session's counts over the messages this device holds.
 */
const { emulator, close } = startEmulator()
afterAll(close)

let n = 0
let cuts = 0
const append = async (db: SyncDatabase, sessionId: string): Promise<void> => {
  await db.transaction('rw', [db.ai_memory_messages, db.ai_memory_sessions], async () => {
    await db.ai_memory_messages.put({ id: `msg-${++n}`, session_id: sessionId, role: 'user', content: `hello ${n}`, content_encoding: 'identity', token_count: 5, metadata: null } as never)
    const mine = await db.ai_memory_messages.where('session_id').equals(sessionId).toArray()
    const current = await db.ai_memory_sessions.get(sessionId)
    await db.ai_memory_sessions.put({
      ...(current ?? { id: sessionId, title: 'chat', connection_id: null, model: null, summary: null, metadata: null }),
      message_count: mine.length,
      token_count: mine.reduce((sum, m) => sum + Number(m.token_count ?? 0), 0),
      last_message_at: n,
    } as never)
  })
}

/** A device whose pulls fail while `cutPulls` is set (its pushes go through): the push and the pull of one cycle part. */
const deviceWithPullCut = (user: { url: string; authToken: string }, name: string): Device & { cutPulls: boolean } => {
  const state = { cutPulls: false }
  const device = createDevice(user, name, {
    remote: {
      url: user.url,
      authToken: user.authToken,
      // Plain bodies, so that the wrapper can tell a pull from a push.
      compressionThreshold: Number.MAX_SAFE_INTEGER,
      fetch: async (input, init) => {
        const request = new Request(input as RequestInfo, init)
        const body = await request.clone().text()
        if (state.cutPulls && !body.includes('SET seq = seq + :n')) {
          cuts += 1
          throw new TypeError('fetch failed (pull cut)')
        }
        return globalThis.fetch(request)
      },
    },
  })
  return Object.defineProperty(device, 'cutPulls', { get: () => state.cutPulls, set: (v: boolean) => { state.cutPulls = v } }) as Device & { cutPulls: boolean }
}

describe('session counts follow the union of messages (I7)', () => {
  it('a device that counts before it has pulled the merged session\'s messages is corrected when its push is applied', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = deviceWithPullCut(user, 'B')
    await append(a.db, 's')
    await a.engine.syncNow() // server: 1 message, count 1
    b.cutPulls = true
    await append(b.db, 's') // B counts 1 (its own)
    await b.engine.syncNow().catch(() => {}) // push: conflict, merged to the server's totals (2); the pull fails
    await append(b.db, 's') // B still holds only its two messages: it writes 2, based on the merged version
    await b.engine.syncNow().catch(() => {}) // applied without a conflict
    expect(cuts).toBeGreaterThan(0)
    b.cutPulls = false
    await b.engine.syncNow()
    await a.engine.syncNow()
    const [server] = (await emulator.query(user.name, "SELECT message_count, token_count FROM ai_memory_sessions WHERE id = 's'")) as Array<Record<string, unknown>>
    expect(server).toEqual({ message_count: 3, token_count: 15 })
    for (const device of [a, b]) expect(await device.db.ai_memory_sessions.get('s')).toMatchObject({ message_count: 3, token_count: 15 })
    await a.engine.stop()
    await b.engine.stop()
  })
})

describe('the correction waits for the batch\'s conflicts (I7)', () => {
  it('a message of the session that conflicted in the same push is settled before the session\'s counts are checked', async () => {
    const { createLocalDatabase } = await import('@howlerops/sync/dexie')
    const { createConflictResolver } = await import('@howlerops/sync')
    const db = createLocalDatabase(`acknowledge-${Math.random()}`, { userId: 'u' })
    let t = 1_800_000_000_000
    const tick = (): string => `${String(++t).padStart(15, '0')}-000000-d`
    const decide = createConflictResolver({ userId: 'u', deviceId: 'd', deviceName: 'D', now: () => t, tick, newId: () => crypto.randomUUID() })
    const sync = (row: Record<string, unknown>, v: number): Record<string, unknown> => ({
      user_id: 'u', created_at: 1, updated_at: 1, deleted_at: null, sync_version: v, server_seq: v, hlc: `00000000000000${v}-000000-x`, mutation_id: `m${v}-${String(row['id'])}`, origin_device_id: 'x', ...row,
    })
    const message = (id: string): Record<string, unknown> => ({ id, session_id: 's', role: 'user', content: `hello ${id}`, content_encoding: 'identity', token_count: 5, metadata: null })
    const session = { id: 's', title: 'chat', connection_id: null, model: null, summary: null, last_message_at: null, metadata: null }
    // The device knows the session (v1) and one message; the server also has m2 from another device.
    await db.sync.applyPage({ rows: [{ table: 'ai_memory_messages', row: sync(message('m1'), 1) }, { table: 'ai_memory_sessions', row: sync({ ...session, message_count: 1, token_count: 5 }, 1) }], cursors: {}, more: [] }, decide)
    // The app creates its own m2 (same id) and counts the two messages it holds.
    await db.ai_memory_messages.put(message('m2') as never)
    await db.ai_memory_sessions.put({ ...session, message_count: 2, token_count: 10 } as never)
    const out = await db.sync.takeOutgoing(10)
    const sent = (table: string) => out.find((c) => c.table === table)!
    await db.sync.acknowledge(
      [
        // The session is applied (it was based on v1). This device's m2 conflicts with another device's m2; the server
        // holds m1, their m2 and a third message of theirs: totals 3.
        { change: sent('ai_memory_sessions'), outcome: { kind: 'applied', version: 2, seq: 9, server: sync({ ...session, message_count: 2, token_count: 10 }, 2), messageTotals: { count: 3, tokens: 15 } } },
        { change: sent('ai_memory_messages'), outcome: { kind: 'conflict', server: sync({ ...message('m2'), content: 'theirs' }, 1) } },
      ],
      decide,
    )
    // The device now holds m1 and m2 (merged), both synced, and the server has a third: the session says 3.
    expect(await db.ai_memory_sessions.get('s')).toMatchObject({ message_count: 3, token_count: 15 })
    const queued = (await db.sync.takeOutgoing(10)).find((c) => c.table === 'ai_memory_sessions')
    expect(queued).toMatchObject({ baseVersion: 2, row: { message_count: 3 } })
  })
})
