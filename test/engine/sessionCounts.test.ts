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
