/**
 * Takes docs/demo.png: the browser demo with its two devices, after the laptop's sample data reached the desktop
 * and a keep-both conflict on "Top users" was made the way the on-screen hint says.
 *
 *   node --import tsx --import ./scripts/raw-loader.mjs scripts/demo-screenshot.ts [out.png]
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Locator, type Page } from 'playwright-core'
import { startDemoServer } from '../demo/server'
import { chromiumLaunchOptions } from '../test/setup/chromium'


const out = resolve(process.argv[2] ?? 'docs/demo.png')
const dataDir = mkdtempSync(join(tmpdir(), 'howlerops-demo-shot-'))
const server = await startDemoServer({ port: 0, dataDir, hmr: false, cacheDir: join(dataDir, 'vite') })
const browser = await chromium.launch({ ...chromiumLaunchOptions, headless: true })

const editSql = async (device: Locator, query: string, sql: string): Promise<void> => {
  const item = device.getByRole('listitem', { name: query, exact: true })
  await item.getByRole('button', { name: 'Edit' }).click()
  await item.getByRole('textbox', { name: 'SQL' }).fill(sql)
  await item.getByRole('button', { name: 'Save' }).click()
}

const waitFor = async (page: Page, what: string, fn: () => Promise<boolean>): Promise<void> => {
  const until = Date.now() + 20_000
  while (!(await fn())) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`)
    await page.waitForTimeout(100)
  }
}

try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 }, deviceScaleFactor: 1 })
  page.on('pageerror', (error) => console.error('page error:', error.message))
  await page.goto(`${server.url}?debounceMs=200&pollMs=1000`)
  const laptop = page.getByRole('region', { name: 'Laptop', exact: true })
  const desktop = page.getByRole('region', { name: 'Desktop', exact: true })
  const topUsers = (device: Locator): Locator => device.getByRole('listitem', { name: 'Top users', exact: true })
  await waitFor(page, 'the sample data on the desktop', async () => (await topUsers(desktop).count()) === 1)

  // The hint's conflict: laptop offline, both edit "Top users", laptop back online.
  await laptop.getByLabel('Go offline').check()
  await editSql(laptop, 'Top users', 'SELECT * FROM users ORDER BY karma DESC, id LIMIT 20')
  await editSql(desktop, 'Top users', 'SELECT * FROM users WHERE active = 1 ORDER BY karma DESC LIMIT 10')
  await page.waitForTimeout(500) // the desktop's debounced upload lands first
  await laptop.getByLabel('Go offline').uncheck()
  const copies = (device: Locator): Locator => device.getByRole('listitem').filter({ hasText: '(conflicted copy' })
  await waitFor(page, 'the conflicted copy on both devices', async () => (await copies(laptop).count()) === 1 && (await copies(desktop).count()) === 1)
  await waitFor(page, 'both devices synced', async () => {
    const texts = await page.getByRole('status').allTextContents()
    return texts.length === 2 && texts.every((t) => t.startsWith('Synced'))
  })
  await page.screenshot({ path: out, fullPage: true })
  console.log(`wrote ${out}`)
} finally {
  await browser.close()
  await server.close()
  rmSync(dataDir, { recursive: true, force: true })
}
