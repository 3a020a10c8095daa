import { createClient, LibsqlError } from '@libsql/client'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTursoEmulator, type EmulatorServer, type TursoEmulator } from '@howlerops/sync/testing'
import { postJson } from '../modes.js'

const body = { baton: null, requests: [{ type: 'execute', stmt: { sql: 'SELECT 1' } }, { type: 'close' }] }

// Point 4: the URL names the database, as Turso's hostname does, and a token opens only its own database.
describe('routing by hostname (MSW) and by /<db> path (HTTP server)', () => {
  let emulator: TursoEmulator
  let server: EmulatorServer
  const msw = setupServer()
  beforeAll(async () => {
    emulator = createTursoEmulator()
    msw.use(...emulator.handlers)
    msw.listen({ onUnhandledRequest: 'error' })
    server = await emulator.listen(0)
  })
  afterAll(async () => {
    msw.close()
    await emulator.close()
  })

  it('serves <db>.<domain> and <db>-<org>.<domain> through MSW, and refuses a token of another database', async () => {
    const alice = emulator.createDatabase('alice')
    const bob = emulator.createDatabase('bob')
    expect((await postJson('https://alice.turso.test/v2/pipeline', alice.authToken, body)).status).toBe(200)
    expect((await postJson('https://alice-acme.aws-eu-west-1.turso.test/v2/pipeline', alice.authToken, body)).status).toBe(200)
    const refused = await postJson('https://bob.turso.test/v2/pipeline', alice.authToken, body)
    expect(refused.status).toBe(401)
    expect(refused.json).toEqual({ error: expect.stringMatching(/^Unauthorized: `.+`$/) })
    expect((await postJson('https://nobody.turso.test/v2/pipeline', bob.authToken, body)).status).toBe(401)
    const client = createClient({ url: bob.url.replace('bob', 'alice'), authToken: bob.authToken })
    const error = await client.execute('SELECT 1').catch((e: unknown) => e)
    // What @libsql/client makes of sqld's 401 body: a SERVER_ERROR whose message carries the status.
    expect(error).toBeInstanceOf(LibsqlError)
    expect(error).toMatchObject({ code: 'SERVER_ERROR', message: expect.stringContaining('401') })
    client.close()
  })

  it('serves http://127.0.0.1:<port>/<db> and refuses a token of another database there', async () => {
    const alice = emulator.createDatabase('alice')
    const bob = emulator.createDatabase('bob')
    const client = createClient({ url: server.urlFor('alice'), authToken: alice.authToken })
    await client.execute('CREATE TABLE IF NOT EXISTS mine (x)')
    client.close()
    const crossed = createClient({ url: server.urlFor('alice'), authToken: bob.authToken })
    await expect(crossed.execute('SELECT 1')).rejects.toMatchObject({ code: 'SERVER_ERROR', message: expect.stringContaining('401') })
    crossed.close()
    expect((await postJson(`${server.urlFor('bob')}v2/pipeline`, alice.authToken, body)).status).toBe(401)
    expect((await postJson(`${server.urlFor('Alice')}v3/pipeline`, alice.authToken, body)).status).toBe(200)
    expect((await postJson(`${server.urlFor('bob')}v2/pipeline`, undefined, body)).json).toEqual({
      error: 'Unauthorized: `The `Authorization` HTTP header is required but was not specified`',
    })
    // A URL that names no database serves the token's own one (an emulator convenience, like single-database sqld).
    const bare = createClient({ url: server.url, authToken: bob.authToken })
    expect((await bare.execute("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'mine'")).rows[0]?.n).toBe(0)
    bare.close()
  })
})
