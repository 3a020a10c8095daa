// A keep-both copy this device makes is its own version of the record: it keeps the local secrets (a connection's
// password, held only on the device) of the record it copies. Made by an automatic keep-both or by the user's "both"
// on a held conflict; a record whose id only looks like a copy's gets nothing (test/local/localSecrets.test.ts).
import { afterAll, describe, expect, it } from 'vitest'
import { createLocalDatabase, memorySecrets } from '@howlerops/sync/dexie'
import { connection } from '../local/secretFixtures'
import { createDevice, createUserDatabase, startEmulator } from './harness'

const { emulator, close } = startEmulator()
afterAll(close)

describe('keep-both copies and local secrets', () => {
  it('manual, resolved "both": the copy made here keeps the password typed here; the other device\'s copy has none', async () => {
    const user = await createUserDatabase(emulator)
    const vaultA = memorySecrets()
    const vaultB = memorySecrets()
    const strategies = { strategies: { connection_templates: 'manual' as const } }
    // Each device's database with a secret store of its own (createDevice makes one without).
    const dbA = createLocalDatabase(`copy-secrets-a-${Math.random()}`, { localSecrets: vaultA })
    const dbB = createLocalDatabase(`copy-secrets-b-${Math.random()}`, { localSecrets: vaultB })
    const devA = createDevice(user, 'A', { ...strategies, db: dbA })
    const devB = createDevice(user, 'B', { ...strategies, db: dbB })
    await dbA.connection_templates.put(connection('c', { password: 'pw-typed-on-A' }) as never)
    await devA.engine.syncNow()
    await devB.engine.syncNow()
    await dbA.connection_templates.update('c', { name: 'renamed on A' })
    await dbB.connection_templates.update('c', { name: 'renamed on B' })
    await devB.engine.syncNow()
    await devA.engine.syncNow()
    await devA.engine.conflicts.refresh()
    const [pending] = devA.engine.conflicts.getSnapshot().pending
    expect(pending).toMatchObject({ table: 'connection_templates', entityId: 'c' })
    await devA.engine.conflicts.resolve(pending!.id, 'both')
    await devA.engine.whenIdle()
    await dbA.sync.secrets.idle()
    const rows = (await dbA.connection_templates.toArray()) as Array<Record<string, unknown>>
    const copy = rows.find((r) => r['connection_id'] !== 'c')
    expect(String(copy?.['name'])).toMatch(/renamed on A \(conflicted copy/)
    expect(await vaultA.getItem('connection_templates', String(copy?.['connection_id']))).toEqual({ password: 'pw-typed-on-A' })
    await devB.engine.syncNow()
    await dbB.sync.secrets.idle()
    expect(await dbB.connection_templates.get(String(copy?.['connection_id']))).toBeDefined()
    expect(await vaultB.getItem('connection_templates', String(copy?.['connection_id']))).toBeNull()
  }, 60_000)
})
