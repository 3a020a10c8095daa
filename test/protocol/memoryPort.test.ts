import { describe, expect, it } from 'vitest'
import { createMemoryStore } from '../../src/core/protocol/memoryPort'
import { TransactionInactiveError } from '../../src/core/protocol/port'
import { storesV3 } from '../../src/local/layout'

/** A task boundary that is not a request of the port (what a network call or a timer does to a transaction). */
const otherTask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

const store = () => createMemoryStore(storesV3())
const entry = (pk: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ pk, table: 'saved_queries', key: pk, order: pk, sent: 0, ...extra })

describe('the in-memory transaction port keeps IndexedDB’s transaction rules', () => {
  it('requests chained by awaiting only the port run in one transaction and commit together', async () => {
    const s = store()
    const result = await s.run(['_outbox'], async (port) => {
      await port.put('_outbox', entry('a'))
      const read = await port.get('_outbox', 'a')
      await Promise.resolve() // a microtask is no task boundary
      await port.bulkPut('_outbox', [entry('b'), entry('c')])
      await port.delete('_outbox', 'a')
      return read?.['pk']
    })
    expect(result).toBe('a')
    expect(s.rows('_outbox').map((r) => r['pk'])).toEqual(['b', 'c'])
  })

  it('awaiting anything else commits the transaction: what was written stays, every later request fails', async () => {
    const s = store()
    const failure = await s
      .run(['_outbox'], async (port) => {
        await port.put('_outbox', entry('a'))
        await otherTask()
        await port.put('_outbox', entry('b'))
      })
      .catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(TransactionInactiveError)
    expect(s.rows('_outbox').map((r) => r['pk'])).toEqual(['a'])
  })

  it('a script that awaits something else before its first request has already committed', async () => {
    const s = store()
    await expect(
      s.run(['_outbox'], async (port) => {
        await otherTask()
        await port.get('_outbox', 'a')
      }),
    ).rejects.toBeInstanceOf(TransactionInactiveError)
  })

  it('a script that throws before the commit rolls every write back', async () => {
    const s = store()
    s.load('_outbox', [entry('kept')])
    await expect(
      s.run(['_outbox'], async (port) => {
        await port.delete('_outbox', 'kept')
        await port.put('_outbox', entry('new'))
        throw new Error('refused')
      }),
    ).rejects.toThrow('refused')
    expect(s.rows('_outbox').map((r) => r['pk'])).toEqual(['kept'])
  })

  it('a table outside the transaction’s scope is refused', async () => {
    const s = store()
    await expect(s.run(['_outbox'], (port) => port.get('_base', 'x'))).rejects.toBeInstanceOf(TransactionInactiveError)
  })

  it('reads see the transaction’s own writes; stored rows are copies', async () => {
    const s = store()
    const row = entry('a', { keyColumns: { id: 'a' } })
    await s.run(['_outbox'], async (port) => {
      await port.put('_outbox', row)
      ;(row.keyColumns as Record<string, unknown>)['id'] = 'changed'
      expect(await port.get('_outbox', 'a')).toMatchObject({ keyColumns: { id: 'a' } })
      await port.delete('_outbox', 'a')
      expect(await port.get('_outbox', 'a')).toBeUndefined()
      expect(await port.bulkGet('_outbox', ['a', 'b'])).toEqual([undefined, undefined])
    })
  })

  it('scans by primary key prefix and by index in key order; filter then limit; rows without the index key are skipped', async () => {
    const s = store()
    s.load('_outbox', [entry('s␟2', { order: '1' }), entry('u␟1', { order: '3' }), entry('s␟1', { order: '2', held: 1 }), entry('u␟0', { order: '0' })])
    await s.run(['_outbox'], async (port) => {
      expect((await port.scan('_outbox', { prefix: 's␟' })).map((r) => r['pk'])).toEqual(['s␟1', 's␟2'])
      expect((await port.scan('_outbox', { index: 'order' })).map((r) => r['pk'])).toEqual(['u␟0', 's␟2', 's␟1', 'u␟1'])
      expect((await port.scan('_outbox', { index: 'order', filter: (r) => r['pk'] !== 'u␟0', limit: 2 })).map((r) => r['pk'])).toEqual(['s␟2', 's␟1'])
      expect((await port.scan('_outbox', { index: 'held' })).map((r) => r['pk'])).toEqual(['s␟1'])
      expect((await port.scan('_outbox', { index: 'order', reverse: true, limit: 1 })).map((r) => r['pk'])).toEqual(['u␟1'])
      expect((await port.byIndex('_outbox', '[table+key]', ['saved_queries', 'u␟1'])).map((r) => r['pk'])).toEqual(['u␟1'])
      expect(await port.count('_outbox')).toBe(4)
    })
  })

  it('transactions run one at a time', async () => {
    const s = store()
    const order: string[] = []
    await Promise.all([
      s.run(['_outbox'], async (port) => {
        order.push('first starts')
        await port.put('_outbox', entry('a'))
        await port.put('_outbox', entry('b'))
        order.push('first ends')
      }),
      s.run(['_outbox'], async (port) => {
        order.push('second starts')
        expect(await port.count('_outbox')).toBe(2)
      }),
    ])
    expect(order).toEqual(['first starts', 'first ends', 'second starts'])
  })
})
