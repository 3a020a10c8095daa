// createTokenRoute's guards: the Origin allow-list, the maximum expiry, the per-user database cache and the
// scrubbing of Authorization headers from everything handed to onError.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { createTokenRoute, scrubAuthorization, TursoApiError, type TokenRouteOptions } from '@howlerops/sync/server'
import { createTursoEmulator } from '@howlerops/sync/testing'
import { createTursoPlatformFake, type TursoPlatformFake } from './tursoPlatformHandlers'

const ORG = 'acme'
const API_TOKEN = 'turso-platform-SECRET-77aa01bc'
const API = 'https://api.turso.tech/v1/organizations/acme'
const APP = 'https://app.example'

const emulator = createTursoEmulator()
const server = setupServer(...emulator.handlers)
let platform: TursoPlatformFake

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
beforeEach(() => {
  platform = createTursoPlatformFake({ organization: ORG, apiToken: API_TOKEN, groups: ['users'], emulator })
  server.use(...platform.handlers)
})
afterEach(() => server.resetHandlers())
afterAll(async () => {
  server.close()
  await emulator.close()
})

const route = (patch: Partial<TokenRouteOptions> = {}): ((request: Request) => Promise<Response>) =>
  createTokenRoute({
    organization: ORG,
    group: 'users',
    apiToken: API_TOKEN,
    allowedOrigins: [APP],
    authenticate: async (request) => {
      const user = request.headers.get('x-test-user')
      return user === null ? null : { userId: user }
    },
    onError: () => {},
    ...patch,
  })

const ask = (user: string, headers: Record<string, string> = {}, method = 'GET'): Request =>
  new Request(`${APP}/api/sync-token`, { method, headers: { 'x-test-user': user, ...headers } })

describe('createTokenRoute: Origin allow-list', () => {
  it('mints nothing for a cross-site Origin, and answers the allowed origin', async () => {
    const handle = route()
    const evil = await handle(ask('ann', { origin: 'https://evil.example' }, 'POST'))
    expect(evil.status).toBe(403)
    expect(await evil.json()).toEqual({ error: 'origin-not-allowed' })
    expect(platform.requests).toEqual([])
    expect(platform.tokens).toEqual([])

    const ok = await handle(ask('ann', { origin: APP }, 'POST'))
    expect(ok.status).toBe(200)
    expect(platform.tokens.filter((t) => t.expiration === '1h')).toHaveLength(1)
  })

  it('refuses a browser request marked cross-site even without an Origin header', async () => {
    const response = await route()(ask('bob', { 'sec-fetch-site': 'cross-site' }))
    expect(response.status).toBe(403)
    expect(platform.requests).toEqual([])
    expect((await route()(ask('bob', { 'sec-fetch-site': 'same-origin' }))).status).toBe(200)
  })

  it('refuses a malformed allowed origin at creation', () => {
    expect(() => route({ allowedOrigins: ['app.example'] })).toThrow(RangeError)
    expect(() => route({ allowedOrigins: ['https://app.example/api'] })).toThrow(RangeError)
    // A trailing slash is the same origin.
    expect(() => route({ allowedOrigins: ['https://app.example/'] })).not.toThrow()
  })
})

describe('createTokenRoute: maximum expiry', () => {
  it("refuses '520w' by default and anything above a configured maximum", () => {
    expect(() => route({ tokenExpiration: '520w' })).toThrow(/longer than maxTokenExpiration "1d"/)
    expect(() => route({ tokenExpiration: '25h' })).toThrow(RangeError)
    expect(() => route({ tokenExpiration: '1d' })).not.toThrow()
    expect(() => route({ tokenExpiration: '2h', maxTokenExpiration: '1h' })).toThrow(RangeError)
    expect(() => route({ tokenExpiration: 'never' })).toThrow(RangeError)
  })
})

describe('createTokenRoute: per-user database cache', () => {
  it('a refresh within the TTL is one Platform API call; after it, provisioning runs again', async () => {
    let now = 1_000
    const handle = route({ now: () => now, cacheTtlMs: 60_000 })
    const first = (await (await handle(ask('cara'))).json()) as { url: string; authToken: string }
    const provisioning = platform.requests.length
    expect(provisioning).toBeGreaterThanOrEqual(3)

    now += 30_000
    const second = (await (await handle(ask('cara'))).json()) as { url: string; authToken: string; expiresAt: number }
    expect(platform.requests.length - provisioning).toBe(1)
    expect(platform.requests.at(-1)?.url.pathname).toMatch(/\/auth\/tokens$/)
    expect(second.url).toBe(first.url)
    expect(second.authToken).toBe(platform.tokens.at(-1)?.jwt)
    expect(second.expiresAt).toBe(now + 3_600_000)

    // Another user is not served from cara's entry.
    const before = platform.requests.length
    await handle(ask('dan'))
    expect(platform.requests.length - before).toBeGreaterThanOrEqual(3)

    now += 60_000
    const expired = platform.requests.length
    await handle(ask('cara'))
    expect(platform.requests.length - expired).toBeGreaterThanOrEqual(3)
  })

  it('falls back to full provisioning when the cached database cannot mint (deleted meanwhile)', async () => {
    const onError = vi.fn()
    const handle = route({ onError })
    await handle(ask('erin'))
    let failMint = true
    server.use(
      http.post(`${API}/databases/:name/auth/tokens`, () => {
        if (!failMint) return undefined
        failMint = false
        return HttpResponse.json({ error: 'database not found' }, { status: 404 })
      }),
    )
    const response = await handle(ask('erin'))
    expect(response.status).toBe(200)
    expect(onError).toHaveBeenCalledWith(expect.any(TursoApiError))
  })

  it('cacheTtlMs: 0 provisions every time', async () => {
    const handle = route({ cacheTtlMs: 0 })
    await handle(ask('finn'))
    const once = platform.requests.length
    await handle(ask('finn'))
    // Create (409), look up, schema token, mint: the four calls the cache saves.
    expect(platform.requests.length - once).toBe(4)
  })
})

describe('createTokenRoute: errors are scrubbed before onError', () => {
  it('removes Authorization headers at any depth, and Bearer values from messages', async () => {
    const bearer = 'Bearer eyJhbGciOi.session-SECRET-123456'
    const failure = Object.assign(new TypeError(`fetch failed with ${bearer}`), {
      request: new Request('https://api.turso.tech/x', { headers: { authorization: `Bearer ${API_TOKEN}` } }),
      config: { headers: { Authorization: `Bearer ${API_TOKEN}`, accept: 'json' }, nested: [{ 'proxy-authorization': 'Basic dXNlcjpwdw==' }] },
      cause: Object.assign(new Error('inner'), { headers: new Headers({ authorization: `Bearer ${API_TOKEN}`, 'x-ok': '1' }) }),
    })
    const logged: unknown[] = []
    const handle = route({ authenticate: async () => Promise.reject(failure), onError: (e) => logged.push(e) })
    expect((await handle(ask('gus'))).status).toBe(500)
    const [error] = logged as [TypeError & { request: { headers: Headers }; config: { headers: Record<string, string>; nested: Array<Record<string, string>> }; cause: { headers: Headers } }]
    expect(error).toBeInstanceOf(TypeError)
    expect(error.message).not.toContain('session-SECRET')
    expect(error.request.headers.get('authorization')).toBe('[REDACTED]')
    expect(error.config.headers['Authorization']).toBe('[REDACTED]')
    expect(error.config.headers['accept']).toBe('json')
    expect(error.config.nested[0]?.['proxy-authorization']).toBe('[REDACTED]')
    expect(error.cause.headers.get('authorization')).toBe('[REDACTED]')
    expect(error.cause.headers.get('x-ok')).toBe('1')
    const text = JSON.stringify(error, (_k, v: unknown) => (v instanceof Headers ? Object.fromEntries(v) : v)) + String(error.stack)
    expect(text).not.toContain(API_TOKEN)
    // The original is untouched.
    expect(failure.config.headers.Authorization).toContain(API_TOKEN)
  })

  it('scrubAuthorization survives cycles and leaves other values alone', () => {
    const a: Record<string, unknown> = { authorization: 'Basic abc', n: 1 }
    a['self'] = a
    const out = scrubAuthorization(a)
    expect(out).toMatchObject({ authorization: '[REDACTED]', n: 1 })
    expect(out['self']).toBe(out)
    expect(scrubAuthorization('plain text')).toBe('plain text')
    expect(scrubAuthorization(42)).toBe(42)
  })
})
