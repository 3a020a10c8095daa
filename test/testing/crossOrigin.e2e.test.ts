import { existsSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTursoEmulator, type EmulatorServer, type TursoEmulator } from '@howlerops/sync/testing'
import { chromiumLaunchOptions } from '../setup/chromium'

const schema = readFileSync(fileURLToPath(new URL('../../schema.sql', import.meta.url)), 'utf8')
const hasChromium = existsSync(chromiumLaunchOptions.executablePath)

// The "done when": a page on another port gets a development token and talks Hrana to the emulator
// in a real browser, so the CORS preflights for JSON bodies and the Authorization header are really made.
describe.runIf(hasChromium)('a page on another origin, in Chromium', () => {
  let browser: Browser
  let emulator: TursoEmulator
  let strict: TursoEmulator
  let api: EmulatorServer
  let strictApi: EmulatorServer
  let page: Server
  let pageOrigin = ''
  beforeAll(async () => {
    emulator = createTursoEmulator({ schema })
    api = await emulator.listen(0, '127.0.0.1', { devTokens: true })
    strict = createTursoEmulator({ cors: ['http://app.example'] })
    strictApi = await strict.listen(0, '127.0.0.1', { devTokens: true })
    page = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>'))
    await new Promise<void>((resolve) => page.listen(0, 'localhost', resolve))
    const address = page.address()
    pageOrigin = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`
    browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true })
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    page?.close()
    await emulator?.close()
    await strict?.close()
  })

  it('gets a token from /dev/token and reads the schema through /v2/pipeline', async () => {
    const tab = await browser.newPage()
    await tab.goto(pageOrigin)
    const result = await tab.evaluate(async (base) => {
      const token = await (await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'grace' }) })).json()
      const response = await fetch(`${token.url}v2/pipeline`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.authToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ baton: null, requests: [{ type: 'execute', stmt: { sql: 'SELECT version FROM schema_migrations' } }, { type: 'close' }] }),
      })
      return { url: token.url as string, status: response.status, body: await response.json() }
    }, api.url)
    expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/user-[0-9a-f]{24}\/$/)
    expect(result.status).toBe(200)
    expect(result.body.results[0].response.result.rows).toEqual([[{ type: 'integer', value: '1' }]])
    await tab.close()
  })

  it('is blocked by the browser when the origin is not allowed', async () => {
    const tab = await browser.newPage()
    await tab.goto(pageOrigin)
    const outcome = await tab.evaluate(async (base) =>
      fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":"x"}' }).then(
        (r) => `status ${r.status}`,
        (e: unknown) => (e instanceof TypeError ? 'blocked' : String(e)),
      ),
    strictApi.url)
    expect(outcome).toBe('blocked')
    await tab.close()
  })
})
