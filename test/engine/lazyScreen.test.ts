// Line 1 of the credential firewall (the sanitizer and its rules) is a lazy chunk. A push waits for it: nothing is
// sent before the rules are there, and a failed load is a typed error that leaves every change queued (I10).
import { afterAll, describe, expect, it } from 'vitest'
import { createEngine, loadScreen, SyncError } from '@howlerops/sync'
import { createLibsqlRemote } from '@howlerops/sync/remote'
import { createLocalDatabase } from '@howlerops/sync/dexie'
import { screenChange } from '@howlerops/sync/security'
import { createUserDatabase, savedQuery, startEmulator, type Emulator } from './harness'

const { emulator, close } = startEmulator()
afterAll(close)

const PASSWORD_URI = 'postgres://admin:hunter2-secret@db.internal:5432/app'

type Screen = Awaited<ReturnType<typeof loadScreen>>

/** A loader the test settles by hand, and a promise for the moment the engine first asks for it. */
const gate = (): { load: () => Promise<Screen>; asked: Promise<void>; loads: () => number; settle: (result: Screen | Error) => void } => {
  let loads = 0
  let onAsk = (): void => {}
  const asked = new Promise<void>((resolve) => (onAsk = resolve))
  let settle: (result: Screen | Error) => void = () => {}
  const pending = new Promise<Screen>((resolve, reject) => (settle = (r) => (r instanceof Error ? reject(r) : resolve(r))))
  pending.catch(() => {}) // settled before the engine asks, in the failure test
  return {
    load: () => {
      loads += 1
      onAsk()
      return pending
    },
    asked,
    loads: () => loads,
    settle: (r) => settle(r),
  }
}

const device = async (em: Emulator, load: () => Promise<Screen>) => {
  const user = await createUserDatabase(em)
  const db = createLocalDatabase(`lazy-${Math.random()}`)
  const engine = createEngine({
    local: db.sync,
    // No final check (line 2) on purpose: only the lazily loaded line 1 stands between the row and the wire.
    remote: createLibsqlRemote({ url: user.url, authToken: user.authToken, fetch: (i, n) => globalThis.fetch(i, n) }),
    userId: 'user-1',
    screen: { load },
    env: { locks: undefined, channel: () => undefined },
  })
  return { user, db, engine }
}

describe('the lazily loaded screen (I10)', () => {
  it('a push waits for the rules: no request leaves before they load, then the record goes sanitized', async () => {
    const rules = gate()
    const { user, db, engine } = await device(emulator, rules.load)
    await db.saved_queries.put(savedQuery('q', { description: `backup of ${PASSWORD_URI}` }) as never)
    emulator.clearRequestLog()
    const cycle = engine.syncNow()
    await rules.asked
    // The engine is waiting for the rules: not one request (not even a pull) has left the device.
    expect(emulator.requestLog).toHaveLength(0)
    rules.settle(screenChange)
    const summary = await cycle
    expect(summary.pushed).toBeGreaterThan(0)
    expect(rules.loads()).toBe(1) // once per cycle, not once per record
    const [row] = await emulator.query(user.name, "SELECT description FROM saved_queries WHERE id = 'q'")
    expect(String(row?.['description'])).not.toContain('hunter2-secret')
    expect(emulator.requestLog.map((r) => r.body).join('\n')).not.toContain('hunter2-secret')
  })

  it('a failed load is a typed error: nothing is sent, nothing is dropped, and the next push sends it', async () => {
    const broken = gate()
    let load = broken.load
    const { user, db, engine } = await device(emulator, () => load())
    await db.saved_queries.put(savedQuery('q', { description: `backup of ${PASSWORD_URI}` }) as never)
    const queued = (): Promise<Array<{ table: string; key: string; sent: number }>> => db.table('_outbox').toArray()
    expect((await queued()).map((e) => e.key)).toEqual(['q'])
    emulator.clearRequestLog()
    broken.settle(new SyncError('local', 'The credential firewall could not be loaded', { transient: true }))
    const error = await engine.syncNow().then(() => undefined, (e: unknown) => e)
    expect(error).toBeInstanceOf(SyncError)
    expect(engine.getStatus().lastError?.code).toBe('local')
    expect(emulator.requestLog).toHaveLength(0)
    // Still queued and never marked sent (the cycle's heartbeat row waits beside it).
    expect((await queued()).filter((e) => e.table === 'saved_queries')).toMatchObject([{ key: 'q', sent: 0 }])
    expect(await db.sync.quarantined()).toHaveLength(0)

    load = () => Promise.resolve(screenChange)
    const summary = await engine.syncNow()
    expect(summary.pushed).toBeGreaterThan(0)
    expect(await db.table('_outbox').count()).toBe(0)
    expect(await emulator.query(user.name, 'SELECT id FROM saved_queries')).toEqual([{ id: 'q' }])
  })

  it('createSyncEngine loads the package rules once; they are the /security screen', async () => {
    const [a, b] = await Promise.all([loadScreen(), loadScreen()])
    expect(a).toBe(screenChange)
    expect(b).toBe(a)
  })
})
