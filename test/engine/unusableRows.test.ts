import { afterAll, describe, expect, it } from 'vitest'
import { preferenceId } from '@howlerops/sync'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from './harness'

const { emulator, close } = startEmulator()
afterAll(close)

/** A fetch that rewrites pull responses with `tamper` while `active()` says so. */
const tampering = (tamper: (body: string) => string, active: () => boolean): typeof fetch => async (input, init) => {
  const sent = typeof init?.body === 'string' ? init.body : input instanceof Request ? await input.clone().text() : ''
  const response = await globalThis.fetch(input, init)
  if (!active() || !sent.includes('ORDER BY server_seq LIMIT')) return response
  return new Response(tamper(await response.text()), { status: response.status, headers: response.headers })
}

describe('a pulled row that fails validation is set aside alone (R14, issue 27)', () => {
  it("a preference the server holds as JSON null (an old device wrote NaN) stops no device, and a valid version applies", async () => {
    const user = await createUserDatabase(emulator)
    const writer = createDevice(user, 'writer', { sealing: false })
    await writer.db.user_preferences.put({ key: 'zoom', value: 1.5 } as never)
    await writer.db.saved_queries.bulkPut([savedQuery('a'), savedQuery('b')] as never)
    await writer.engine.syncNow()
    // What the server stores for JSON.stringify(NaN): the text 'null', which a NOT NULL JSON column cannot hold.
    let broken = true
    const nan = (body: string): string => body.replace('{"type":"text","value":"1.5"}', '{"type":"text","value":"null"}')
    const reader = createDevice(user, 'reader', { sealing: false, remote: { url: user.url, authToken: user.authToken, fetch: tampering(nan, () => broken) } })

    await reader.engine.syncNow()
    expect(reader.engine.getStatus()).toMatchObject({ lastError: null, quarantinedCount: 1 })
    expect(await reader.db.saved_queries.count()).toBe(2)
    expect(await reader.db.user_preferences.count()).toBe(0)
    const id = preferenceId('zoom', null)
    expect(await reader.engine.quarantine.list()).toEqual([
      expect.objectContaining({ source: 'pull', table: 'user_preferences', key: id, code: 'invalid-server-row', field: 'value' }),
    ])
    // The cursor moved past it: the next sync does not fetch the page again, and later changes keep arriving.
    await writer.db.saved_queries.put(savedQuery('c') as never)
    await writer.engine.syncNow()
    await reader.engine.syncNow()
    expect(await reader.db.saved_queries.count()).toBe(3)
    expect(reader.engine.getStatus().lastError).toBeNull()

    // A valid version arrives: it applies, and the record leaves the list.
    broken = false
    await writer.db.user_preferences.put({ key: 'zoom', value: 2 } as never)
    await writer.engine.syncNow()
    await reader.engine.syncNow()
    expect((await reader.db.user_preferences.get(id))?.value).toBe(2)
    expect(await reader.engine.quarantine.list()).toEqual([])
    expect(reader.engine.getStatus().quarantinedCount).toBe(0)
  })

  it('dismissing a set-aside row removes it from the list and touches no data', async () => {
    const user = await createUserDatabase(emulator)
    const writer = createDevice(user, 'writer', { sealing: false })
    await writer.db.saved_queries.bulkPut([savedQuery('a'), savedQuery('b')] as never)
    await writer.engine.syncNow()
    const bad = (body: string): string => body.replace('{"type":"text","value":"query a"}', '{"type":"float","value":1.5}')
    const reader = createDevice(user, 'reader', { sealing: false, remote: { url: user.url, authToken: user.authToken, fetch: tampering(bad, () => true) } })
    await reader.engine.syncNow()
    expect(await reader.engine.quarantine.list()).toHaveLength(1)
    await reader.engine.quarantine.discard({ table: 'saved_queries', key: 'a' })
    expect(await reader.engine.quarantine.list()).toEqual([])
    expect((await reader.db.saved_queries.toArray()).map((r) => r.id)).toEqual(['b'])
    expect(await reader.db._outbox.count()).toBe(0)
  })
})
