import { afterAll, describe, expect, it } from 'vitest'
import { createEngine, guardRequestBody } from '@howlerops/sync'
import { createLibsqlRemote } from '@howlerops/sync/remote'
import { createLocalDatabase } from '@howlerops/sync/dexie'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from './harness'

const { emulator, close } = startEmulator()
afterAll(close)

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE'

const dumpIndexedDb = async (db: ReturnType<typeof createLocalDatabase>): Promise<string> => {
  const parts: string[] = []
  for (const table of db.tables) parts.push(JSON.stringify(await table.toArray()))
  return parts.join('\n')
}

describe('zero credentials leave the device (I10)', () => {
  it('the transport firewall blocks one record, quarantines it with a typed error, and the rest syncs', async () => {
    const user = await createUserDatabase(emulator)
    const db = createLocalDatabase(`fw-${Math.random()}`)
    // No sanitizing on purpose: the firewall on the request body is the last line of defence.
    const engine = createEngine({
      local: db.sync,
      remote: createLibsqlRemote({ url: user.url, authToken: user.authToken, fetch: (i, n) => globalThis.fetch(i, n), guard: guardRequestBody }),
      userId: 'user-1',
      screen: (change) => ({ row: change.row }),
      env: { locks: undefined, channel: () => undefined },
    })
    await db.saved_queries.bulkPut([savedQuery('clean'), savedQuery('leaky', { description: `aws key ${AWS_KEY}` })] as never)
    emulator.clearRequestLog()
    const summary = await engine.syncNow()
    expect(summary.quarantined).toBe(1)
    const [q] = await db.sync.quarantined()
    expect(q).toMatchObject({ table: 'saved_queries', key: 'leaky', code: 'credential-leak' })
    expect(q?.message).toMatch(/saved_queries/)
    expect(q?.message).not.toContain(AWS_KEY)
    expect(await emulator.query(user.name, 'SELECT id FROM saved_queries')).toEqual([{ id: 'clean' }])
    expect(emulator.requestLog.map((r) => r.body).join('\n')).not.toContain(AWS_KEY)
  })

  it('sanitizing first: passwords, SQL secrets and tokens never reach the server, and nothing is quarantined for them', async () => {
    const user = await createUserDatabase(emulator)
    // Unsealed (the mode an app opts into for server-side search): the sanitizer guards the plaintext.
    const d = createDevice(user, 'A', { sealing: false })
    emulator.clearRequestLog()
    await d.db.connection_templates.put({ connection_id: 'c', name: 'prod', type: 'postgres', host: 'db', port: 5432, password: 'hunter2', parameters: { sslmode: 'require', apiKey: 'k-123456' }, ssh_tunnel: { host: 'b', privateKey: 'PRIVATE-KEY-MATERIAL' } } as never)
    await d.db.query_history.put({ id: 'h', query_text: "CREATE USER bob PASSWORD 's3cr3t-pw'", executed_at: 1, status: 'success', privacy_mode: 'normal' } as never)
    await d.db.saved_queries.put(savedQuery('s', { query_text: `-- token ${AWS_KEY}\nSELECT password FROM users` }) as never)
    const summary = await d.engine.syncNow()
    expect(summary.quarantined).toBe(0)
    const server = JSON.stringify(await emulator.query(user.name, 'SELECT * FROM connection_templates')) +
      JSON.stringify(await emulator.query(user.name, 'SELECT * FROM query_history')) +
      JSON.stringify(await emulator.query(user.name, 'SELECT * FROM saved_queries'))
    const wire = emulator.requestLog.map((r) => r.body).join('\n')
    for (const secret of ['hunter2', 'k-123456', 'PRIVATE-KEY-MATERIAL', 's3cr3t-pw', AWS_KEY]) {
      expect(server).not.toContain(secret)
      expect(wire).not.toContain(secret)
    }
    expect(server).toContain('SELECT password FROM users') // ordinary SQL keeps its meaning
    // The device keeps the user's own text; only secret fields are kept out of IndexedDB.
    expect((await d.db.query_history.get('h'))?.query_text).toContain('s3cr3t-pw')
    expect(await dumpIndexedDb(d.db)).not.toMatch(/hunter2|k-123456|PRIVATE-KEY-MATERIAL/)
  })

  it('the auth token lives in memory only: never in IndexedDB, status or errors', async () => {
    const user = await createUserDatabase(emulator)
    const d = createDevice(user, 'A')
    await d.db.saved_queries.put(savedQuery('q') as never)
    await d.engine.syncNow()
    emulator.faults.add({ kind: 'status', status: 500, database: user.name })
    const error = await d.engine.syncNow().catch((e: unknown) => e)
    const errorText = JSON.stringify(error, Object.getOwnPropertyNames(error as object)) + String(error)
    expect(await dumpIndexedDb(d.db)).not.toContain(user.authToken)
    expect(JSON.stringify(d.engine.getStatus())).not.toContain(user.authToken)
    expect(errorText).not.toContain(user.authToken)
    expect(JSON.stringify(d.engine.metrics())).not.toContain(user.authToken)
  })
})
