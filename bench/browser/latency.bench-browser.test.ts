import { afterAll, expect, it } from 'vitest'
import { commands } from 'vitest/browser'
import { createLocalDatabase, type SyncDatabase } from '../../src/local/index'
import { createContentKey, createSyncEngine, type SyncEngine } from '../../src/index'
import { median } from '../lib/stats'

/**
 * cross_device_latency_ms in Chromium: two devices of one user in this page (each its own IndexedDB database, Web
 * Lock and engine, the emulator on the dev server over HTTP), both in the foreground with the engine's default
 * options (sealing on, default debounce and poll, the browser's own visibility and input signals) and real timers.
 * Each sample presses a key (the user is there), waits a random part of the 5 s poll, edits a saved query on A
 * and times until B's IndexedDB holds it. The figures go to bench/.browser-latency.json, which bench/run.ts merges.
 */
const SAMPLES = Number(import.meta.env['VITE_BENCH_LATENCY_SAMPLES'] ?? 9)
const POLL_MS = 5000 // the default pollIntervalMs: where in it the edit lands is random
const USER = 'bench-latency-user'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A seeded generator, so that every run places its edits at the same points of the poll. */
const seeded = (seed: number): (() => number) => {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
}

const devices: Array<{ db: SyncDatabase; engine: SyncEngine }> = []
const results: Record<string, unknown> = { userAgent: navigator.userAgent }
afterAll(async () => {
  for (const { db, engine } of devices) {
    await engine.stop()
    await db.delete()
  }
  await commands.writeFile('bench/.browser-latency.json', JSON.stringify(results, null, 2))
})

it('an edit on A is visible on B: p50 over the samples', async () => {
  const response = await fetch('/__turso/databases', { method: 'POST', body: '{}' })
  if (!response.ok) throw new Error(`emulator: ${response.status} ${await response.text()}`)
  const user = (await response.json()) as { url: string; authToken: string }
  const key = createContentKey()
  const device = (name: string): { db: SyncDatabase; engine: SyncEngine } => {
    const db = createLocalDatabase(`bench-latency-${name}-${crypto.randomUUID()}`, { userId: USER })
    // Default options: only what the engine cannot do without (where, who, the user's key).
    const engine = createSyncEngine({ db, remote: { url: user.url, authToken: user.authToken }, sealing: { key }, userId: USER, deviceName: name })
    devices.push({ db, engine })
    return { db, engine }
  }
  const a = device('A')
  const b = device('B')
  a.engine.start()
  b.engine.start()
  await a.engine.syncNow()
  await b.engine.syncNow()
  await Promise.all([a.engine.whenIdle(), b.engine.whenIdle()])

  const random = seeded(28)
  const samples: number[] = []
  for (let i = 0; i < SAMPLES; i += 1) {
    // The user is there: a key press, as the page's input listeners see it.
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'a' }))
    await sleep(random() * POLL_MS)
    const id = `latency-${i}`
    const started = performance.now()
    await a.db.saved_queries.put({ id, name: `q ${i}`, description: null, query_text: 'select 1', connection_id: null, folder: null, tags: null, is_favorite: 0 } as never)
    for (;;) {
      if ((await b.db.saved_queries.get(id)) !== undefined) break
      if (performance.now() - started > 60_000) throw new Error('the edit never reached the other device')
      await sleep(20)
    }
    samples.push(Math.round(performance.now() - started))
  }
  results['latencyMs'] = samples
  results['p50'] = median(samples)
  console.log(`cross-device latency in Chromium: ${samples.join(', ')} ms, p50 ${median(samples)} ms`)
  expect(samples).toHaveLength(SAMPLES)
})
