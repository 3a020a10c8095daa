import { afterAll, describe, expect, it } from 'vitest'
import type { SyncEngine } from '@howlerops/sync'
import { createDevice, createUserDatabase, savedQuery, startEmulator, type Device } from './harness'

// Issue 26 (R13): a server restored from a backup, combined with what else happens on devices. Each test is a
// combination the simulation's every-class mix found (test/simulation/REPORT.md), through the public subpaths.

const { emulator, close } = startEmulator()
afterAll(close)

const syncAll = async (...engines: SyncEngine[]): Promise<void> => {
  for (let i = 0; i < 2; i += 1) for (const engine of engines) await engine.syncNow()
}
type Row = Record<string, unknown>
const rowsOf = async (device: Device): Promise<Row[]> => (await device.db.saved_queries.toArray()) as Row[]
const namesOf = async (device: Device): Promise<string[]> => (await rowsOf(device)).map((r) => String(r['name'])).sort()
const serverRows = async (name: string): Promise<Row[]> =>
  emulator.query(name, 'SELECT id, sync_version, server_seq, origin_device_id, mutation_id FROM saved_queries WHERE deleted_at IS NULL ORDER BY id')
/** Every device holds exactly the server's rows, sync columns included. */
const expectConverged = async (user: string, ...devices: Device[]): Promise<void> => {
  const server = await serverRows(user)
  for (const device of devices) {
    const local = (await rowsOf(device))
      .map((r) => ({ id: r['id'], sync_version: r['sync_version'], server_seq: r['server_seq'], origin_device_id: r['origin_device_id'], mutation_id: r['mutation_id'] }))
      .sort((a, b) => String(a.id).localeCompare(String(b.id)))
    expect(local).toEqual(server)
    expect(device.engine.getStatus().pendingCount).toBe(0)
  }
}

describe('R13: a restored server combined with other devices', () => {
  it('two devices that both re-send the same lost edit end with the row the server holds, not their own name on it', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await syncAll(a.engine, b.engine)
    const backup = await emulator.snapshot(user.name)
    await a.db.saved_queries.put(savedQuery('both-hold-it', { name: 'made on A after the backup' }) as never)
    await syncAll(a.engine, b.engine)
    await emulator.restore(user.name, backup)

    // Both notice the restore and both re-send the one lost version: A's arrives first, B's finds it there.
    await a.engine.syncNow()
    await b.engine.syncNow()
    await syncAll(a.engine, b.engine)
    expect((await serverRows(user.name)).map((r) => r['id'])).toEqual(['both-hold-it'])
    await expectConverged(user.name, a, b)
    expect(await emulator.query(user.name, 'SELECT count(*) AS n FROM sync_conflicts_archive')).toEqual([{ n: 0 }])
  })

  it('an edit of a record the server lost does not overwrite what another device created under its key since', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await syncAll(a.engine, b.engine)
    const backup = await emulator.snapshot(user.name)
    await a.db.saved_queries.put(savedQuery('same-key', { name: 'A created it after the backup' }) as never)
    await a.engine.syncNow()
    await emulator.restore(user.name, backup)

    // A edits its (lost) record offline; B, which never saw it, creates the same key and syncs first. The server's
    // version 1 of the record is now B's, and A's edit is based on A's version 1.
    await a.db.saved_queries.update('same-key', { name: 'A edited it after the restore' })
    await b.db.saved_queries.put(savedQuery('same-key', { name: 'B created it after the restore' }) as never)
    await b.engine.syncNow()
    await syncAll(a.engine, b.engine, a.engine)

    // Neither is lost: the two met as concurrent edits (saved queries keep both).
    for (const device of [a, b]) {
      const names = (await namesOf(device)).join(' | ')
      expect(names).toContain('A edited it after the restore')
      expect(names).toContain('B created it after the restore')
    }
    await expectConverged(user.name, a, b)
  })

  it("a lost version that another device's write after the restore cannot descend from meets it as a concurrent edit", async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await syncAll(a.engine, b.engine)
    const backup = await emulator.snapshot(user.name)
    await a.db.saved_queries.put(savedQuery('same-key', { name: 'A created it after the backup' }) as never)
    await a.engine.syncNow()
    await emulator.restore(user.name, backup)

    // B never saw A's record and creates the same key on the restored server, after other writes: its row's sequence
    // lies above the one A's lost version had, so by sequence alone it looks newer to A.
    await b.db.saved_queries.bulkPut([savedQuery('filler-1'), savedQuery('filler-2'), savedQuery('filler-3')] as never)
    await b.engine.syncNow()
    await b.db.saved_queries.put(savedQuery('same-key', { name: 'B created it after the restore' }) as never)
    await b.engine.syncNow()
    await syncAll(a.engine, b.engine, a.engine)

    for (const device of [a, b]) {
      const names = (await namesOf(device)).join(' | ')
      expect(names).toContain('A created it after the backup')
      expect(names).toContain('B created it after the restore')
    }
    await expectConverged(user.name, a, b)
  })

  it('two devices holding the same lost version: only the one that pushed it contests the other history, one copy', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    const c = createDevice(user, 'C')
    await syncAll(a.engine, b.engine, c.engine)
    const backup = await emulator.snapshot(user.name)
    await a.db.saved_queries.put(savedQuery('same-key', { name: 'A created it after the backup' }) as never)
    await syncAll(a.engine, c.engine)
    await emulator.restore(user.name, backup)

    // B never saw it and creates the same key; A and C both hold A's lost version.
    await b.db.saved_queries.bulkPut([savedQuery('filler-1'), savedQuery('filler-2'), savedQuery('filler-3')] as never)
    await b.engine.syncNow()
    await b.db.saved_queries.put(savedQuery('same-key', { name: 'B created it after the restore' }) as never)
    await b.engine.syncNow()
    await syncAll(c.engine, a.engine, b.engine, c.engine)

    for (const device of [a, b, c]) {
      const names = await namesOf(device)
      expect(names.filter((n) => n.includes('A created it after the backup'))).toHaveLength(1)
      expect(names.filter((n) => n.includes('B created it after the restore'))).toHaveLength(1)
    }
    await expectConverged(user.name, a, b, c)
  })

  it('a lost version queued again and edited before it goes up reaches the device that pushed it as a later version, not another history', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await syncAll(a.engine, b.engine)
    const backup = await emulator.snapshot(user.name)
    await a.db.saved_queries.put(savedQuery('lost', { name: 'A created it after the backup' }) as never)
    await syncAll(a.engine, b.engine)
    await emulator.restore(user.name, backup)

    // B finds the restore and queues the lost version again; the user edits it before B's next push.
    await b.engine.syncNow()
    await b.db.saved_queries.update('lost', { description: 'B edited it after the restore' })
    await b.engine.syncNow()
    await syncAll(a.engine, b.engine)

    for (const device of [a, b]) {
      expect(await rowsOf(device)).toEqual([expect.objectContaining({ id: 'lost', name: 'A created it after the backup', description: 'B edited it after the restore' })])
    }
    await expectConverged(user.name, a, b)
    expect(await emulator.query(user.name, 'SELECT count(*) AS n FROM sync_conflicts_archive')).toEqual([{ n: 0 }])
  })

  it('a lost version another device holding it already decided against the new history is not decided again by the one that pushed it', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    const c = createDevice(user, 'C')
    await syncAll(a.engine, b.engine, c.engine)
    const backup = await emulator.snapshot(user.name)
    await a.db.saved_queries.put(savedQuery('same-key', { name: 'A created it after the backup' }) as never)
    await syncAll(a.engine, c.engine)
    await emulator.restore(user.name, backup)

    // C finds the restore first and queues A's lost version again; before it goes up, B (which never saw it) creates
    // the same key. C's re-send meets B's row and C decides (keep both); then A, which pushed the lost version, syncs.
    await c.engine.syncNow()
    await b.db.saved_queries.put(savedQuery('same-key', { name: 'B created it after the restore' }) as never)
    await b.engine.syncNow()
    await c.engine.syncNow()
    await syncAll(a.engine, b.engine, c.engine, a.engine)

    for (const device of [a, b, c]) {
      const names = await namesOf(device)
      expect(names.filter((n) => n.includes('A created it after the backup'))).toHaveLength(1)
      expect(names.filter((n) => n.includes('B created it after the restore'))).toHaveLength(1)
    }
    await expectConverged(user.name, a, b, c)
    expect(await emulator.query(user.name, 'SELECT count(*) AS n FROM sync_conflicts_archive')).toEqual([{ n: 1 }])
  })

  it('an edit waiting on a version the server lost goes up over the older version the backup kept', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await a.db.saved_queries.put(savedQuery('shared', { name: 'before the backup' }) as never)
    await syncAll(a.engine, b.engine)
    const backup = await emulator.snapshot(user.name)
    await a.db.saved_queries.update('shared', { description: 'A, after the backup' })
    await syncAll(a.engine, b.engine)
    await emulator.restore(user.name, backup)

    // B edits the version the server lost (its change is based on it) before it syncs again.
    await b.db.saved_queries.update('shared', { name: 'B, after the restore' })
    await syncAll(b.engine, a.engine, b.engine)
    // A, which also holds the lost version, takes B's (made on top of it): nothing lost, no conflict.
    for (const device of [a, b]) {
      expect(await rowsOf(device)).toEqual([expect.objectContaining({ id: 'shared', name: 'B, after the restore', description: 'A, after the backup' })])
    }
    await expectConverged(user.name, a, b)
    expect(await emulator.query(user.name, 'SELECT count(*) AS n FROM sync_conflicts_archive')).toEqual([{ n: 0 }])
  })

  it('an edit of a record created after the backup creates it again, not taken for an edit of a deleted record', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await syncAll(a.engine, b.engine)
    const backup = await emulator.snapshot(user.name)
    await a.db.saved_queries.put(savedQuery('new', { name: 'A, after the backup' }) as never)
    await syncAll(a.engine, b.engine)
    await emulator.restore(user.name, backup)

    await b.db.saved_queries.update('new', { description: 'B, after the restore' })
    await syncAll(b.engine, a.engine, b.engine)
    for (const device of [a, b]) {
      expect(await rowsOf(device)).toEqual([expect.objectContaining({ id: 'new', name: 'A, after the backup', description: 'B, after the restore' })])
    }
    await expectConverged(user.name, a, b)
    expect(await emulator.query(user.name, 'SELECT count(*) AS n FROM sync_conflicts_archive')).toEqual([{ n: 0 }])
  })

  it('a delete made on top of a create whose response was lost stays a delete when the restore sends the pull first', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await syncAll(a.engine, b.engine)
    // A's create commits, but its response is lost; A then deletes the record before it syncs again.
    emulator.faults.add({ kind: 'lost-after-commit', database: user.name, match: (body) => body.includes('INTO saved_queries') })
    await a.db.saved_queries.put(savedQuery('short-lived') as never)
    await a.engine.syncNow().catch(() => undefined)
    const backup = await emulator.snapshot(user.name)
    await a.db.saved_queries.delete('short-lived')
    // B pushes after the backup; the restore loses that, and B tells every device (a new generation).
    await b.db.saved_queries.put(savedQuery('from-b') as never)
    await b.engine.syncNow()
    await emulator.restore(user.name, backup)
    await b.engine.syncNow()

    // A's next push writes nothing (the server is not the one it last saw); its pull meets its own create first.
    await syncAll(a.engine, b.engine, a.engine)
    expect((await serverRows(user.name)).map((r) => r['id'])).toEqual(['from-b'])
    expect(await emulator.query(user.name, 'SELECT count(*) AS n FROM sync_conflicts_archive')).toEqual([{ n: 0 }])
    await expectConverged(user.name, a, b)
  })

  it('a create whose response was lost and that another device edited since converges after the restore', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await syncAll(a.engine, b.engine)
    emulator.faults.add({ kind: 'lost-after-commit', database: user.name, match: (body) => body.includes('INTO saved_queries') })
    await a.db.saved_queries.put(savedQuery('p', { name: 'A created it' }) as never)
    await a.engine.syncNow().catch(() => undefined)
    // B pulls A's committed create and edits it; then a restore that does not touch it, which B reports.
    await b.engine.syncNow()
    await b.db.saved_queries.update('p', { description: 'B edited it' })
    await b.engine.syncNow()
    const backup = await emulator.snapshot(user.name)
    await b.db.saved_queries.put(savedQuery('lost') as never)
    await b.engine.syncNow()
    await emulator.restore(user.name, backup)
    await b.engine.syncNow()

    // A's retry is refused (the server went back); its full pull settles the record first. No acknowledgement from
    // before that may take A's row back to its own first version afterwards.
    await syncAll(a.engine, b.engine, a.engine)
    await expectConverged(user.name, a, b)
    for (const device of [a, b]) expect((await rowsOf(device)).find((r) => r['id'] === 'p')).toMatchObject({ description: 'B edited it' })
  })

  it('a delete acknowledged after the backup is made again, not undone by the restore', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    await a.db.saved_queries.put(savedQuery('doomed', { name: 'before the backup' }) as never)
    await syncAll(a.engine, b.engine)
    const backup = await emulator.snapshot(user.name)
    await a.db.saved_queries.delete('doomed')
    await syncAll(a.engine, b.engine)
    expect(await b.db.saved_queries.get('doomed')).toBeUndefined()
    await emulator.restore(user.name, backup)

    // The restored server holds the record live again (the backup's version); B saw the delete but did not make it.
    await syncAll(b.engine, a.engine, b.engine, a.engine)
    for (const device of [a, b]) expect(await namesOf(device)).toEqual([])
    expect(await serverRows(user.name)).toEqual([])
    await expectConverged(user.name, a, b)
    expect(await emulator.query(user.name, 'SELECT count(*) AS n FROM sync_conflicts_archive')).toEqual([{ n: 0 }])
  })
})
