// provisionUserDatabase and createTokenRoute against MSW handlers that follow Turso's published Platform API, with the
// Turso emulator behind the created databases so the schema really goes over @libsql/client's HTTP transport.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createClient, type Client } from '@libsql/client'
import {
  createTokenRoute,
  parseTokenExpiration,
  provisionUserDatabase,
  TursoApiError,
  TursoAuthError,
  TursoNameTakenError,
  TursoQuotaExceededError,
  userDatabaseName,
  type ProvisionUserDatabaseOptions,
} from '@howlerops/sync/server'
import { createTursoEmulator } from '@howlerops/sync/testing'
import { createTursoPlatformFake, type TursoPlatformFake } from './tursoPlatformHandlers'

const ORG = 'acme'
const API_TOKEN = 'turso-platform-SECRET-4f9c2a7e'
const API = 'https://api.turso.tech/v1/organizations/acme'

const emulator = createTursoEmulator()
const server = setupServer(...emulator.handlers)
/** Every request that left, with its Authorization header, to prove where the org token went. */
const sent: Array<{ url: URL; authorization: string | null }> = []
let platform: TursoPlatformFake

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' })
  server.events.on('request:start', ({ request }) => {
    sent.push({ url: new URL(request.url), authorization: request.headers.get('authorization') })
  })
})
beforeEach(() => {
  sent.length = 0
  platform = createTursoPlatformFake({ organization: ORG, apiToken: API_TOKEN, groups: ['users', 'other'], emulator })
  server.use(...platform.handlers)
})
afterEach(() => server.resetHandlers())
afterAll(async () => {
  server.close()
  await emulator.close()
})

let users = 0
const options = (patch: Partial<ProvisionUserDatabaseOptions> = {}): ProvisionUserDatabaseOptions => ({
  organization: ORG,
  group: 'users',
  apiToken: API_TOKEN,
  userId: `user-${++users}@example.com`,
  ...patch,
})

/** Fails when the org token appears anywhere in a value or an error's message, stack or `cause` chain. */
const expectNoApiToken = (value: unknown, seen = new Set<unknown>()): void => {
  if (value === null || value === undefined || seen.has(value)) return
  seen.add(value)
  if (value instanceof Error) {
    expect(value.message).not.toContain(API_TOKEN)
    expect(value.stack ?? '').not.toContain(API_TOKEN)
    expectNoApiToken(value.cause, seen)
  }
  expect(JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? String(v) : v)) ?? '').not.toContain(API_TOKEN)
  expect(String(value)).not.toContain(API_TOKEN)
}

const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise
  } catch (error) {
    expectNoApiToken(error)
    return error
  }
  throw new Error('expected a rejection')
}

describe('provisionUserDatabase', () => {
  it('creates the database with the documented requests and returns a short-lived database token', async () => {
    platform.databases.set('template', { DbId: 't', Hostname: 'template-acme.turso.test', Name: 'template', group: 'users' })
    const result = await provisionUserDatabase(
      options({ userId: 'alice@example.com', seed: { type: 'database', name: 'template' }, now: () => 1_000_000 }),
    )
    const name = await userDatabaseName('alice@example.com')
    expect(name).toMatch(/^user-[0-9a-f]{24}$/)
    expect(result).toEqual({
      url: `libsql://${name}-acme.turso.test`,
      authToken: platform.tokens.at(-1)?.jwt,
      expiresAt: 1_000_000 + 3_600_000,
      databaseName: name,
      created: true,
    })
    expectNoApiToken(result)

    const [create, schemaToken, browserToken, ...rest] = platform.requests
    expect(rest).toEqual([])
    expect(create).toMatchObject({ method: 'POST', contentType: 'application/json' })
    expect(create?.url.href).toBe(`${API}/databases`)
    expect(create?.body).toEqual({ name, group: 'users', seed: { type: 'database', name: 'template' } })
    // expiration and authorization are QUERY parameters; the request has no body.
    for (const request of [schemaToken, browserToken]) {
      expect(request?.method).toBe('POST')
      expect(`${request?.url.origin}${request?.url.pathname}`).toBe(`${API}/databases/${name}/auth/tokens`)
      expect(request?.body).toBeUndefined()
    }
    expect(Object.fromEntries(schemaToken?.url.searchParams ?? [])).toEqual({ expiration: '10m', authorization: 'full-access' })
    expect(Object.fromEntries(browserToken?.url.searchParams ?? [])).toEqual({ expiration: '1h', authorization: 'full-access' })
    for (const request of platform.requests) expect(request.authorization).toBe(`Bearer ${API_TOKEN}`)
    // The token that applied the schema is the server's own; the browser gets a different one.
    expect(platform.tokens.map((t) => t.jwt)).toHaveLength(2)
    expect(platform.tokens[0]?.jwt).not.toBe(result.authToken)

    // The org token went to the Platform API only; the database saw database tokens.
    const database = sent.filter((r) => r.url.hostname === `${name}-acme.turso.test`)
    expect(database.length).toBeGreaterThan(0)
    for (const r of sent) if (r.authorization?.includes(API_TOKEN)) expect(r.url.origin).toBe('https://api.turso.tech')

    // Schema applied over HTTP, and the returned URL + token really open the user's database.
    expect(await emulator.query(name, 'SELECT version FROM schema_migrations')).toEqual([{ version: 1 }])
    const client = createClient({ url: result.url, authToken: result.authToken, fetch: (r: Request) => globalThis.fetch(r) } as never)
    expect((await client.execute('SELECT count(*) AS n FROM saved_queries')).rows[0]?.['n']).toBe(0)
    client.close()
  })

  it('passes read-only authorization and a custom expiration through', async () => {
    const result = await provisionUserDatabase(options({ authorization: 'read-only', tokenExpiration: '15m', now: () => 0, applySchema: false }))
    expect(platform.tokens).toEqual([expect.objectContaining({ expiration: '15m', authorization: 'read-only', jwt: result.authToken })])
    expect(result.expiresAt).toBe(15 * 60_000)
  })

  it('reuses the database when the name is taken (a returning user)', async () => {
    const first = await provisionUserDatabase(options({ userId: 'bob' }))
    platform.requests.length = 0
    const second = await provisionUserDatabase(options({ userId: 'bob' }))
    expect(second).toMatchObject({ url: first.url, databaseName: first.databaseName, created: false })
    expect(second.authToken).not.toBe(first.authToken)
    expect(platform.requests.slice(0, 2).map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      `POST /v1/organizations/acme/databases`,
      `GET /v1/organizations/acme/databases/${first.databaseName}`,
    ])
    expect(await emulator.query(first.databaseName, 'SELECT version FROM schema_migrations')).toEqual([{ version: 1 }])
  })

  it("throws TursoNameTakenError with ifExists: 'error', minting nothing", async () => {
    await provisionUserDatabase(options({ userId: 'carol' }))
    platform.tokens.length = 0
    const error = await rejection(provisionUserDatabase(options({ userId: 'carol', ifExists: 'error' })))
    expect(error).toBeInstanceOf(TursoNameTakenError)
    expect(error).toMatchObject({ status: 409 })
    expect((error as Error).message).toContain('already exists')
    expect(platform.tokens).toEqual([])
  })

  it('does not reuse a database of that name in another group', async () => {
    const name = await userDatabaseName('dave')
    platform.databases.set(name, { DbId: 'x', Hostname: `${name}-acme.turso.test`, Name: name, group: 'other' })
    const error = await rejection(provisionUserDatabase(options({ userId: 'dave' })))
    expect(error).toBeInstanceOf(TursoNameTakenError)
    expect(platform.tokens).toEqual([])
  })

  it('applies the schema through an injected client factory with the server token, and closes it', async () => {
    const memory: Client = createClient({ url: ':memory:' })
    // Kept open past provisioning so the test can look inside.
    const close = vi.spyOn(memory, 'close').mockImplementation(() => {})
    const createClientSpy = vi.fn((_config: { url: string; authToken: string }) => memory)
    const result = await provisionUserDatabase(options({ createClient: createClientSpy }))
    expect(createClientSpy).toHaveBeenCalledWith({ url: result.url, authToken: platform.tokens[0]?.jwt })
    expect(close).toHaveBeenCalledOnce()
    const tables = await memory.execute(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name = 'saved_queries'`)
    expect(tables.rows[0]?.['n']).toBe(1)
    close.mockRestore()
    memory.close()
  })

  it('skips the schema (and its token) with applySchema: false', async () => {
    await provisionUserDatabase(options({ applySchema: false }))
    expect(platform.tokens).toHaveLength(1)
  })

  it.each([
    ['429 with Retry-After', 429, { error: 'rate limit exceeded' }, 30_000],
    ['402 payment required', 402, { error: 'payment required' }, undefined],
    ['400 naming a plan limit', 400, { error: 'you have reached the database limit of your plan' }, undefined],
  ])('throws TursoQuotaExceededError on %s', async (_label, status, body, retryAfterMs) => {
    server.use(http.post(`${API}/databases`, () => HttpResponse.json(body, { status, headers: { 'retry-after': '30' } })))
    const error = await rejection(provisionUserDatabase(options()))
    expect(error).toBeInstanceOf(TursoQuotaExceededError)
    expect(error).toMatchObject({ status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) })
    expect((error as Error).message).toContain(body.error)
  })

  it('throws TursoAuthError when the Platform API token is rejected (401) or lacks permission (403)', async () => {
    const wrong = await rejection(provisionUserDatabase(options({ apiToken: 'not-the-token' })))
    expect(wrong).toBeInstanceOf(TursoAuthError)
    expect(wrong).toMatchObject({ status: 401 })
    expect((wrong as Error).message).not.toContain('not-the-token')

    const otherOrg = await rejection(provisionUserDatabase(options({ organization: 'someone-else' })))
    expect(otherOrg).toBeInstanceOf(TursoAuthError)
    expect(otherOrg).toMatchObject({ status: 403 })
  })

  it.each([
    ['a body that is not JSON', () => new HttpResponse('<html>oops</html>', { status: 200 })],
    ['no database object', () => HttpResponse.json({ ok: true })],
    ['a database without Hostname', () => HttpResponse.json({ database: { DbId: '1', Name: 'x' } })],
    ['a Hostname that is not a host', () => HttpResponse.json({ database: { DbId: '1', Name: 'x', Hostname: 'evil.example/steal?x=' } })],
    ['a 500', () => HttpResponse.json({ error: 'internal error' }, { status: 500 })],
  ])('throws TursoApiError on %s', async (_label, respond) => {
    server.use(http.post(`${API}/databases`, respond))
    const error = await rejection(provisionUserDatabase(options()))
    expect(error).toBeInstanceOf(TursoApiError)
    expect(error).not.toBeInstanceOf(TursoQuotaExceededError)
    expect(error).not.toBeInstanceOf(TursoAuthError)
    expect(error).not.toBeInstanceOf(TursoNameTakenError)
  })

  it('throws TursoApiError when the token response has no jwt', async () => {
    server.use(http.post(`${API}/databases/:name/auth/tokens`, () => HttpResponse.json({ token: 'x' })))
    const error = await rejection(provisionUserDatabase(options()))
    expect(error).toBeInstanceOf(TursoApiError)
    expect((error as Error).message).toContain('jwt')
  })

  it('keeps the org token out of errors even when the transport puts it in its own error', async () => {
    const leakyFetch: typeof fetch = async (_input, init) => {
      const headers = new Headers(init?.headers)
      throw new TypeError('connect ECONNREFUSED', { cause: new Error(`request headers: ${headers.get('authorization')}`) })
    }
    const error = await rejection(provisionUserDatabase(options({ fetch: leakyFetch })))
    expect(error).toBeInstanceOf(TursoApiError)
    expect(error).toMatchObject({ status: undefined })
    expect(((error as Error).cause as Error).message).toBe('connect ECONNREFUSED')
    expect((((error as Error).cause as Error).cause as Error).message).toBe('request headers: Bearer [REDACTED]')
  })

  it('keeps the org token out of errors when Turso echoes it back', async () => {
    server.use(http.post(`${API}/databases`, () => HttpResponse.json({ error: `bad token ${API_TOKEN}` }, { status: 401 })))
    const error = await rejection(provisionUserDatabase(options()))
    expect((error as Error).message).toContain('bad token [REDACTED]')
  })

  it('refuses invalid names and never-expiring tokens before sending anything', async () => {
    await expect(provisionUserDatabase(options({ databaseName: 'Alice_DB' }))).rejects.toBeInstanceOf(RangeError)
    await expect(provisionUserDatabase(options({ databaseName: 'x'.repeat(65) }))).rejects.toBeInstanceOf(RangeError)
    await expect(provisionUserDatabase(options({ tokenExpiration: 'never' }))).rejects.toBeInstanceOf(RangeError)
    expect(platform.requests).toEqual([])
  })
})

describe('userDatabaseName and parseTokenExpiration', () => {
  it('derives a stable, valid, opaque name from the user id', async () => {
    const name = await userDatabaseName('Ünïcødé User <u@example.com>')
    expect(name).toMatch(/^user-[0-9a-f]{24}$/)
    expect(await userDatabaseName('Ünïcødé User <u@example.com>')).toBe(name)
    expect(await userDatabaseName('someone else')).not.toBe(name)
    expect(await userDatabaseName('x', 'tenant')).toMatch(/^tenant-[0-9a-f]{24}$/)
    await expect(userDatabaseName('x', 'Bad Prefix')).rejects.toBeInstanceOf(RangeError)
  })

  it("reads Turso's duration format and refuses never", () => {
    expect(parseTokenExpiration('1h')).toBe(3_600_000)
    expect(parseTokenExpiration('2w1d30m')).toBe((15 * 24 * 60 + 30) * 60_000)
    expect(parseTokenExpiration('7d3h2m1s')).toBe(((7 * 24 + 3) * 3600 + 2 * 60 + 1) * 1000)
    for (const bad of ['never', '0m', '', '1y', '1 h', '-1h']) expect(() => parseTokenExpiration(bad)).toThrow(RangeError)
  })
})

describe('createTokenRoute', () => {
  const route = (patch: Partial<Parameters<typeof createTokenRoute>[0]> = {}): ((request: Request) => Promise<Response>) =>
    createTokenRoute({
      organization: ORG,
      group: 'users',
      apiToken: API_TOKEN,
      authenticate: async (request) => {
        const user = request.headers.get('x-test-user')
        return user === null ? null : { userId: user }
      },
      onError: () => {},
      allowedOrigins: ['https://app.example'],
      ...patch,
    })

  it('answers 401 to an unauthenticated request, without calling Turso', async () => {
    const response = await route()(new Request('https://app.example/api/sync-token'))
    expect(response.status).toBe(401)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(await response.json()).toEqual({ error: 'unauthenticated' })
    expect(platform.requests).toEqual([])
  })

  it("returns the user's url, token and expiry with Cache-Control: no-store", async () => {
    const handle = route({ now: () => 5_000 })
    const response = await handle(new Request('https://app.example/api/sync-token', { headers: { 'x-test-user': 'erin' } }))
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('content-type')).toBe('application/json')
    const text = await response.text()
    expect(text).not.toContain(API_TOKEN)
    const body = JSON.parse(text) as Record<string, unknown>
    const name = await userDatabaseName('erin')
    expect(body).toEqual({ url: `libsql://${name}-acme.turso.test`, authToken: platform.tokens.at(-1)?.jwt, expiresAt: 5_000 + 3_600_000 })

    // The same user again gets their same database.
    const again = await handle(new Request('https://app.example/api/sync-token', { method: 'POST', headers: { 'x-test-user': 'erin' } }))
    expect(((await again.json()) as { url: string }).url).toBe(body['url'])
  })

  it('answers 503 on quota and 502 on other failures, reporting the error to onError only', async () => {
    const onError = vi.fn()
    const request = (): Request => new Request('https://app.example/api/sync-token', { headers: { 'x-test-user': 'frank' } })
    server.use(http.post(`${API}/databases`, () => HttpResponse.json({ error: 'quota exceeded' }, { status: 429, headers: { 'retry-after': '12' } })))
    const quota = await route({ onError })(request())
    expect(quota.status).toBe(503)
    expect(quota.headers.get('retry-after')).toBe('12')
    expect(quota.headers.get('cache-control')).toBe('no-store')
    expect(await quota.json()).toEqual({ error: 'quota-exceeded' })
    expect(onError).toHaveBeenLastCalledWith(expect.any(TursoQuotaExceededError))

    server.resetHandlers()
    server.use(...platform.handlers)
    const failed = await route({ onError, apiToken: 'revoked' })(request())
    expect(failed.status).toBe(502)
    expect(await failed.json()).toEqual({ error: 'provisioning-failed' })
    expect(onError).toHaveBeenLastCalledWith(expect.any(TursoAuthError))
  })

  it('allows only GET and POST', async () => {
    const response = await route()(new Request('https://app.example/api/sync-token', { method: 'DELETE', headers: { 'x-test-user': 'g' } }))
    expect(response.status).toBe(405)
    expect(platform.requests).toEqual([])
  })
})
