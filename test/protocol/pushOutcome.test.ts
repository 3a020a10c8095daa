import { describe, expect, it } from 'vitest'
import { planCursorJump, readPushOutcome } from '../../src/core/protocol/pushOutcome'
import type { OutgoingChange, PushResult } from '../../src/core/ports'

const change = (patch: Partial<OutgoingChange> = {}): OutgoingChange => ({ table: 'saved_queries', key: 'a', op: 'upsert', mutationId: 'm1', baseVersion: 2, row: { id: 'a' }, ...patch })
const decode = (raw: Readonly<Record<string, unknown>>) => ({ id: raw['id'], sync_version: raw['sync_version'] })
const notUnusable = (): undefined => undefined

describe('reading a push outcome', () => {
  it('the record carries this mutation id: applied with what the write assigned, session totals passed on', () => {
    const r = readPushOutcome(change(), { id: 'a', sync_version: 3, _mutation: 'm1', _version: 3, _seq: 9, _message_count: 2, _token_count: 5 }, decode, notUnusable)
    expect(r.outcome).toEqual({ kind: 'applied', version: 3, seq: 9, server: { id: 'a', sync_version: 3 }, messageTotals: { count: 2, tokens: 5 } })
  })
  it('another mutation moved the record past the base: a conflict with the server row', () => {
    expect(readPushOutcome(change(), { id: 'a', sync_version: 4, _mutation: 'other' }, decode, notUnusable).outcome).toEqual({ kind: 'conflict', server: { id: 'a', sync_version: 4 } })
  })
  it('the base is still the server version yet the write did not apply: a constraint refused it', () => {
    expect(readPushOutcome(change(), { id: 'a', sync_version: 2, _mutation: 'other' }, decode, notUnusable).outcome).toMatchObject({ kind: 'rejected', code: 'SQLITE_CONSTRAINT' })
  })
  it('no record: a refused create, or a record gone from the server', () => {
    expect(readPushOutcome(change({ baseVersion: 0 }), undefined, decode, notUnusable).outcome).toMatchObject({ kind: 'rejected', code: 'SQLITE_CONSTRAINT' })
    expect(readPushOutcome(change(), undefined, decode, notUnusable).outcome).toEqual({ kind: 'conflict', server: null })
    expect(readPushOutcome(change({ op: 'delete', baseVersion: 0 }), undefined, decode, notUnusable).outcome).toEqual({ kind: 'conflict', server: null })
  })
  it('a server row the device cannot use quarantines the change; any other decoding failure is thrown', () => {
    const failing = (): never => {
      throw new RangeError('bad row')
    }
    expect(readPushOutcome(change(), { id: 'a' }, failing, (e) => (e instanceof RangeError ? e.message : undefined)).outcome).toEqual({ kind: 'rejected', code: 'invalid-server-row', message: 'bad row' })
    expect(() => readPushOutcome(change(), { id: 'a' }, failing, notUnusable)).toThrow('bad row')
  })
})

describe('the cursor jump after a push', () => {
  const applied = (table: 'saved_queries' | 'query_history', seq: number): PushResult => ({ change: change({ table }), outcome: { kind: 'applied', version: 1, seq, server: {} } })
  it('a table whose first row after the cursor is our first one moves past our rows; the batch range is returned', () => {
    const plan = planCursorJump({ results: [applied('saved_queries', 11), applied('saved_queries', 12)], count: 2, tables: [{ table: 'saved_queries', first: 11, top: 12 }], top: 12, cursors: { saved_queries: 3 }, pulled: ['saved_queries', 'query_history'] })
    expect(plan).toEqual({ cursors: { saved_queries: 12 }, own: [10, 12] })
  })
  it('another device’s row before ours, or an acknowledgement of an earlier attempt: the cursor stays', () => {
    expect(planCursorJump({ results: [applied('saved_queries', 11)], count: 1, tables: [{ table: 'saved_queries', first: 7, top: 11 }], top: 11, cursors: { saved_queries: 3 }, pulled: ['saved_queries', 'query_history'] }).cursors).toEqual({})
    expect(planCursorJump({ results: [applied('saved_queries', 5), applied('saved_queries', 11)], count: 2, tables: [{ table: 'saved_queries', first: 5, top: 11 }], top: 11, cursors: { saved_queries: 3 }, pulled: ['saved_queries', 'query_history'] }).cursors).toEqual({})
  })
  it('no cursor lies before the batch: every cursor moves to the top', () => {
    expect(planCursorJump({ results: [applied('saved_queries', 11)], count: 1, tables: [{ table: 'saved_queries', first: 11, top: 11 }], top: 11, cursors: { saved_queries: 10, query_history: 10 }, pulled: ['saved_queries', 'query_history'] }).cursors).toEqual({ saved_queries: 11, query_history: 11 })
  })
})
