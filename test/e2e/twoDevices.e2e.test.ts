/**
 * The browser demo end to end: Debian's Chromium (playwright-core), one browser context per device, each with its
 * own IndexedDB, syncing through the Turso emulator that `startDemoServer` serves on the page's origin.
 *
 * Every test gets its own user database (`?user=`), and the engine is made quick with `?debounceMs=200&pollMs=1000`.
 * A failing test leaves a screenshot of each of its pages in test/e2e/__failures__/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'
import { startDemoServer, type DemoServer } from '../../demo/server'
import { chromiumLaunchOptions } from '../setup/chromium'
import { localColumns, type TableName } from '@howlerops/sync'
import { createRowOpener } from '@howlerops/sync/testing'

const CHROMIUM = chromiumLaunchOptions.executablePath
const hasChromium = existsSync(CHROMIUM)
if (!hasChromium) console.warn(`[e2e] SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium); the browser demo is not tested.`)

const FAILURES = join(import.meta.dirname, '__failures__')
const POLL = { timeout: 10_000, interval: 100 }

describe.skipIf(!hasChromium)(`the demo in Chromium, two devices${hasChromium ? '' : ` (skipped: ${CHROMIUM} is missing)`}`, () => {
  let server: DemoServer
  let browser: Browser
  let dataDir: string
  let contexts: BrowserContext[] = []
  let user = ''
  let n = 0

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'howlerops-e2e-'))
    server = await startDemoServer({ port: 0, dataDir, hmr: false, cacheDir: join(dataDir, 'vite') })
    browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true })
    // The first load makes Vite optimise the dependencies; pay for it once, outside the tests' timeouts.
    const page = await browser.newPage()
    await page.goto(`${server.url}?device=laptop&seed=0&user=warm-up`)
    await page.locator('.hs-status__text').waitFor({ timeout: 50_000 })
    await page.close()
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true })
  })

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') {
      mkdirSync(FAILURES, { recursive: true })
      const slug = task.name.replace(/\W+/g, '-').slice(0, 80)
      const pages = contexts.flatMap((c) => c.pages())
      await Promise.all(pages.map((p, i) => p.screenshot({ path: join(FAILURES, `${slug}-${i + 1}.png`), fullPage: true }).catch(() => {})))
    }
    await Promise.all(contexts.map((c) => c.close()))
    contexts = []
  })

  /** A fresh browser profile: one device. */
  const newDevice = async (): Promise<BrowserContext> => {
    const context = await browser.newContext({ viewport: { width: 900, height: 1000 } })
    context.setDefaultTimeout(5_000)
    // A page load compiles modules in Vite's dev server: seconds on a loaded 2-core machine, not a UI wait.
    context.setDefaultNavigationTimeout(30_000)
    contexts.push(context)
    return context
  }

  /** Opens the demo showing one device of this test's user, once its first sync is done. */
  const open = async (context: BrowserContext, device: 'laptop' | 'desktop'): Promise<Page> => {
    const page = await context.newPage()
    await page.goto(`${server.url}?device=${device}&user=${user}&seed=0&debounceMs=200&pollMs=1000`)
    await expect.poll(() => status(page), POLL).toMatch(/^Synced/)
    return page
  }

  const status = (page: Page): Promise<string | null> => page.locator('.hs-status__text').textContent()
  const queries = (page: Page): Locator => page.getByRole('list', { name: 'Saved queries' }).getByRole('listitem')
  const query = (page: Page, name: string): Locator => page.getByRole('listitem', { name, exact: true })
  const queryNames = (page: Page): Promise<string[]> => queries(page).locator('.query-name').allTextContents().then((t) => t.sort())

  const addQuery = async (page: Page, name: string): Promise<void> => {
    await page.getByRole('textbox', { name: 'New saved query' }).fill(name)
    await page.getByRole('button', { name: 'Add query' }).click()
  }
  const editSql = async (page: Page, name: string, sql: string): Promise<void> => {
    await query(page, name).getByRole('button', { name: 'Edit' }).click()
    await query(page, name).getByRole('textbox', { name: 'SQL' }).fill(sql)
    await query(page, name).getByRole('button', { name: 'Save' }).click()
  }
  const sqlOf = (page: Page, name: string): Promise<string | null> => query(page, name).locator('code.sql').textContent()
  /** The server's copy, read directly from the emulator's libSQL database. */
  const serverRows = (sql: string, args: unknown[] = []): Promise<Record<string, unknown>[]> => server.emulator!.query(user, sql, args)
  /**
   * The server's rows of a table as a device reads them: the demo seals user content (R11), so the rows are opened
   * with the user's content key from the demo's /config.
   */
  const opened = async (table: TableName): Promise<Record<string, unknown>[]> => {
    const { contentKey } = (await (await fetch(`${server.url}config?user=${user}`)).json()) as { contentKey: string }
    const open = await createRowOpener({ key: contentKey, keyId: 'demo1' })
    const json = new Set(localColumns(table).filter((c) => c.kind === 'json').map((c) => c.name))
    const rows = await serverRows(`SELECT * FROM ${table}`)
    return Promise.all(rows.map((row) => open(table, Object.fromEntries(Object.entries(row).map(([k, v]) => [k, json.has(k) && typeof v === 'string' ? JSON.parse(v) : v])))))
  }
  const pipelineRequests = (page: Page): { count: number } => {
    const counter = { count: 0 }
    page.on('request', (request) => {
      if (/\/turso\/v\d\/pipeline$/.test(request.url())) counter.count += 1
    })
    return counter
  }

  const fresh = (): void => {
    user = `e2e-${++n}-${Math.random().toString(36).slice(2, 8)}`
  }

  it('creates, edits and deletes propagate; the password and private history stay on their device', async () => {
    fresh()
    const laptop = await open(await newDevice(), 'laptop')
    const desktop = await open(await newDevice(), 'desktop')

    await addQuery(laptop, 'Churned customers')
    await laptop.getByRole('textbox', { name: 'New connection name' }).fill('Warehouse')
    await laptop.getByRole('textbox', { name: 'New connection password' }).fill('s3cret-pw!')
    await laptop.getByRole('button', { name: 'Add connection' }).click()
    await query(laptop, 'Churned customers').getByRole('button', { name: 'Run privately' }).click()
    await query(laptop, 'Churned customers').getByRole('button', { name: 'Run', exact: true }).click()

    await expect.poll(() => queryNames(desktop), POLL).toEqual(['Churned customers'])
    const warehouse = desktop.getByRole('listitem', { name: 'Warehouse', exact: true })
    await expect.poll(() => warehouse.count(), POLL).toBe(1)
    expect(await warehouse.getByTestId('password-absent').textContent()).toMatch(/passwords never sync/)
    expect(await laptop.getByRole('listitem', { name: 'Warehouse', exact: true }).locator('input[type=password]').inputValue()).toBe('s3cret-pw!')
    // The password outlives a reload on its device (issue 29: the default encrypted secret store, real IndexedDB).
    await laptop.reload()
    await expect.poll(() => status(laptop), POLL).toMatch(/^Synced/)
    await expect.poll(() => laptop.getByRole('listitem', { name: 'Warehouse', exact: true }).locator('input[type=password]').inputValue(), POLL).toBe('s3cret-pw!')
    await expect.poll(() => desktop.getByRole('list', { name: 'Query history' }).getByRole('listitem').count(), POLL).toBe(1)
    expect(await desktop.getByRole('list', { name: 'Query history' }).textContent()).not.toContain('private')
    expect(await laptop.getByRole('list', { name: 'Query history' }).textContent()).toContain('private')
    expect(JSON.stringify(await serverRows('SELECT * FROM connection_templates'))).not.toContain('s3cret-pw!')

    await editSql(desktop, 'Churned customers', 'SELECT * FROM customers WHERE churned_at IS NOT NULL')
    await expect.poll(() => sqlOf(laptop, 'Churned customers'), POLL).toBe('SELECT * FROM customers WHERE churned_at IS NOT NULL')

    await query(laptop, 'Churned customers').getByRole('button', { name: 'Delete' }).click()
    await expect.poll(() => queries(desktop).count(), POLL).toBe(0)
    expect(await serverRows('SELECT deleted_at FROM saved_queries')).toEqual([{ deleted_at: expect.any(Number) }]) // a tombstone
  }, 40_000)

  it('an edit made offline (context.setOffline) waits in the outbox and syncs on reconnect', async () => {
    fresh()
    const laptopContext = await newDevice()
    const laptop = await open(laptopContext, 'laptop')
    const desktop = await open(await newDevice(), 'desktop')

    await laptopContext.setOffline(true)
    await expect.poll(() => status(laptop), POLL).toBe('Offline')
    await addQuery(laptop, 'Written on a plane')
    await expect.poll(() => laptop.locator('.hs-status__pending').textContent(), POLL).toMatch(/^[1-9]\d* pending$/)
    expect((await opened('saved_queries')).filter((r) => r['name'] === 'Written on a plane')).toEqual([])

    await laptopContext.setOffline(false)
    await expect.poll(() => queryNames(desktop), POLL).toEqual(['Written on a plane'])
    await expect.poll(() => laptop.locator('.hs-status__pending').count(), POLL).toBe(0)
    await expect.poll(() => status(laptop), POLL).toMatch(/^Synced/)
  }, 40_000)

  it('conflicting edits keep both versions, on both devices (the go-offline toggle)', async () => {
    fresh()
    const laptop = await open(await newDevice(), 'laptop')
    const desktop = await open(await newDevice(), 'desktop')
    await addQuery(laptop, 'Top users')
    await expect.poll(() => queryNames(desktop), POLL).toEqual(['Top users'])

    await laptop.getByLabel('Go offline').check()
    await expect.poll(() => status(laptop), POLL).toBe('Offline')
    await editSql(laptop, 'Top users', 'SELECT * FROM users ORDER BY karma DESC')
    await editSql(desktop, 'Top users', 'SELECT * FROM users WHERE active = 1')
    await expect.poll(async () => (await opened('saved_queries')).find((r) => r['name'] === 'Top users')?.['query_text'], POLL).toBe(
      'SELECT * FROM users WHERE active = 1',
    )
    await laptop.getByLabel('Go offline').uncheck()

    const expected = ['Top users', 'Top users (conflicted copy – Laptop)']
    await expect.poll(() => queryNames(laptop), POLL).toEqual(expected)
    await expect.poll(() => queryNames(desktop), POLL).toEqual(expected)
    for (const page of [laptop, desktop]) {
      expect(await sqlOf(page, 'Top users')).toBe('SELECT * FROM users WHERE active = 1') // the server's version keeps the id
      expect(await sqlOf(page, 'Top users (conflicted copy – Laptop)')).toBe('SELECT * FROM users ORDER BY karma DESC')
    }
    expect(await serverRows('SELECT strategy, resolution FROM sync_conflicts_archive')).toEqual([{ strategy: 'keep-both', resolution: 'both' }])
  }, 40_000)

  it('conflicting connection renames open the conflict dialog; "Keep mine" reaches the other device', async () => {
    fresh()
    const laptop = await open(await newDevice(), 'laptop')
    const desktop = await open(await newDevice(), 'desktop')
    await laptop.getByRole('textbox', { name: 'New connection name' }).fill('Production')
    await laptop.getByRole('button', { name: 'Add connection' }).click()
    const connection = (page: Page): Locator => page.getByRole('list', { name: 'Connections' }).getByRole('listitem')
    await expect.poll(() => connection(desktop).count(), POLL).toBe(1)

    await laptop.getByLabel('Go offline').check()
    for (const [page, name] of [[laptop, 'Prod (laptop)'], [desktop, 'Prod (desktop)']] as const) {
      await connection(page).getByRole('button', { name: 'Rename' }).click()
      await page.getByRole('textbox', { name: 'Connection name', exact: true }).fill(name)
      await page.getByRole('button', { name: 'Save' }).click()
    }
    await expect.poll(async () => (await opened('connection_templates'))[0]?.['name'], POLL).toBe('Prod (desktop)')
    await laptop.getByLabel('Go offline').uncheck()

    const dialog = laptop.getByRole('dialog', { name: 'Connection “Production” changed on two devices' })
    await dialog.waitFor({ timeout: 10_000 })
    expect(await dialog.getByRole('row', { name: /^Name/ }).textContent()).toContain('Prod (desktop)')
    await dialog.getByRole('button', { name: 'Keep mine' }).click()
    await expect.poll(() => dialog.count(), POLL).toBe(0)
    await expect.poll(() => connection(desktop).locator('strong').textContent(), POLL).toBe('Prod (laptop)')
    expect(await connection(laptop).locator('strong').textContent()).toBe('Prod (laptop)')
  }, 40_000)

  it('a reload while an upload is in flight loses nothing and applies nothing twice', async () => {
    fresh()
    const laptop = await open(await newDevice(), 'laptop')
    const desktop = await open(await newDevice(), 'desktop')
    // The upload is held at the server long enough for the page to reload under it; it commits afterwards.
    let arrived = (): void => {}
    const uploading = new Promise<void>((resolve) => (arrived = resolve))
    // The demo seals: the body carries no plaintext name, so the upload is known by its statement.
    const match = (body: string): boolean => body.includes('INTO saved_queries') && (arrived(), true)
    server.emulator!.faults.add({ kind: 'latency', ms: 1500, database: user, match, times: 1 })
    for (const i of [1, 2, 3]) await addQuery(laptop, `Reload me ${i}`)
    await expect(uploading).resolves.toBeUndefined()
    await laptop.reload()
    await expect.poll(() => status(laptop), POLL).toMatch(/^Synced/)

    const names = ['Reload me 1', 'Reload me 2', 'Reload me 3']
    await expect.poll(() => queryNames(laptop), POLL).toEqual(names)
    await expect.poll(() => queryNames(desktop), POLL).toEqual(names)
    await expect.poll(() => laptop.locator('.hs-status__pending').count(), POLL).toBe(0)
    expect(await serverRows('SELECT count(*) AS n FROM saved_queries')).toEqual([{ n: 3 }])
    expect(await serverRows('SELECT count(*) AS n FROM sync_conflicts_archive')).toEqual([{ n: 0 }])
  }, 40_000)

  it('two tabs of one device: exactly one syncs, and the other takes over when it closes', async () => {
    fresh()
    const context = await newDevice()
    const first = await open(context, 'laptop')
    const firstRequests = pipelineRequests(first)
    const second = await context.newPage()
    const secondRequests = pipelineRequests(second)
    await second.goto(`${server.url}?device=laptop&user=${user}&seed=0&debounceMs=200&pollMs=1000`)
    await expect.poll(() => status(second), POLL).toMatch(/^Synced/) // the leader's status, mirrored

    // Three polls of the leader while the follower sends nothing.
    const before = firstRequests.count
    await expect.poll(() => firstRequests.count, POLL).toBeGreaterThanOrEqual(before + 3)
    expect(secondRequests.count).toBe(0)

    // An edit in the follower tab is uploaded by the leader.
    await addQuery(second, 'From the second tab')
    await expect.poll(async () => (await opened('saved_queries')).filter((r) => r['deleted_at'] === null).map((r) => r['name']), POLL).toEqual([
      'From the second tab',
    ])
    expect(secondRequests.count).toBe(0)

    await first.close()
    await expect.poll(() => secondRequests.count, POLL).toBeGreaterThan(0)
    await addQuery(second, 'After the takeover')
    await expect.poll(async () => (await opened('saved_queries')).map((r) => String(r['name'])).sort(), POLL).toEqual([
      'After the takeover',
      'From the second tab',
    ])
  }, 40_000)
})
