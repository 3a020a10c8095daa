import { afterAll, describe, expect, it } from 'vitest'
import { InvalidServerRowError, MalformedResponseError, SchemaError } from '@howlerops/sync'
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

const expectRefused = async (reader: Device, expected: Partial<InvalidServerRowError>): Promise<void> => {
  const error = await reader.engine.syncNow().then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(InvalidServerRowError)
  expect(error).toBeInstanceOf(MalformedResponseError)
  expect(error).toMatchObject({ name: 'InvalidServerRowError', code: 'malformed-response', ...expected })
  // Nothing of the page is applied, and the cursors did not move.
  expect(await reader.db.saved_queries.count()).toBe(0)
  expect(await reader.db.connection_templates.count()).toBe(0)
  expect((await reader.db.table('_state').get('cursors'))?.v ?? {}).toEqual({})
  expect(reader.engine.getStatus()).toMatchObject({ phase: 'error', lastError: { code: 'malformed-response' } })
}

describe('pulled rows are validated before IndexedDB (R7)', () => {
  it('a value of the wrong type', async () => {
    const reader = await readerThrough((body) => body.replace(text('query a'), JSON.stringify({ type: 'float', value: 1.5 })))
    await expectRefused(reader, { table: 'saved_queries', key: 'a', column: 'name', rule: 'type' })
  })

  it('a NULL in a NOT NULL column', async () => {
    const reader = await readerThrough((body) => body.replace(text('query b'), JSON.stringify({ type: 'null' })))
    await expectRefused(reader, { table: 'saved_queries', key: 'b', column: 'name', rule: 'not-null' })
  })

  it('a column the schema does not have', async () => {
    const reader = await readerThrough((body) => body.replace('{"name":"folder"', '{"name":"evil"'))
    await expectRefused(reader, { column: 'evil', rule: 'unknown-column' })
  })

  it('a CHECK the device can evaluate', async () => {
    const reader = await readerThrough((body) => body.replace(text('postgres'), text('sybase')))
    await expectRefused(reader, { table: 'connection_templates', key: 'c', column: 'type', rule: 'check' })
  })

  it("a row of another user (user_id is defence in depth)", async () => {
    const reader = await readerThrough((body) => body.replaceAll(text('user-1'), text('user-2')))
    await expectRefused(reader, { column: 'user_id', rule: 'user' })
  })

  it('a row over the size limit', async () => {
    const reader = await readerThrough((body) => body.replace(text('query a'), text('x'.repeat(5 * 1024 * 1024))))
    await expectRefused(reader, { table: 'saved_queries', key: 'a', rule: 'size' })
  })

  it('the message names table, key, column and rule, never the value', async () => {
    const reader = await readerThrough((body) => body.replace(text('postgres'), text('hunter2-secret')))
    const error = (await reader.engine.syncNow().catch((e: unknown) => e)) as Error
    expect(error.message).toMatch(/connection_templates.*c.*type.*check/)
    expect(error.message).not.toContain('hunter2')
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
