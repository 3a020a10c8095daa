import { afterAll, describe, expect, it } from 'vitest'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from './harness'

const { emulator, close } = startEmulator()
afterAll(close)

/** A fetch that rewrites the body of pull responses (read batches) with `tamper`. */
const tampering = (tamper: (body: string) => string): typeof fetch => async (input, init) => {
  const sent = typeof init?.body === 'string' ? init.body : input instanceof Request ? await input.clone().text() : ''
  const response = await globalThis.fetch(input, init)
  if (!sent.includes('ORDER BY server_seq LIMIT')) return response
  return new Response(tamper(await response.text()), { status: response.status, headers: response.headers })
}

describe('malformed server responses (I9)', () => {
  it('a row with an invalid sequence is refused with a typed error, and nothing of the page is applied', async () => {
    const user = await createUserDatabase(emulator)
    const writer = createDevice(user, 'writer')
    await writer.db.saved_queries.bulkPut([savedQuery('a'), savedQuery('b')] as never)
    await writer.engine.syncNow()
    const reader = createDevice(user, 'reader', {
      remote: { url: user.url, authToken: user.authToken, fetch: tampering((body) => body.replace(/\{"type":"integer","value":"(\d+)"\}/g, '{"type":"text","value":"oops"}')) },
    })
    await expect(reader.engine.syncNow()).rejects.toMatchObject({ name: 'MalformedResponseError', code: 'malformed-response' })
    expect(await reader.db.saved_queries.count()).toBe(0)
    expect((await reader.db.table('_state').get('cursors'))?.v ?? {}).toEqual({})
    expect(reader.engine.getStatus()).toMatchObject({ phase: 'error', lastError: { code: 'malformed-response' } })
  })

  it('a body that is not Hrana at all is a typed error too', async () => {
    const user = await createUserDatabase(emulator)
    const reader = createDevice(user, 'reader', { remote: { url: user.url, authToken: user.authToken, fetch: tampering(() => '<html>proxy error</html>') } })
    await expect(reader.engine.syncNow()).rejects.toMatchObject({ code: 'malformed-response' })
    expect(await reader.db.saved_queries.count()).toBe(0)
  })
})
