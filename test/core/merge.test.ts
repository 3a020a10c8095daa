import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createConflictResolver, merge3, type Row, type OutgoingChange } from '@howlerops/sync'

describe('field-level 3-way merge', () => {
  it('takes one-sided changes and reports only same-field disagreements', () => {
    const base = { id: 'x', a: 1, b: 1, c: 1, tags: ['x'] }
    const local = { ...base, a: 2, c: 3, tags: ['x', 'y'] }
    const remote = { ...base, b: 2, c: 4, tags: ['x', 'y'] }
    const { merged, conflicts } = merge3(base, local, remote)
    expect(merged).toMatchObject({ a: 2, b: 2, tags: ['x', 'y'] })
    expect(conflicts).toEqual(['c'])
  })

  it('ignores the columns the sync layer owns', () => {
    const base = { id: 'x', a: 1, hlc: '1', sync_version: 1, mutation_id: 'm1' }
    const { conflicts } = merge3(base, { ...base, hlc: '2', mutation_id: 'm2' }, { ...base, hlc: '3', sync_version: 2 })
    expect(conflicts).toEqual([])
  })

  it('without a base every differing field is a conflict', () => {
    expect(merge3(null, { id: 'x', a: 1, b: 1 }, { id: 'x', a: 2, b: 1 }).conflicts).toEqual(['a'])
  })
})

const FIELDS = ['key', 'value', 'device_id'] as const
const stamp = (hlc: string): Row => ({ user_id: 'u', created_at: 0, updated_at: 0, deleted_at: null, sync_version: 1, server_seq: 1, hlc, mutation_id: hlc, origin_device_id: hlc.slice(-1) })

const resolverFor = (deviceId: string) =>
  createConflictResolver({ userId: 'u', deviceId, deviceName: deviceId, now: () => 0, tick: () => `999999999999999-000000-${deviceId}`, newId: () => 'id' })

/** The data a device ends with after resolving its pending `local` against the server's `remote`. */
const outcome = (deviceId: string, base: Row, local: Row, remote: Row): Row => {
  const pending: OutgoingChange[] = [{ table: 'user_preferences', key: 'p', op: 'upsert', mutationId: String(local['mutation_id']), baseVersion: 1, row: local }]
  const decision = resolverFor(deviceId)({ table: 'user_preferences', remote, local, base, pending })
  const row = decision.kind === 'resolved' ? decision.local : remote
  return Object.fromEntries(FIELDS.map((f) => [f, row?.[f]]))
}

describe('convergence (property)', () => {
  it('two concurrent edit sets resolve to the same data whichever device resolves them (last-write-wins + 3-way merge)', () => {
    const value = fc.oneof(fc.constant(null), fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 3 }))
    const edits = fc.record({ key: fc.option(fc.string({ minLength: 1, maxLength: 3 }), { nil: undefined }), value: fc.option(value, { nil: undefined }), device_id: fc.option(fc.constantFrom(null, 'd1'), { nil: undefined }) })
    fc.assert(
      fc.property(edits, edits, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), (ea, eb, ta, tb) => {
        const base: Row = { id: 'p', key: 'k', value: 'v', device_id: null, ...stamp('000000000000001-000000-x') }
        const apply = (e: Record<string, unknown>): Row => ({ ...base, ...Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) })
        const a = { ...apply(ea), ...stamp(`${String(1000 + ta).padStart(15, '0')}-000000-a`) }
        const b = { ...apply(eb), ...stamp(`${String(1000 + tb).padStart(15, '0')}-000000-b`) }
        // Either A pushed first and B resolves, or the other way round: the data must be the same.
        expect(outcome('b', base, b, a)).toEqual(outcome('a', base, a, b))
      }),
      { numRuns: 2000 },
    )
  })
})
