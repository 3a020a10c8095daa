// The final check at the transport: it sees every body before it leaves, refuses what it cannot read, checks
// compressed content as plaintext, and the remote refuses plain HTTP. getAuthToken's own error text stays out of status.
import { afterAll, describe, expect, it } from 'vitest'
import { createContentKey, createSyncEngine, guardRequestBody } from '@howlerops/sync'
import { createLibsqlRemote } from '@howlerops/sync/remote'
import { checkRequestBody, isCredentialLeakError } from '@howlerops/sync/security'
import { createLocalDatabase } from '@howlerops/sync/dexie'
import { createUserDatabase, startEmulator } from '../engine/harness'

const { emulator, close } = startEmulator()
afterAll(close)

const gzipBase64 = async (text: string): Promise<string> => {
  const out = new Uint8Array(await new Response(new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer())
  return btoa(String.fromCharCode(...out))
}
const body = (value: string): string =>
  JSON.stringify({ requests: [{ type: 'execute', stmt: { sql: 'INSERT INTO ai_memory_messages (id, content) VALUES (?, ?)', args: [{ type: 'text', value: 'm1' }, { type: 'text', value }] } }] })

describe('the final check on request bodies', () => {
  it('refuses a body it cannot read instead of passing it', async () => {
    for (const unreadable of [new Uint8Array([1, 2, 3]), new Blob(['x']), new ReadableStream(), 42, null]) {
      expect(await checkRequestBody(unreadable)).toEqual([{ path: '', kind: 'unreadable-body' }])
      const error = await guardRequestBody(unreadable).catch((e: unknown) => e)
      expect(isCredentialLeakError(error)).toBe(true)
    }
  })

  it('checks gzip-compressed content as the plaintext it carries, also inside rows sent as JSON text', async () => {
    const secret = `Here is the key: ghp_${'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5'}\n${'padding '.repeat(300)}`
    const compressed = await gzipBase64(secret)
    expect(compressed.startsWith('H4sI')).toBe(true)
    expect(await checkRequestBody(body(compressed))).toEqual([{ path: 'requests[0].stmt.args[1]', kind: 'known-format' }])
    const bulk = JSON.stringify([{ id: 'm1', content: compressed }])
    expect((await checkRequestBody(body(bulk))).length).toBe(1)
    expect(await checkRequestBody(body(await gzipBase64(`just a long message\n${'padding '.repeat(300)}`)))).toEqual([])
    await expect(guardRequestBody(body(compressed))).rejects.toMatchObject({ code: 'CREDENTIAL_LEAK' })
    await expect(guardRequestBody(body('SELECT password FROM users'))).resolves.toBeUndefined()
  })

  it('the transport awaits the guard on every body: a blocked body never reaches fetch', async () => {
    const user = await createUserDatabase(emulator)
    const sent: unknown[] = []
    const remote = createLibsqlRemote({
      url: user.url,
      authToken: user.authToken,
      fetch: (input, init) => {
        sent.push(init?.body ?? input)
        return globalThis.fetch(input, init)
      },
      guard: async () => Promise.reject(new Error('blocked by test')),
    })
    const error = await remote.pull({}, { limit: 10, withTotal: false }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(Error)
    expect(sent).toEqual([])
  })
})

describe('safe by default', () => {
  it('refuses http:// database URLs except loopback', () => {
    expect(() => createLibsqlRemote({ url: 'http://db.example.com', authToken: 't' })).toThrow(/unencrypted/)
    expect(() => createLibsqlRemote({ url: 'ws://10.0.0.5:8080', authToken: 't' })).toThrow(TypeError)
    expect(() => createLibsqlRemote({ url: 'not a url', authToken: 't' })).toThrow(TypeError)
    for (const ok of ['http://localhost:8080', 'http://127.0.0.1:8080', 'http://[::1]:8080', 'http://db.localhost', 'https://db.example.com', 'libsql://db-org.turso.io']) {
      expect(() => createLibsqlRemote({ url: ok, authToken: 't' })).not.toThrow()
    }
  })

  it("a failing getAuthToken's text never becomes lastError", async () => {
    const user = await createUserDatabase(emulator)
    const leaky = 'session=eyJhbGciOiJIUzI1NiJ9.leaky-session-cookie-123'
    const engine = createSyncEngine({
      db: createLocalDatabase(`auth-${Math.random()}`),
      remote: { url: user.url, getAuthToken: async () => Promise.reject(new Error(`token route said 500: ${leaky}`)), fetch: (i, n) => globalThis.fetch(i, n) },
      sealing: { key: createContentKey() },
      userId: 'user-1',
      env: { locks: undefined, channel: () => undefined },
    })
    await engine.syncNow().catch(() => undefined)
    const status = engine.getStatus()
    expect(status.lastError?.code).toBe('auth')
    expect(status.phase).toBe('needs-auth')
    expect(JSON.stringify(status)).not.toContain('leaky-session')
  })
})
