import { describe, expect, it } from 'vitest'
import { planEnqueue, planRequeue, type OutboxEntry } from '../../src/core/protocol/outbox'
import { planGone, planSettle, routePulled } from '../../src/core/protocol/settle'
import { createConflictResolver } from '../../src/core/conflicts/resolve'
import type { Row } from '../../src/core/ports'
import { unionTotals } from '../../src/core/protocol/applyOrder'
import { planRetiredBases } from '../../src/core/protocol/prune'
import { planManualResolution } from '../../src/core/protocol/manual'

/**
 * The protocol's planners on plain inputs: the rules found by the soak, one assertion each on the plan itself (the
 * simulation's minimal plans in test/simulation/defects.test.ts show the same rules end to end).
 */
const stamp = { unsentPk: 'u\u001fquery_history\u001fqh-1', mutationId: 'm-del', tick: () => '001-000000-d0', now: 1_000 }

const privateRow = (patch: Row = {}): Row => ({ id: 'qh-1', query_text: 'mine', privacy_mode: 'private', sync_version: 0, server_seq: 0, ...patch })
const serverRow = (patch: Row = {}): Row => ({ id: 'qh-1', query_text: 'theirs', privacy_mode: 'normal', sync_version: 1, server_seq: 7, deleted_at: null, ...patch })

describe('planEnqueue: deleting a local-only row', () => {
  it('that never met a server record sends nothing', () => {
    const plan = planEnqueue({ table: 'query_history', key: 'qh-1', op: 'delete', row: privateRow(), before: privateRow(), unsent: undefined, sent: false }, stamp)
    expect(plan.kind).toBe('none')
  })

  it('that stood over another device\'s record sends a delete based on what it has seen of it (a conflict there)', () => {
    const row = privateRow({ server_seq: 7 })
    const plan = planEnqueue({ table: 'query_history', key: 'qh-1', op: 'delete', row, before: row, unsent: undefined, sent: false }, stamp)
    expect(plan.kind).toBe('put')
    if (plan.kind !== 'put') return
    expect(plan.entry.op).toBe('delete')
    expect(plan.entry.baseVersion).toBe(0)
  })
})

describe('planSettle: a server record under the key of a local-only row', () => {
  const decide = createConflictResolver({ userId: 'u', deviceId: 'd0', deviceName: 'D0', now: () => 1, tick: () => '002-000000-d0', newId: () => 'id' })

  it('without a withdrawal pending, the local row stays based on its own version and learns the server holds something', () => {
    const plan = planSettle({ table: 'query_history', key: 'qh-1', remote: serverRow(), local: privateRow(), base: null, entries: [], decide })
    expect(plan.requeue).toEqual([])
    expect(plan.local).toEqual({ kind: 'put', row: { ...privateRow(), server_seq: 7 } })
    expect(plan.create).toEqual([])
  })

  it('with a withdrawal pending, the withdrawal is re-based on the server version, and the unseen edit archived', () => {
    const withdrawal: OutboxEntry = { pk: 'u\u001fquery_history\u001fqh-1', table: 'query_history', key: 'qh-1', op: 'delete', mutationId: 'w', baseVersion: 1, order: '001', sent: 0, keyColumns: { id: 'qh-1' } }
    const archived: Row = { id: 'withdrawn' }
    const plan = planSettle({
      table: 'query_history', key: 'qh-1', remote: serverRow({ sync_version: 2, server_seq: 9 }), local: privateRow({ sync_version: 1 }), base: null,
      entries: [withdrawal], decide, archive: () => archived,
    })
    expect(plan.local).toEqual({ kind: 'put', row: { ...privateRow(), sync_version: 2, server_seq: 9 } })
    expect(plan.requeue.map((r) => [r.row, r.baseVersion])).toEqual([[null, 2]])
    expect(plan.create).toEqual([{ table: 'sync_conflicts_archive', row: archived }])
  })
})

describe('the merge strategy derives a session\'s counts from the union of its messages (I7)', () => {
  const decide = createConflictResolver({ userId: 'u', deviceId: 'd1', deviceName: 'D1', now: () => 1, tick: () => '009-000000-d1', newId: () => 'id' })
  const session = (count: number, patch: Row = {}): Row => ({ id: 's', title: 't', message_count: count, token_count: count * 3, sync_version: 2, hlc: '005-000000-d0', ...patch })
  const pending = [{ table: 'ai_memory_sessions' as const, key: 's', op: 'upsert' as const, mutationId: 'm', baseVersion: 1, row: session(2) }]

  it('both devices wrote the same count (no field in conflict): the totals still win', () => {
    const decision = decide({ table: 'ai_memory_sessions', base: session(1), local: session(2), remote: session(2), pending, messageTotals: { count: 3, tokens: 9 } })
    expect(decision.kind).toBe('resolved')
    if (decision.kind !== 'resolved') return
    expect([decision.local?.['message_count'], decision.local?.['token_count'], decision.push]).toEqual([3, 9, true])
  })

  it('counts that already match the totals apply the server row as it is', () => {
    const decision = decide({ table: 'ai_memory_sessions', base: session(1), local: session(2), remote: session(2), pending, messageTotals: { count: 2, tokens: 6 } })
    expect(decision.kind).toBe('apply')
  })
})

describe('planGone: a pushed change whose record the server no longer holds', () => {
  it('a delete (or a withdrawal) is done, whatever it was based on; the local row stays', () => {
    expect(planGone({ op: 'delete', baseVersion: 3 })).toBe('done')
    expect(planGone({ op: 'delete', baseVersion: 0 })).toBe('done')
  })

  it('a creation is queued again; an edit of a purged record is archived, never resurrected', () => {
    expect(planGone({ op: 'upsert', baseVersion: 0 })).toBe('create')
    expect(planGone({ op: 'upsert', baseVersion: 2 })).toBe('archive')
  })
})

describe('routePulled: which pulled rows take the bulk path', () => {
  const row = serverRow()
  it('pending changes or a local-only row: settled', () => {
    expect(routePulled('query_history', row, undefined, true)).toBe('settle')
    expect(routePulled('query_history', row, privateRow({ server_seq: 9 }), false)).toBe('settle')
  })
  it('a row this device has (by server sequence, not version): skipped; a tombstone deletes only what is there', () => {
    expect(routePulled('query_history', row, serverRow({ sync_version: 5, server_seq: 7 }), false)).toBe('skip')
    expect(routePulled('query_history', serverRow({ sync_version: 1, server_seq: 12 }), serverRow({ sync_version: 5, server_seq: 7 }), false)).toBe('put')
    expect(routePulled('query_history', serverRow({ deleted_at: 5, server_seq: 8 }), serverRow(), false)).toBe('delete')
    expect(routePulled('query_history', serverRow({ deleted_at: 5, server_seq: 8 }), undefined, false)).toBe('skip')
  })
  it('a newer version of a refused (quarantined) record is held, never put over the refused content (R14)', () => {
    expect(routePulled('query_history', serverRow({ sync_version: 6, server_seq: 12 }), serverRow({ sync_version: 5, server_seq: 7 }), false, true)).toBe('hold')
    expect(routePulled('query_history', serverRow({ deleted_at: 5, server_seq: 12 }), serverRow({ server_seq: 7 }), false, true)).toBe('hold')
    expect(routePulled('query_history', serverRow({ server_seq: 7 }), serverRow({ server_seq: 7 }), false, true)).toBe('skip')
  })
})

describe('derive: the merge strategy corrects a session the server applied with other counts than its totals', () => {
  const policy = { userId: 'u', deviceId: 'd1', deviceName: 'D1', now: () => 1, tick: () => '009-000000-d1', newId: () => 'fresh' }
  const row = { id: 's', message_count: 2, token_count: 6, sync_version: 3, mutation_id: 'old' }
  it('stamps a corrected row as a new write', () => {
    const fixed = createConflictResolver(policy).derive?.('ai_memory_sessions', row, { count: 3, tokens: 9 })
    expect(fixed).toMatchObject({ message_count: 3, token_count: 9, mutation_id: 'fresh', hlc: '009-000000-d1', sync_version: 3 })
  })
  it('nothing when the counts match, for other tables, or when the app chose another strategy for sessions', () => {
    expect(createConflictResolver(policy).derive?.('ai_memory_sessions', row, { count: 2, tokens: 6 })).toBeNull()
    expect(createConflictResolver(policy).derive?.('saved_queries', row, { count: 3, tokens: 9 })).toBeNull()
    expect(createConflictResolver({ ...policy, strategies: { ai_memory_sessions: 'last-write-wins' } }).derive?.('ai_memory_sessions', row, { count: 3, tokens: 9 })).toBeNull()
  })
})

describe('a held record whose server row is gone (deleted, or purged while away)', () => {
  it('planRetiredBases: a record with changes waiting that the full reconcile did not see gets a tombstone base on nothing', () => {
    const rows = [{ id: 'a', sync_version: 2 }, { id: 'b', sync_version: 2 }, { id: 'c', sync_version: 1 }]
    const retired = planRetiredBases({ table: 'saved_queries', rows, seen: new Set(['b']), pending: new Set(['a', 'b']) }, 99)
    expect(retired).toEqual([{ key: 'a', row: { id: 'a', deleted_at: 99, sync_version: 0, server_seq: 0 } }])
  })

  it('planManualResolution reads a tombstone as the remote side deleted: remote deletes, local keeps the local version', () => {
    const seen = { local: { id: 'a', name: 'mine' }, remote: { id: 'a', name: 'theirs', deleted_at: null } }
    const server = { id: 'a', deleted_at: 99, sync_version: 0 }
    expect(planManualResolution({ seen, choice: 'remote', current: seen.local, server })).toBeNull()
    expect(planManualResolution({ seen, choice: 'both', current: seen.local, server })).toBeNull()
    expect(planManualResolution({ seen, choice: 'local', current: seen.local, server })).toEqual({ id: 'a', name: 'mine' })
  })
})

describe('unionTotals: a session applied over an incomplete view of its messages', () => {
  const m = (id: string, version: number): Row => ({ id, sync_version: version, token_count: 2 })
  it('the device holds fewer synced messages than the server: server totals plus the messages it has never sent', () => {
    expect(unionTotals({ count: 3, tokens: 6 }, [m('a', 1), m('b', 0)], () => false)).toEqual({ count: 4, tokens: 8 })
  })
  it('nothing to correct when the device holds all the server has, or while one of its messages is in flight', () => {
    expect(unionTotals({ count: 2, tokens: 4 }, [m('a', 1), m('b', 1), m('c', 0)], () => false)).toBeUndefined()
    expect(unionTotals({ count: 3, tokens: 6 }, [m('a', 1), m('b', 0)], (id) => id === 'b')).toBeUndefined()
  })
})

describe('planRequeue: what the sync layer queues on the user behalf keeps the enqueue rule for local-only rows (R4)', () => {
  const stamp = { unsentPk: 'u\u001fquery_history\u001fh1', newId: () => 'new-id', tick: () => 'tick', now: 7 }
  const history = (privacy: string): Row => ({ id: 'h1', privacy_mode: privacy, query_text: 'select 1', mutation_id: 'm1' })
  it.each([
    ['a shared row is queued with its content', history('normal'), 3, { kind: 'put', entry: { op: 'upsert', mutationId: 'm1', baseVersion: 3, order: 'tick' } }],
    ['a private row the server has is withdrawn, never sent', history('private'), 3, { kind: 'put', entry: { op: 'delete', mutationId: 'new-id', keyColumns: { id: 'h1', hlc: 'tick', deleted_at: 7 } } }],
    ['a private row the server never had is not queued at all', history('private'), 0, { kind: 'drop', pk: stamp.unsentPk }],
  ] as const)('%s', (_name, row, baseVersion, expected) => {
    const plan = planRequeue({ table: 'query_history', key: 'h1', row, baseVersion, keyColumns: { id: 'h1' } }, undefined, stamp)
    expect(plan).toMatchObject(expected)
    // A withdrawal carries the key only: none of the private row's content.
    if (plan.kind === 'put' && plan.entry.op === 'delete') expect(JSON.stringify(plan.entry)).not.toContain('select 1')
  })
})
