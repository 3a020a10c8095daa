import { afterAll, describe, expect, it } from 'vitest'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from './harness'

const { emulator, close } = startEmulator()
afterAll(close)

const isActive = async (name: string, deviceId: string): Promise<unknown> =>
  (await emulator.query(name, `SELECT is_active FROM device_registry WHERE device_id = '${deviceId}'`))[0]?.['is_active']

describe('device reactivation', () => {
  it('another device reactivates a deactivated one: the server row is active again, for every device', async () => {
    const user = await createUserDatabase(emulator)
    const laptop = createDevice(user, 'Laptop')
    const phone = createDevice(user, 'Phone')
    await laptop.engine.syncNow()
    await phone.engine.syncNow()
    await laptop.engine.syncNow()
    const phoneId = phone.engine.deviceId()!
    await laptop.engine.devices.deactivate(phoneId)
    expect(await isActive(user.name, phoneId)).toBe(0)
    await laptop.engine.devices.reactivate(phoneId)
    expect(await isActive(user.name, phoneId)).toBe(1)
    const row = laptop.engine.devices.getSnapshot().devices.find((d) => d['device_id'] === phoneId)
    expect(row?.['is_active']).toBe(1)
  })

  it('a deactivated device reactivated on itself syncs again once restarted', async () => {
    const user = await createUserDatabase(emulator)
    const laptop = createDevice(user, 'Laptop')
    const phoneDb = `phone-${Math.random()}`
    const phone = createDevice(user, 'Phone', {}, phoneDb)
    await laptop.engine.syncNow()
    await phone.engine.syncNow()
    await laptop.engine.syncNow()
    const phoneId = phone.engine.deviceId()!
    await laptop.engine.devices.deactivate(phoneId)
    await phone.engine.syncNow()
    expect(phone.engine.getStatus().phase).toBe('deactivated')
    await phone.engine.devices.reactivate(phoneId)
    await phone.engine.stop()
    const restarted = createDevice(user, 'Phone', {}, phoneDb)
    await restarted.db.saved_queries.put(savedQuery('after-reactivation') as never)
    await restarted.engine.syncNow()
    expect(restarted.engine.getStatus().phase).toBe('idle')
    expect(await isActive(user.name, phoneId)).toBe(1)
    expect(await emulator.query(user.name, "SELECT id FROM saved_queries WHERE id = 'after-reactivation'")).toEqual([{ id: 'after-reactivation' }])
  })

  it('an unknown device is a typed error, and nothing is written', async () => {
    const user = await createUserDatabase(emulator)
    const laptop = createDevice(user, 'Laptop')
    await laptop.engine.syncNow()
    await expect(laptop.engine.devices.reactivate('nope')).rejects.toMatchObject({ name: 'SyncError', code: 'local' })
    expect(laptop.engine.getStatus().pendingCount).toBe(0)
  })
})
