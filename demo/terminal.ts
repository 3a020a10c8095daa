/**
 * The terminal scenario: two devices in one Node process, each with its own IndexedDB (fake-indexeddb), syncing
 * through the Turso emulator served over real HTTP. It prints what happens and exits 0 when every check holds.
 *
 *   npm run demo:terminal
 */
import 'fake-indexeddb/auto'
import { createClient } from '@libsql/client'
import { createTursoEmulator } from '../src/testing/index'
import { applySchema } from '../src/server/index'
import { createLocalDatabase } from '../src/local/index'
import { createContentKey, createSyncEngine, type SyncEngine } from '../src/index'

const log = (step: string, detail = ''): void => console.log(`\u001b[1m${step}\u001b[0m${detail === '' ? '' : `  ${detail}`}`)
const check = (ok: boolean, what: string): void => {
  console.log(`  ${ok ? '✓' : '✗'} ${what}`)
  if (!ok) process.exitCode = 1
}

const emulator = createTursoEmulator()
const server = await emulator.listen(0)
const { authToken } = emulator.createDatabase('demo-user')
// The user's content key, shared by both devices (an app gets it from its token route).
const contentKey = createContentKey()
await applySchema(createClient({ url: server.url, authToken }))
log('Turso emulator', `${server.url} (schema applied)`)

// A device whose network we can cut: its fetch fails while `offline` is set.
const device = (name: string): { db: ReturnType<typeof createLocalDatabase>; engine: SyncEngine; offline: { on: boolean } } => {
  const offline = { on: false }
  const db = createLocalDatabase(`demo-${name}`)
  const engine = createSyncEngine({
    db,
    remote: {
      url: server.url,
      authToken,
      fetch: (input, init) => (offline.on ? Promise.reject(new TypeError('offline')) : fetch(input, init)),
    },
    sealing: { key: contentKey },
    userId: 'demo-user',
    deviceName: name,
  })
  return { db, engine, offline }
}

const laptop = device('Laptop')
const desktop = device('Desktop')

log('1. Laptop creates a connection (with a password) and a saved query')
await laptop.db.connection_templates.put({
  connection_id: 'prod',
  name: 'Production',
  type: 'postgres',
  host: 'db.example.com',
  port: 5432,
  username: 'app',
  password: 'hunter2',
  ssh_tunnel: { host: 'bastion', privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----…' },
} as never)
await laptop.db.saved_queries.put({ id: 'top-users', name: 'Top users', query_text: 'SELECT * FROM users LIMIT 10', is_favorite: 1 } as never)
await laptop.db.query_history.put({ id: 'h1', query_text: "ALTER USER app PASSWORD 'n3w-s3cret'", executed_at: Date.now(), status: 'success', privacy_mode: 'normal' } as never)
await laptop.db.query_history.put({ id: 'h2', query_text: 'SELECT salary FROM payroll', executed_at: Date.now(), status: 'success', privacy_mode: 'private' } as never)
console.log('  sync:', await laptop.engine.syncNow())

log('2. Desktop syncs for the first time')
console.log('  sync:', await desktop.engine.syncNow())
const onDesktop = await desktop.db.connection_templates.get('prod')
check(onDesktop?.name === 'Production', 'the connection arrived on the desktop')
check(!JSON.stringify(onDesktop).includes('hunter2'), 'its password did not')
check((await desktop.db.query_history.get('h2')) === undefined, 'private history stayed on the laptop')
const serverText = JSON.stringify(await emulator.query('demo-user', 'SELECT * FROM query_history')) + JSON.stringify(await emulator.query('demo-user', 'SELECT * FROM connection_templates'))
check(!serverText.includes('hunter2') && !serverText.includes('n3w-s3cret') && !serverText.includes('BEGIN OPENSSH'), 'the server holds no credential')

log('3. Laptop goes offline and both edit the same saved query')
laptop.offline.on = true
await laptop.db.saved_queries.update('top-users', { query_text: 'SELECT * FROM users ORDER BY karma DESC LIMIT 10' })
await desktop.db.saved_queries.update('top-users', { query_text: 'SELECT * FROM users ORDER BY created_at LIMIT 10' })
await laptop.engine.syncNow().catch((e: Error & { code?: string }) => console.log(`  laptop sync failed as expected: ${e.code}`))
check(laptop.engine.getStatus().phase === 'offline', `laptop status is offline (${laptop.engine.getStatus().pendingCount} pending)`)
await desktop.engine.syncNow()

log('4. Laptop reconnects: the conflict resolves by keep-both')
laptop.offline.on = false
console.log('  sync:', await laptop.engine.syncNow())
await laptop.engine.whenIdle()
await desktop.engine.syncNow()
for (const [name, d] of [['laptop', laptop], ['desktop', desktop]] as const) {
  const names = (await d.db.saved_queries.toArray()).map((q) => `${q.name}: ${q.query_text}`).sort()
  console.log(`  ${name}:`, names)
}
const laptopRows = JSON.stringify((await laptop.db.saved_queries.toArray()).map((r) => [r.id, r.query_text]).sort())
const desktopRows = JSON.stringify((await desktop.db.saved_queries.toArray()).map((r) => [r.id, r.query_text]).sort())
check(laptopRows === desktopRows, 'both devices hold the same saved queries')
check((await desktop.db.saved_queries.count()) === 2, "the laptop's edit survives as a conflicted copy")
check((await emulator.query('demo-user', 'SELECT count(*) AS n FROM sync_conflicts_archive'))[0]?.['n'] === 1, 'the conflict is archived on the server')

log('5. Desktop deletes the copy; the delete propagates')
const copy = (await desktop.db.saved_queries.toArray()).find((q) => q.id !== 'top-users')
await desktop.db.saved_queries.delete(copy?.id ?? '')
await desktop.engine.syncNow()
await laptop.engine.syncNow()
check((await laptop.db.saved_queries.count()) === 1, 'the laptop no longer has the copy')

await laptop.engine.stop()
await desktop.engine.stop()
await server.close()
await emulator.close()
log(process.exitCode === 1 ? 'Some checks failed' : 'Done: every check passed')
