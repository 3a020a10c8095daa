import { afterAll, describe, expect, it } from 'vitest'
import { SchemaError } from '@howlerops/sync'
import { createDevice, createUserDatabase, savedQuery, startEmulator, type Device } from './harness'

const { emulator, close } = startEmulator()
afterAll(close)

/** A fetch that rewrites the body of pull responses (read batches) with `tamper`. */
const tampering = (tamper: (body: string) => string): typeof fetch => async (input, init) => {
  const sent = typeof init?.body === 'string' ? init.body : input instanceof Request ? await input.clone().text() : ''
  const response = await globalThis.fetch(input, init)
  if (!sent.includes('ORDER BY server_seq LIMIT')) return response
  return new Response(tamper(await response.text()), { status: response.status, headers: response.headers })
}

const text = (value: string): string => JSON.stringify({ type: 'text', value })

/** A writer syncs two saved queries and a connection; a reader pulls them through `tamper`. */
const readerThrough = async (tamper: (body: string) => string): Promise<Device> => {
  const user = await createUserDatabase(emulator)
  // Unsealed: the tamper rewrites plaintext values of the response (a sealed value that does not open:
  // test/sealing/sealed.test.ts).
  const writer = createDevice(user, 'writer', { sealing: false })
  await writer.db.saved_queries.bulkPut([savedQuery('a', { name: 'query a' }), savedQuery('b', { name: 'query b' })] as never)
  await writer.db.connection_templates.put({ connection_id: 'c', name: 'db', type: 'postgres', host: 'h', port: 5432 } as never)
  await writer.engine.syncNow()
  return createDevice(user, 'reader', { sealing: false, remote: { url: user.url, authToken: user.authToken, fetch: tampering(tamper) } })
}

/**
 * The bad row is set aside alone (R14): listed beside the quarantine with table, key, column and reason; the rest of
 * the page applies, the cursors move past it, and the sync does not fail.
 */
const expectSetAside = async (reader: Device, expected: { table?: string; key?: string; column?: string; rule: string }, applied: { saved_queries: number; connection_templates: number }): Promise<void> => {
  await reader.engine.syncNow()
  expect(reader.engine.getStatus().lastError).toBeNull()
  expect(await reader.db.saved_queries.count()).toBe(applied.saved_queries)
  expect(await reader.db.connection_templates.count()).toBe(applied.connection_templates)
  const cursors = ((await reader.db.table('_state').get('cursors'))?.v ?? {}) as Record<string, number>
  expect(cursors['saved_queries']).toBeGreaterThan(0)
  expect(cursors['connection_templates']).toBeGreaterThan(0)
  const listed = await reader.engine.quarantine.list()
  expect(listed.length).toBeGreaterThan(0)
  for (const entry of listed) {
    expect(entry).toMatchObject({ source: 'pull', code: 'invalid-server-row', ...(expected.table === undefined ? {} : { table: expected.table }), ...(expected.key === undefined ? {} : { key: expected.key }) })
    expect(entry.message).toContain(`[${expected.rule}]`)
    if (expected.column !== undefined) expect(entry.message).toContain(expected.column)
  }
}

// Before issue 27 a bad row refused its whole page, forever, on every device; now it is set aside alone (R14).
describe('pulled rows are validated before IndexedDB (R7), and a bad one is set aside alone (R14)', () => {
  it('a value of the wrong type', async () => {
    const reader = await readerThrough((body) => body.replace(text('query a'), JSON.stringify({ type: 'float', value: 1.5 })))
    await expectSetAside(reader, { table: 'saved_queries', key: 'a', column: 'name', rule: 'type' }, { saved_queries: 1, connection_templates: 1 })
  })

  it('a NULL in a NOT NULL column', async () => {
    const reader = await readerThrough((body) => body.replace(text('query b'), JSON.stringify({ type: 'null' })))
    await expectSetAside(reader, { table: 'saved_queries', key: 'b', column: 'name', rule: 'not-null' }, { saved_queries: 1, connection_templates: 1 })
  })

  it('a column the schema does not have', async () => {
    const reader = await readerThrough((body) => body.replace('{"name":"folder"', '{"name":"evil"'))
    await expectSetAside(reader, { table: 'connection_templates', column: 'evil', rule: 'unknown-column' }, { saved_queries: 2, connection_templates: 0 })
  })

  it('a CHECK the device can evaluate', async () => {
    const reader = await readerThrough((body) => body.replace(text('postgres'), text('sybase')))
    await expectSetAside(reader, { table: 'connection_templates', key: 'c', column: 'type', rule: 'check' }, { saved_queries: 2, connection_templates: 0 })
  })

  it("a row of another user (user_id is defence in depth)", async () => {
    // Every row's user_id, but not the database's own identity (the last result): that one is the binding, and a
    // binding of another user refuses the whole response (test/engine/identity.test.ts).
    const reader = await readerThrough((body) => {
      const last = body.lastIndexOf(text('user-1'))
      return last < 0 ? body : body.slice(0, last).replaceAll(text('user-1'), text('user-2')) + body.slice(last)
    })
    await expectSetAside(reader, { column: 'user_id', rule: 'user' }, { saved_queries: 0, connection_templates: 0 })
  })

  it('a row over the size limit', async () => {
    const reader = await readerThrough((body) => body.replace(text('query a'), text('x'.repeat(5 * 1024 * 1024))))
    await expectSetAside(reader, { table: 'saved_queries', key: 'a', rule: 'size' }, { saved_queries: 1, connection_templates: 1 })
  })

  it('the message names table, key, column and rule, never the value', async () => {
    const reader = await readerThrough((body) => body.replace(text('postgres'), text('hunter2-secret')))
    await reader.engine.syncNow()
    const [entry] = await reader.engine.quarantine.list()
    expect(entry?.message).toMatch(/connection_templates.*c.*type.*check/)
    expect(JSON.stringify(await reader.engine.quarantine.list())).not.toContain('hunter2')
  })

  it('untampered, the same rows apply', async () => {
    const reader = await readerThrough((body) => body)
    await reader.engine.syncNow()
    expect(await reader.db.saved_queries.count()).toBe(2)
    expect(await reader.db.connection_templates.count()).toBe(1)
  })

  it("the device does not write another user's record either", async () => {
    const user = await createUserDatabase(emulator)
    const device = createDevice(user, 'A')
    await device.engine.syncNow()
    const write = device.db.saved_queries.put({ ...savedQuery('x'), user_id: 'user-2' } as never)
    await expect(write).rejects.toBeInstanceOf(SchemaError)
    await expect(write).rejects.toMatchObject({ column: 'user_id', rule: 'user' })
    await device.db.saved_queries.put({ ...savedQuery('y'), user_id: 'user-1' } as never)
    expect((await device.db.saved_queries.toArray()).map((r) => r.id)).toEqual(['y'])
  })
})
