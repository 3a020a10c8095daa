import { afterAll, describe, expect, it } from 'vitest'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from './harness'

const { emulator, close } = startEmulator()
afterAll(close)

describe('two devices', () => {
  it('a row written on one device is readable on the other after syncNow', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await a.db.saved_queries.put(savedQuery('q1') as never)
    const pushed = await a.engine.syncNow()
    expect(pushed.pushed).toBeGreaterThanOrEqual(1)
    await b.engine.syncNow()
    expect(await b.db.saved_queries.get('q1')).toMatchObject({ id: 'q1', name: 'query q1', sync_version: 1 })
    expect(await a.db._outbox.count()).toBe(0)
  })
})
