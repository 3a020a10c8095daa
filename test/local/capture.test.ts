import { describe, expect, it } from 'vitest'
import Dexie from 'dexie'
import { createLocalDatabase, preferenceId, type SyncDatabase } from '@howlerops/sync/dexie'

let n = 0
const fresh = (): SyncDatabase => createLocalDatabase(`capture-${++n}-${Math.random()}`)

const savedQuery = (id: string, name = 'q') => ({
  id,
  name,
  description: null,
  query_text: 'select 1',
  connection_id: null,
  folder: null,
  tags: null,
  is_favorite: 0,
})

describe('write capture (I4)', () => {
  it('app code writing Dexie directly is captured, with the sync columns filled in', async () => {
    const db = fresh()
    await db.saved_queries.put(savedQuery('a') as never)
    const row = await db.saved_queries.get('a')
    expect(row).toMatchObject({ id: 'a', sync_version: 0, server_seq: 0, deleted_at: null })
    expect(typeof row?.mutation_id).toBe('string')
    const outbox = await db._outbox.toArray()
    expect(outbox).toHaveLength(1)
    expect(outbox[0]).toMatchObject({ table: 'saved_queries', key: 'a', op: 'upsert', sent: 0, mutationId: row?.mutation_id })
  })

  it('repeated edits coalesce into one outbox entry; update() and modify() are captured too', async () => {
    const db = fresh()
    await db.saved_queries.put(savedQuery('a') as never)
    await db.saved_queries.put(savedQuery('a', 'renamed') as never)
    await db.saved_queries.update('a', { folder: 'f' })
    await db.saved_queries.where('id').equals('a').modify({ is_favorite: 1 })
    const outbox = await db._outbox.toArray()
    expect(outbox).toHaveLength(1)
    const row = await db.saved_queries.get('a')
    expect(row).toMatchObject({ name: 'renamed', folder: 'f', is_favorite: 1 })
    expect(outbox[0]?.mutationId).toBe(row?.mutation_id)
  })

  it('a transaction that fails leaves neither the row nor its outbox entry', async () => {
    const db = fresh()
    await expect(
      db.transaction('rw', db.saved_queries, async () => {
        await db.saved_queries.put(savedQuery('a') as never)
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await db.saved_queries.count()).toBe(0)
    expect(await db._outbox.count()).toBe(0)
  })

  it('a failed bulkAdd item gets no outbox entry, the others do', async () => {
    const db = fresh()
    await db.saved_queries.add(savedQuery('a') as never)
    await db._outbox.clear()
    await expect(db.saved_queries.bulkAdd([savedQuery('a'), savedQuery('b')] as never)).rejects.toThrow()
    const keys = (await db._outbox.toArray()).map((e) => e.key)
    expect(keys).toEqual(['b'])
  })

  it('deleting a never-synced record leaves nothing to push; deleting a synced one queues a tombstone', async () => {
    const db = fresh()
    await db.saved_queries.put(savedQuery('a') as never)
    await db.saved_queries.delete('a')
    expect(await db._outbox.count()).toBe(0)

    await db.sync.writeUncaptured(['saved_queries'], async () => {
      await db.saved_queries.put({ ...savedQuery('b'), sync_version: 3 } as never)
    })
    expect(await db._outbox.count()).toBe(0) // remote application is not captured (I5)
    await db.saved_queries.clear()
    const outbox = await db._outbox.toArray()
    expect(outbox).toMatchObject([{ key: 'b', op: 'delete', baseVersion: 3, keyColumns: { id: 'b' } }])
  })

  it('an entry in flight is never overwritten by a newer edit', async () => {
    const db = fresh()
    await db.saved_queries.put(savedQuery('a') as never)
    const [taken] = await db.sync.takeOutgoing(100)
    await db.saved_queries.put(savedQuery('a', 'newer') as never)
    const outbox = await db._outbox.orderBy('order').toArray()
    expect(outbox.map((e) => e.sent)).toEqual([1, 0])
    expect(outbox[0]?.mutationId).toBe(taken?.mutationId)
    expect(outbox[1]?.mutationId).not.toBe(taken?.mutationId)
    // Another edit while it is in flight coalesces with the queued one, still behind the sent entry.
    await db.saved_queries.put(savedQuery('a', 'newest') as never)
    const again = await db._outbox.orderBy('order').toArray()
    expect(again.map((e) => [e.sent, e.mutationId === taken?.mutationId])).toEqual([[1, true], [0, false]])
    expect(await db.sync.takeOutgoing(100)).toEqual([expect.objectContaining({ mutationId: taken?.mutationId })])
  })

  it('a version-3 database upgraded in flight: its sent entry keeps the record\'s place, the edit queued beside it goes behind', async () => {
    const name = `upgrade-v3-${Math.random()}`
    const { storesV3 } = await import('../../src/local/layout')
    const v3 = new Dexie(name)
    v3.version(3).stores(storesV3())
    const row = { ...savedQuery('a'), sync_version: 0 }
    await v3.table('saved_queries').put({ ...row, name: 'newer' })
    await v3.table('_outbox').bulkPut([
      { pk: 's\u001fsaved_queries\u001fa\u001fm1', table: 'saved_queries', key: 'a', op: 'upsert', mutationId: 'm1', baseVersion: 0, order: '1', sent: 1, keyColumns: { id: 'a' }, row },
      { pk: 'u\u001fsaved_queries\u001fa', table: 'saved_queries', key: 'a', op: 'upsert', mutationId: 'm2', baseVersion: 0, order: '2', sent: 0, keyColumns: { id: 'a' } },
    ])
    v3.close()
    const db = createLocalDatabase(name)
    const outbox = await db._outbox.orderBy('order').toArray()
    expect(outbox.map((e) => [e.pk, e.mutationId, e.sent])).toEqual([
      ['u\u001fsaved_queries\u001fa', 'm1', 1],
      ['b\u001fsaved_queries\u001fa', 'm2', 0],
    ])
    expect(await db.sync.takeOutgoing(100)).toEqual([expect.objectContaining({ mutationId: 'm1', row: expect.objectContaining({ name: 'q' }) })])
  })

  it('private history and device-specific preferences stay local; secrets never reach IndexedDB', async () => {
    const db = fresh()
    await db.query_history.put({ id: 'h', connection_id: null, query_text: 'select 1', executed_at: 1, duration_ms: null, rows_affected: null, status: 'success', error_message: null, privacy_mode: 'private' } as never)
    await db.user_preferences.put({ id: preferenceId('theme', 'dev-1'), device_id: 'dev-1', key: 'theme', value: 'dark' } as never)
    expect(await db._outbox.count()).toBe(0)
    await db.connection_templates.put({ connection_id: 'c', name: 'prod', type: 'postgres', host: 'h', port: 5432, password: 'hunter2', parameters: { sslmode: 'require', password: 'x' }, ssh_tunnel: { host: 'b', privateKey: 'KEY', passphrase: 'p' } } as never)
    const stored = await db.connection_templates.get('c')
    expect(JSON.stringify(stored)).not.toMatch(/hunter2|KEY|"x"|passphrase/)
    expect(stored).toMatchObject({ parameters: { sslmode: 'require' }, ssh_tunnel: { host: 'b' } })
  })

  it('upgrades a version-1 database that holds data', async () => {
    const name = `upgrade-${Math.random()}`
    const { storesV1 } = await import('../../src/local/layout')
    const v1 = new Dexie(name)
    v1.version(1).stores(storesV1())
    await v1.table('saved_queries').put({ ...savedQuery('old'), sync_version: 2 })
    v1.close()
    const db = createLocalDatabase(name)
    expect(await db.saved_queries.get('old')).toMatchObject({ id: 'old', sync_version: 2, hlc: '' })
    expect(db.verno).toBe(4)
    expect(await db._quarantine.count()).toBe(0)
  })
})
