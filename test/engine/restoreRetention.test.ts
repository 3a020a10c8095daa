import { afterAll, describe, expect, it } from 'vitest'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from './harness'

// Issue 26 (R13): a server restored from a backup, beside the tombstone retention (I6). Server time (R3): the
// emulator's clock, moved by hand, purges tombstones after 30 days.
let serverNow = 1_800_000_000_000
const { emulator, close } = startEmulator({ now: () => serverNow })
afterAll(close)
const DAY = 86_400_000

describe('R13: a restored server and the tombstone retention', () => {

  it('a record deleted and purged before the backup is pruned by a device that was away, not re-sent as lost', async () => {
    const user = await createUserDatabase(emulator)
    let now = serverNow
    const env = { env: { now: () => now } }
    const a = createDevice(user, 'A', env)
    const away = createDevice(user, 'away', env)
    await a.db.saved_queries.bulkPut([savedQuery('kept'), savedQuery('deleted')] as never)
    await a.engine.syncNow()
    await away.engine.syncNow()
    await a.db.saved_queries.delete('deleted')
    await a.engine.syncNow()
    // 31 days later A's daily maintenance purges the tombstone; the backup is taken after that.
    now += 31 * DAY
    serverNow += 31 * DAY
    await a.engine.syncNow()
    now += DAY
    serverNow += DAY
    await a.engine.syncNow()
    expect(await emulator.query(user.name, 'SELECT id FROM saved_queries WHERE deleted_at IS NOT NULL')).toEqual([])
    const backup = await emulator.snapshot(user.name)
    await a.db.saved_queries.put(savedQuery('lost') as never)
    await a.engine.syncNow()
    await emulator.restore(user.name, backup)

    // A finds the restore and tells every device; the away device, whose copy of the deleted record is older than
    // the purge, reconciles from the restored server.
    await a.engine.syncNow()
    await away.engine.syncNow()
    await a.engine.syncNow()
    await away.engine.syncNow()
    expect((await away.db.saved_queries.toArray()).map((r) => r.id).sort()).toEqual(['kept', 'lost'])
    expect((await emulator.query(user.name, 'SELECT id FROM saved_queries ORDER BY id')).map((r) => r['id'])).toEqual(['kept', 'lost'])
  })
})

