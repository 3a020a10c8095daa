import { afterAll, describe, expect, it } from 'vitest'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from './harness'

const { emulator, close } = startEmulator()
afterAll(close)

/** Issue 27, point 4: transitions that lost or misreported data. */
describe('a refused record is never overwritten by a pull while it is refused (R14)', () => {
  const setup = async () => {
    const user = await createUserDatabase(emulator)
    // A push request of 4 KiB: a record with 8 KiB of text can never be sent and is refused as too large.
    const a = createDevice(user, 'A', { pushBudgetBytes: 4096 })
    const b = createDevice(user, 'B')
    await a.db.saved_queries.put(savedQuery('q', { name: 'original', description: 'short' }) as never)
    await a.engine.syncNow()
    await b.engine.syncNow()
    const large = 'x'.repeat(8 * 1024)
    await a.db.saved_queries.update('q', { description: large })
    await a.engine.syncNow()
    expect(await a.engine.quarantine.list()).toEqual([expect.objectContaining({ table: 'saved_queries', key: 'q', code: 'too-large' })])
    // Another device edits a different field of the same record.
    await b.db.saved_queries.update('q', { name: 'renamed on B' })
    await b.engine.syncNow()
    await a.engine.syncNow()
    return { a, b, large }
  }

  it('the pull keeps the refused content, and the record stays listed', async () => {
    const { a, large } = await setup()
    expect(await a.db.saved_queries.get('q')).toMatchObject({ description: large, name: 'original' })
    expect(await a.engine.quarantine.list()).toEqual([expect.objectContaining({ key: 'q', code: 'too-large' })])
  })

  it('fixed and sent again, the edit merges with the other device’s edit field by field', async () => {
    const { a, b } = await setup()
    await a.db.saved_queries.update('q', { description: 'fixed' })
    await a.engine.syncNow()
    await b.engine.syncNow()
    for (const device of [a, b]) expect(await device.db.saved_queries.get('q')).toMatchObject({ name: 'renamed on B', description: 'fixed' })
    expect(await a.engine.quarantine.list()).toEqual([])
  })

  it('discarded, the record takes the server version the pull held, not the stale base', async () => {
    const { a } = await setup()
    await a.engine.quarantine.discard({ table: 'saved_queries', key: 'q' })
    expect(await a.db.saved_queries.get('q')).toMatchObject({ name: 'renamed on B', description: 'short' })
    await a.engine.syncNow()
    expect(await a.db._outbox.count()).toBe(0)
  })
})
