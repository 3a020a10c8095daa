import { afterAll, describe, expect, it } from 'vitest'
import type { OutgoingChange, PushResult } from '../../src/core/ports'
import { createLibsqlRemote } from '../../src/remote/libsqlRemote'
import { guardRequestBody } from '../../src/index'
import type { SyncedTableName } from '../../src/schema/tables'
import { createUserDatabase, startEmulator } from '../engine/harness'

/**
 * Exactly once (I2) at the server, through the real libSQL remote: a push whose response is lost after it committed
 * is acknowledged when retried, never applied twice and never reported as a conflict, whoever wrote in between.
 * And what it costs: the bookkeeping writes nothing while a device edits its own records.
 */
const { emulator, close } = startEmulator()
afterAll(close)

type User = Awaited<ReturnType<typeof createUserDatabase>>

const message = (id: string, content: string, mutation: string, base: number): OutgoingChange => ({
  table: 'ai_memory_messages',
  key: id,
  op: 'upsert',
  mutationId: mutation,
  baseVersion: base,
  row: { id, session_id: 's1', role: 'user', content, content_encoding: 'identity', token_count: 1, metadata: null, created_at: 1, updated_at: 1, deleted_at: null, hlc: `${mutation}-hlc` },
})

const tombstone = (table: SyncedTableName, id: string, mutation: string, base: number): OutgoingChange => ({
  table, key: id, op: 'delete', mutationId: mutation, baseVersion: base, row: { id, deleted_at: 5, hlc: `${mutation}-hlc` },
})

const push = async (user: User, device: string, changes: OutgoingChange[]): Promise<PushResult[]> => {
  const remote = createLibsqlRemote({ url: user.url, authToken: user.authToken, guard: guardRequestBody })
  try {
    return (await remote.push(changes, { userId: 'user-1', deviceId: device, now: 1_000 })).results
  } finally {
    remote.close()
  }
}

/** Pushes with the response lost after the commit: the device cannot know it applied. */
const pushLost = async (user: User, device: string, changes: OutgoingChange[]): Promise<void> => {
  emulator.faults.add({ kind: 'lost-after-commit', database: user.name, match: (body) => body.includes('SET seq = seq + :n') })
  await expect(push(user, device, changes)).rejects.toMatchObject({ code: 'network' })
}

const applied = (results: PushResult[]): { version: number; seq: number } => {
  const outcome = results[0]?.outcome
  if (outcome?.kind !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(outcome)}`)
  return { version: outcome.version, seq: outcome.seq }
}

const serverRow = async (user: User, table: string, id: string): Promise<Record<string, unknown> | undefined> =>
  (await emulator.query(user.name, `SELECT * FROM ${table} WHERE id = ?`, [id]))[0]

describe('exactly once across lost responses (I2)', () => {
  it('a retry with nobody in between is acknowledged from the row itself', async () => {
    const user = await createUserDatabase(emulator)
    await pushLost(user, 'A', [message('m1', 'hello', 'A-1', 0)])
    const row = await serverRow(user, 'ai_memory_messages', 'm1')
    const retry = await push(user, 'A', [message('m1', 'hello', 'A-1', 0)])
    expect(applied(retry)).toEqual({ version: row?.['sync_version'], seq: row?.['server_seq'] })
    expect(await serverRow(user, 'ai_memory_messages', 'm1')).toEqual(row)
  })

  it('a retry after another device wrote on top is acknowledged with its own version, and does not apply again', async () => {
    const user = await createUserDatabase(emulator)
    await pushLost(user, 'A', [message('m1', 'from A', 'A-1', 0)])
    const mine = await serverRow(user, 'ai_memory_messages', 'm1')
    applied(await push(user, 'B', [message('m1', 'from B', 'B-1', Number(mine?.['sync_version']))]))
    const theirs = await serverRow(user, 'ai_memory_messages', 'm1')

    const retry = await push(user, 'A', [message('m1', 'from A', 'A-1', 0)])
    expect(applied(retry)).toEqual({ version: mine?.['sync_version'], seq: mine?.['server_seq'] })
    // B's version stands: the retry wrote nothing.
    expect(await serverRow(user, 'ai_memory_messages', 'm1')).toEqual(theirs)
    expect(theirs).toMatchObject({ content: 'from B', mutation_id: 'B-1', origin_device_id: 'B' })
  })

  it('two other writers in turn, and the device\'s own later edits in between, still leave its last mutation recognised', async () => {
    const user = await createUserDatabase(emulator)
    const v1 = applied(await push(user, 'A', [message('m1', 'a1', 'A-1', 0)])).version
    const v2 = applied(await push(user, 'B', [message('m1', 'b1', 'B-1', v1)])).version
    await pushLost(user, 'A', [message('m1', 'a2', 'A-2', v2)])
    const mine = await serverRow(user, 'ai_memory_messages', 'm1')
    const v4 = applied(await push(user, 'B', [message('m1', 'b2', 'B-2', Number(mine?.['sync_version']))])).version
    applied(await push(user, 'C', [message('m1', 'c1', 'C-1', v4)]))
    const last = await serverRow(user, 'ai_memory_messages', 'm1')

    expect(applied(await push(user, 'A', [message('m1', 'a2', 'A-2', v2)]))).toEqual({ version: mine?.['sync_version'], seq: mine?.['server_seq'] })
    // B's lost-looking retry of its last mutation is recognised too; an older mutation of B's is not "applied" now.
    expect(applied(await push(user, 'B', [message('m1', 'b2', 'B-2', Number(mine?.['sync_version']))])).version).toBe(v4)
    expect((await push(user, 'B', [message('m1', 'b1', 'B-1', v1)]))[0]?.outcome.kind).toBe('conflict')
    expect(await serverRow(user, 'ai_memory_messages', 'm1')).toEqual(last)
  })

  it('a lost tombstone, then another device re-creates the record: the retry is acknowledged and the record stays', async () => {
    const user = await createUserDatabase(emulator)
    const v1 = applied(await push(user, 'A', [message('m1', 'a1', 'A-1', 0)])).version
    await pushLost(user, 'A', [tombstone('ai_memory_messages', 'm1', 'A-2', v1)])
    const gone = await serverRow(user, 'ai_memory_messages', 'm1')
    expect(gone?.['deleted_at']).not.toBeNull()
    applied(await push(user, 'B', [message('m1', 'back', 'B-1', Number(gone?.['sync_version']))]))
    expect(applied(await push(user, 'A', [tombstone('ai_memory_messages', 'm1', 'A-2', v1)]))).toEqual({ version: gone?.['sync_version'], seq: gone?.['server_seq'] })
    expect(await serverRow(user, 'ai_memory_messages', 'm1')).toMatchObject({ content: 'back', deleted_at: null })
  })

  it('the retention job retiring the record, even run by the same device, does not hide its lost push', async () => {
    const user = await createUserDatabase(emulator)
    const entry: OutgoingChange = {
      table: 'query_history', key: 'h1', op: 'upsert', mutationId: 'A-1', baseVersion: 0,
      row: { id: 'h1', connection_id: null, query_text: 'select 1', executed_at: 1, duration_ms: 1, rows_affected: 0, status: 'success', error_message: null, privacy_mode: 'normal', created_at: 1, updated_at: 1, deleted_at: null, hlc: 'A-1-hlc' },
    }
    await pushLost(user, 'A', [entry])
    const mine = await serverRow(user, 'query_history', 'h1')
    const remote = createLibsqlRemote({ url: user.url, authToken: user.authToken })
    const statistics = { connections: 0, savedQueries: 0, queryHistory: 0, aiSessions: 0, aiMessages: 0, devices: 1, storageBytes: 0, lastActivityAt: null }
    await remote.maintain({ now: 1_000_000, userId: 'user-1', deviceId: 'A', historyLimit: 1000, historyMaxAgeMs: 1000, tombstoneMaxAgeMs: 1e12, archiveMaxAgeMs: 1e12, statistics })
    remote.close()
    expect(await serverRow(user, 'query_history', 'h1')).toMatchObject({ mutation_id: 'retention-h1', origin_device_id: 'retention' })
    expect(applied(await push(user, 'A', [entry]))).toEqual({ version: mine?.['sync_version'], seq: mine?.['server_seq'] })
  })
})

describe('what exactly once costs at the server', () => {
  const indexCount = async (user: User, table: string): Promise<number> =>
    Number((await emulator.query(user.name, `SELECT count(*) AS n FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?`, [table]))[0]?.['n'])

  it('a device creating and editing its own records writes the records and their index entries, nothing more', async () => {
    const user = await createUserDatabase(emulator)
    const n = 20
    const ids = Array.from({ length: n }, (_, i) => `m${i}`)
    // One row per record plus one per index entry (the emulator's rule), plus the sequence bump of the request and its
    // entry in the push log (R13), plus (first push only) the database's identity row, which it claims (R12).
    const perRecord = 1 + (await indexCount(user, 'ai_memory_messages'))
    emulator.resetStats(user.name)
    const created = await push(user, 'A', ids.map((id, i) => message(id, 'v1', `A-${i}`, 0)))
    expect(emulator.stats(user.name).rowsWritten).toBe(n * perRecord + 2 + 1)
    emulator.resetStats(user.name)
    const versions = created.map((r) => (r.outcome.kind === 'applied' ? r.outcome.version : -1))
    const edited = await push(user, 'A', ids.map((id, i) => message(id, 'v2', `A2-${i}`, versions[i] ?? -1)))
    expect(edited.every((r) => r.outcome.kind === 'applied')).toBe(true)
    const stats = emulator.stats(user.name)
    expect(stats.rowsWritten).toBe(n * perRecord + 2)
    expect(stats.rowsRead / n).toBeLessThanOrEqual(2)
    expect(await emulator.query(user.name, 'SELECT count(*) AS n FROM sync_metadata')).toEqual([{ n: 0 }])
  })

  it('another device taking a record over costs one sync_metadata row per record', async () => {
    const user = await createUserDatabase(emulator)
    const n = 10
    const ids = Array.from({ length: n }, (_, i) => `m${i}`)
    const created = await push(user, 'A', ids.map((id, i) => message(id, 'v1', `A-${i}`, 0)))
    const versions = created.map((r) => (r.outcome.kind === 'applied' ? r.outcome.version : -1))
    const perRecord = 1 + (await indexCount(user, 'ai_memory_messages'))
    emulator.resetStats(user.name)
    await push(user, 'B', ids.map((id, i) => message(id, 'v2', `B-${i}`, versions[i] ?? -1)))
    expect(emulator.stats(user.name).rowsWritten).toBe(n * (perRecord + 1) + 2)
    expect(await emulator.query(user.name, 'SELECT device_id, count(*) AS n FROM sync_metadata GROUP BY device_id')).toEqual([{ device_id: 'A', n }])
  })
})
