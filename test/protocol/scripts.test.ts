import { describe, expect, it } from 'vitest'
import { createMemoryStore, type MemoryStore } from '../../src/core/protocol/memoryPort'
import type { TxPort } from '../../src/core/protocol/port'
import { acknowledgeScript } from '../../src/core/protocol/scripts/acknowledge'
import { takeOutgoingScript } from '../../src/core/protocol/scripts/upload'
import { quarantineScript, releaseQuarantineScript } from '../../src/core/protocol/scripts/quarantine'
import { resolveHeldScript } from '../../src/core/protocol/scripts/manual'
import type { ScriptTools } from '../../src/core/protocol/scripts/tools'
import { ALL_SYNC_TABLES, STATE, basePk, behindPk, entryPk, quarantinePk, storesV3 } from '../../src/local/layout'
import type { Decider, PushResult, Row } from '../../src/core/ports'

let n = 0
const tools: ScriptTools = {
  newId: () => `id-${++n}`,
  tick: () => `001800000000${String(++n).padStart(3, '0')}-000000-d`,
  now: () => 1_800_000_000_000,
  context: () => undefined,
}
const noDecision: Decider = { resolve: () => { throw new Error('no conflict expected') } } as unknown as Decider
const query = (id: string, version: number, patch: Row = {}): Row => ({
  id, name: `query ${id}`, sql: 'select 1', user_id: 'u', created_at: 1, updated_at: 1, deleted_at: null,
  sync_version: version, server_seq: version, hlc: `00180000000000${version}-000000-d`, mutation_id: `m-${id}-${version}`, origin_device_id: 'd', ...patch,
})
const unsent = (id: string, order: string, patch: Row = {}): Row => ({
  pk: entryPk('saved_queries', id), table: 'saved_queries', key: id, op: 'upsert', mutationId: `mu-${id}`, baseVersion: 0, order, sent: 0, keyColumns: { id }, ...patch,
})
/** An unsent entry queued behind the record's sent one. */
const behind = (id: string, order: string, patch: Row = {}): Row => ({ ...unsent(id, order, patch), pk: behindPk('saved_queries', id) })
const sent = (id: string, mutationId: string, row: Row, patch: Row = {}): Row => ({
  pk: entryPk('saved_queries', id), table: 'saved_queries', key: id, op: 'upsert', mutationId, baseVersion: 0, order: '0', sent: 1, keyColumns: { id }, row, ...patch,
})

/** Counts the port's requests per table and kind (what the device pays for in IndexedDB). */
const counting = (port: TxPort, log: string[]): TxPort =>
  Object.fromEntries(Object.entries(port).map(([name, fn]) => [name, (table: string, ...rest: unknown[]) => (log.push(`${name} ${table}`), (fn as (...a: unknown[]) => unknown)(table, ...rest))])) as unknown as TxPort

const setup = (): MemoryStore => createMemoryStore(storesV3())
const run = <R>(s: MemoryStore, script: (port: TxPort) => Promise<R>): Promise<R> => s.run([...ALL_SYNC_TABLES, STATE], script)

describe('acknowledge, over the in-memory port', () => {
  it('an applied upsert with nothing queued behind: the row takes the server version from the frozen row, unread; no merge base', async () => {
    const s = setup()
    const row = query('a', 0, { mutation_id: 'm1' })
    s.load('saved_queries', [row])
    s.load('_outbox', [sent('a', 'm1', row)])
    const inFlight = new Map([['m1', row]])
    const results: PushResult[] = [{ change: { table: 'saved_queries', key: 'a', op: 'upsert', mutationId: 'm1', baseVersion: 0, row }, outcome: { kind: 'applied', version: 1, seq: 7, server: { ...row, sync_version: 1, server_seq: 7 } } }]
    const log: string[] = []
    await run(s, (port) => acknowledgeScript(counting(port, log), tools, { results, decide: noDecision, inFlight, stripSecrets: (_t, r) => r }))
    expect(s.rows('saved_queries')).toEqual([{ ...row, sync_version: 1, server_seq: 7 }])
    expect(s.rows('_outbox')).toEqual([])
    expect(s.rows('_base')).toEqual([])
    expect(inFlight.size).toBe(0)
    expect(log.filter((l) => l.endsWith('saved_queries'))).toEqual(['bulkPut saved_queries'])
  })

  it('an edit queued behind: the merge base is the server row, the queued entry is rebased, the quarantine releases the record', async () => {
    const s = setup()
    const first = query('a', 0, { mutation_id: 'm1' })
    const edited = { ...first, name: 'edited', mutation_id: 'm2' }
    s.load('saved_queries', [edited])
    s.load('_outbox', [sent('a', 'm1', first), behind('a', '1', { mutationId: 'm2' })])
    s.load('_quarantine', [{ pk: quarantinePk('saved_queries', 'a'), table: 'saved_queries', key: 'a', mutationId: 'm0', code: 'x', message: 'x', at: 1 }])
    const server = { ...first, sync_version: 1, server_seq: 7 }
    const results: PushResult[] = [{ change: { table: 'saved_queries', key: 'a', op: 'upsert', mutationId: 'm1', baseVersion: 0, row: first }, outcome: { kind: 'applied', version: 1, seq: 7, server } }]
    await run(s, (port) => acknowledgeScript(port, tools, { results, decide: noDecision, inFlight: new Map(), stripSecrets: (_t, r) => r }))
    expect(s.rows('saved_queries')).toEqual([{ ...edited, sync_version: 1, server_seq: 7 }])
    expect(s.rows('_base')).toEqual([{ pk: basePk('saved_queries', 'a'), table: 'saved_queries', key: 'a', row: server }])
    expect(s.rows('_outbox')).toEqual([unsent('a', '1', { mutationId: 'm2', baseVersion: 1 })])
    expect(s.rows('_quarantine')).toEqual([])
  })

  it('an edit of a record the server purged is archived and the row removed, never resurrected; a create is queued again', async () => {
    const s = setup()
    const edit = query('a', 3, { name: 'edit', mutation_id: 'm1' })
    const created = query('b', 0, { mutation_id: 'm2' })
    s.load('saved_queries', [edit, created])
    s.load('_outbox', [sent('a', 'm1', edit, { baseVersion: 3 }), sent('b', 'm2', created)])
    const results: PushResult[] = [
      { change: { table: 'saved_queries', key: 'a', op: 'upsert', mutationId: 'm1', baseVersion: 3, row: edit }, outcome: { kind: 'conflict', server: null } },
      { change: { table: 'saved_queries', key: 'b', op: 'upsert', mutationId: 'm2', baseVersion: 0, row: created }, outcome: { kind: 'conflict', server: null } },
    ]
    await run(s, (port) => acknowledgeScript(port, tools, { results, decide: noDecision, inFlight: new Map(), stripSecrets: (_t, r) => r }))
    expect(s.rows('saved_queries').map((r) => r['id'])).toEqual(['b'])
    expect(s.rows('sync_conflicts_archive')).toEqual([expect.objectContaining({ id: 'purged-m1', entity_id: 'a', resolution: 'remote' })])
    const queued = s.rows('_outbox').map((e) => [e['table'], e['key'], e['sent']])
    expect(queued).toEqual(expect.arrayContaining([['sync_conflicts_archive', 'purged-m1', 0], ['saved_queries', 'b', 0]]))
    expect(queued).toHaveLength(2)
  })

  it('a script that fails part-way leaves nothing written', async () => {
    const s = setup()
    const row = query('a', 0, { mutation_id: 'm1' })
    s.load('saved_queries', [row])
    s.load('_outbox', [sent('a', 'm1', row)])
    const results: PushResult[] = [
      { change: { table: 'saved_queries', key: 'a', op: 'upsert', mutationId: 'm1', baseVersion: 0, row }, outcome: { kind: 'applied', version: 1, seq: 7, server: row } },
      { change: { table: 'saved_queries', key: 'z', op: 'upsert', mutationId: 'm9', baseVersion: 2, row: query('z', 2) }, outcome: { kind: 'conflict', server: query('z', 3) } },
    ]
    const failing = (): Row => {
      throw new Error('secret store failed')
    }
    await expect(run(s, (port) => acknowledgeScript(port, tools, { results, decide: noDecision, inFlight: new Map(), stripSecrets: failing }))).rejects.toThrow('secret store failed')
    expect(s.rows('saved_queries')).toEqual([row])
    expect(s.rows('_outbox')).toEqual([sent('a', 'm1', row)])
  })
})

describe('upload selection, over the in-memory port', () => {
  it('the oldest records first, sent ones retried as they were; never a held entry or one behind a sent one; unsent ones marked sent in place', async () => {
    const s = setup()
    const rows = ['a', 'b', 'c', 'd', 'e'].map((id) => query(id, 0))
    s.load('saved_queries', rows)
    s.load('_outbox', [
      sent('a', 'ma', rows[0] as Row, { order: '0' }),
      behind('a', '1'),
      unsent('b', '2', { held: 1 }),
      unsent('c', '4'),
      unsent('d', '3'),
      unsent('e', '6'),
    ])
    const inFlight = new Map<string, Row>()
    const changes = await run(s, (port) => takeOutgoingScript(port, 3, inFlight))
    expect(changes.map((c) => [c.key, c.mutationId])).toEqual([['a', 'ma'], ['d', 'mu-d'], ['c', 'mu-c']])
    const byPk = new Map(s.rows('_outbox').map((e) => [e['pk'], e]))
    expect([...byPk.keys()].sort()).toEqual([entryPk('saved_queries', 'a'), behindPk('saved_queries', 'a'), entryPk('saved_queries', 'b'), entryPk('saved_queries', 'c'), entryPk('saved_queries', 'd'), entryPk('saved_queries', 'e')].sort())
    expect(['a', 'b', 'c', 'd', 'e'].map((id) => byPk.get(entryPk('saved_queries', id))?.['sent'])).toEqual([1, 0, 1, 1, 0])
    expect(byPk.get(entryPk('saved_queries', 'd'))?.['row']).toEqual({ ...rows[3], mutation_id: 'mu-d' })
    expect([...inFlight.keys()].sort()).toEqual(['ma', 'mu-c', 'mu-d'])
  })

  it('marking entries sent costs one write each, in place: no delete, no re-keyed copy', async () => {
    const s = setup()
    const rows = ['a', 'b', 'c'].map((id) => query(id, 0))
    s.load('saved_queries', rows)
    s.load('_outbox', ['a', 'b', 'c'].map((id, i) => unsent(id, String(i))))
    const log: string[] = []
    await run(s, (port) => takeOutgoingScript(counting(port, log), 10, new Map()))
    expect(log.filter((l) => l.endsWith('_outbox') && !l.startsWith('scan'))).toEqual(['bulkPut _outbox'])
    expect(s.rows('_outbox').map((e) => [e['pk'], e['sent']])).toEqual(['a', 'b', 'c'].map((id) => [entryPk('saved_queries', id), 1]))
  })

  it('an entry whose record is gone locally leaves the outbox unsent', async () => {
    const s = setup()
    s.load('_outbox', [unsent('gone', '1')])
    expect(await run(s, (port) => takeOutgoingScript(port, 10, new Map()))).toEqual([])
    expect(s.rows('_outbox')).toEqual([])
  })
})

describe('quarantine and the manual decision, over the in-memory port', () => {
  const refused = (id: string, patch: Row = {}): Row => ({ pk: quarantinePk('saved_queries', id), table: 'saved_queries', key: id, mutationId: 'm', code: 'x', message: 'x', at: 1, ...patch })

  it('a refused change leaves the outbox for the quarantine', async () => {
    const s = setup()
    const row = query('a', 0)
    s.load('_outbox', [sent('a', 'm1', row)])
    await run(s, (port) => quarantineScript(port, { table: 'saved_queries', key: 'a', op: 'upsert', mutationId: 'm1', baseVersion: 0, row }, { code: 'too-large', message: 'big', at: 5 }))
    expect(s.rows('_outbox')).toEqual([])
    expect(s.rows('_quarantine')).toEqual([{ pk: quarantinePk('saved_queries', 'a'), table: 'saved_queries', key: 'a', mutationId: 'm1', code: 'too-large', message: 'big', at: 5 }])
  })

  it('a refused change with an edit queued behind it: the edit takes the record\'s slot and goes next', async () => {
    const s = setup()
    const row = query('a', 0)
    s.load('saved_queries', [row])
    s.load('_outbox', [sent('a', 'm1', row), behind('a', '1', { mutationId: 'm2' })])
    await run(s, (port) => quarantineScript(port, { table: 'saved_queries', key: 'a', op: 'upsert', mutationId: 'm1', baseVersion: 0, row }, { code: 'too-large', message: 'big', at: 5 }))
    expect(s.rows('_outbox')).toEqual([unsent('a', '1', { mutationId: 'm2' })])
    const changes = await run(s, (port) => takeOutgoingScript(port, 10, new Map()))
    expect(changes.map((c) => c.mutationId)).toEqual(['m2'])
  })

  it('a refusal of a change the slot no longer holds removes nothing', async () => {
    const s = setup()
    const row = query('a', 0)
    s.load('_outbox', [unsent('a', '1', { mutationId: 'm2' })])
    await run(s, (port) => quarantineScript(port, { table: 'saved_queries', key: 'a', op: 'upsert', mutationId: 'm1', baseVersion: 0, row }, { code: 'x', message: 'x', at: 5 }))
    expect(s.rows('_outbox')).toEqual([unsent('a', '1', { mutationId: 'm2' })])
  })

  it('retry queues the record again as a new mutation based on its version', async () => {
    const s = setup()
    s.load('saved_queries', [query('a', 2)])
    s.load('_quarantine', [refused('a')])
    await run(s, (port) => releaseQuarantineScript(port, tools, 'saved_queries', 'a', 'retry'))
    expect(s.rows('_quarantine')).toEqual([])
    expect(s.rows('_outbox')).toEqual([expect.objectContaining({ pk: entryPk('saved_queries', 'a'), baseVersion: 2, sent: 0 })])
  })

  it('discard takes the server version the pull held, else the merge base, else deletes a record never synced', async () => {
    const s = setup()
    s.load('saved_queries', [query('held', 2, { name: 'mine' }), query('based', 2, { name: 'mine' }), query('new', 0)])
    s.load('_quarantine', [refused('held', { server: query('held', 4, { name: 'theirs' }) }), refused('based'), refused('new')])
    s.load('_base', [{ pk: basePk('saved_queries', 'based'), table: 'saved_queries', key: 'based', row: query('based', 2, { name: 'base' }) }])
    for (const id of ['held', 'based', 'new']) await run(s, (port) => releaseQuarantineScript(port, tools, 'saved_queries', id, 'discard'))
    expect(s.rows('saved_queries').map((r) => [r['id'], r['name'], r['sync_version']])).toEqual([['based', 'base', 2], ['held', 'theirs', 4]])
    expect(s.rows('_quarantine')).toEqual([])
    expect(s.rows('_outbox')).toEqual([])
  })

  it('a pulled row set aside is only dismissed from the list', async () => {
    const s = setup()
    s.load('_state', [{ k: 'unusable', v: [{ table: 'saved_queries', key: 'a', code: 'schema', message: 'x', at: 1 }, { table: 'saved_queries', key: 'b', code: 'schema', message: 'x', at: 1 }] }])
    await run(s, (port) => releaseQuarantineScript(port, tools, 'saved_queries', 'a', 'discard'))
    expect(s.rows('_state')).toEqual([{ k: 'unusable', v: [{ table: 'saved_queries', key: 'b', code: 'schema', message: 'x', at: 1 }] }])
  })

  it('a decision equal to the server row stores the server row and queues only the archive update', async () => {
    const s = setup()
    const server = query('a', 3, { name: 'theirs' })
    s.load('saved_queries', [query('a', 3, { name: 'mine', mutation_id: 'mine' })])
    s.load('_base', [{ pk: basePk('saved_queries', 'a'), table: 'saved_queries', key: 'a', row: server }])
    s.load('_outbox', [unsent('a', '1', { held: 1 })])
    await run(s, (port) =>
      resolveHeldScript(port, tools, {
        table: 'saved_queries',
        key: 'a',
        resolve: () => ({ fields: { name: 'theirs' } }),
        archive: (resolved) => ({ id: 'arch', entity_type: 'saved_queries', entity_id: 'a', resolved_snapshot: resolved, sync_version: 1, server_seq: 1 }),
      }),
    )
    expect(s.rows('saved_queries')).toEqual([server])
    expect(s.rows('_outbox')).toEqual([expect.objectContaining({ table: 'sync_conflicts_archive', key: 'arch', baseVersion: 1 })])
    expect(s.rows('sync_conflicts_archive')).toEqual([expect.objectContaining({ id: 'arch', resolved_snapshot: server })])
  })
})
