// Keys from the server (R11): /dev/token and createTokenRoute hand out the user's content key, the same on every
// call and device, different per user, rotated by key id with the older keys still given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupServer } from 'msw/node'
import { createTokenRoute, deriveContentKey } from '@howlerops/sync/server'
import { createTursoEmulator } from '@howlerops/sync/testing'
import { createTursoPlatformFake } from '../server/tursoPlatformHandlers'

const APP = 'https://app.example'
const S1 = 'first-secret-0123456789abcdefghijklmnopqrstuvwxyz'
const S2 = 'second-secret-0123456789abcdefghijklmnopqrstuvwxyz'

const emulator = createTursoEmulator()
const platform = createTursoPlatformFake({ organization: 'acme', apiToken: 'turso-platform-SECRET-1', groups: ['users'], emulator })
const server = setupServer(...emulator.handlers, ...platform.handlers)
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterAll(async () => {
  server.close()
  await emulator.close()
})

const route = (contentSecrets: { current: string; secrets: Record<string, string> }): ((request: Request) => Promise<Response>) =>
  createTokenRoute({
    organization: 'acme',
    group: 'users',
    apiToken: 'turso-platform-SECRET-1',
    allowedOrigins: [APP],
    authenticate: async (request) => ({ userId: request.headers.get('x-test-user') ?? 'nobody' }),
    onError: () => {},
    contentSecrets,
  })

const ask = async (handle: (request: Request) => Promise<Response>, user: string): Promise<Record<string, unknown>> =>
  (await (await handle(new Request(`${APP}/api/sync-token`, { headers: { 'x-test-user': user, origin: APP } }))).json()) as Record<string, unknown>

describe('content keys from the token routes', () => {
  it('createTokenRoute derives the key from the secret and the user id, and rotates by key id', async () => {
    const first = route({ current: 'k1', secrets: { k1: S1 } })
    const ann = await ask(first, 'ann')
    expect(ann).toMatchObject({ contentKeyId: 'k1', contentKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) })
    expect(ann['previousContentKeys']).toBeUndefined()
    expect((await ask(first, 'ann'))['contentKey']).toBe(ann['contentKey'])
    expect((await ask(first, 'bob'))['contentKey']).not.toBe(ann['contentKey'])
    expect(ann['contentKey']).toBe(await deriveContentKey(S1, 'k1', 'ann'))

    const rotated = await ask(route({ current: 'k2', secrets: { k1: S1, k2: S2 } }), 'ann')
    expect(rotated).toMatchObject({ contentKeyId: 'k2', previousContentKeys: { k1: ann['contentKey'] } })
    expect(rotated['contentKey']).not.toBe(ann['contentKey'])
  })

  it('refuses a short secret or a current id without a secret at creation', () => {
    expect(() => route({ current: 'k1', secrets: { k1: 'short' } })).toThrow(RangeError)
    expect(() => route({ current: 'k9', secrets: { k1: S1 } })).toThrow(RangeError)
  })

  it('/dev/token returns the content key beside the token, stable per user', async () => {
    const dev = createTursoEmulator()
    const listening = await dev.listen(0, '127.0.0.1', { devTokens: true })
    try {
      const get = async (user: string): Promise<Record<string, unknown>> =>
        (await (await fetch(`${listening.url}/dev/token?userId=${user}`)).json()) as Record<string, unknown>
      const grace = await get('grace')
      expect(grace).toMatchObject({ url: expect.any(String), authToken: expect.any(String), expiresAt: expect.any(Number), contentKeyId: 'dev1' })
      expect(grace['contentKey']).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect((await get('grace'))['contentKey']).toBe(grace['contentKey'])
      expect((await get('alan'))['contentKey']).not.toBe(grace['contentKey'])
    } finally {
      await dev.close()
    }
  })
})
