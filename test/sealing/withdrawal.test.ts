// Withdrawal leaves nothing (R4, R11): a record made local-only, or deleted, leaves a tombstone whose user columns are
// NULL, empty or at their default on the server, sealed or not; the device keeps its private row.
import { afterAll, describe, expect, it } from 'vitest'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from '../engine/harness'

const { emulator, close } = startEmulator()
afterAll(close)

const SQL = "SELECT * FROM payroll WHERE ssn = '078-05-1120'"

describe.each([
  ['sealed', undefined],
  ['unsealed', false as const],
])('withdrawal leaves nothing on the server (%s)', (_mode, sealing) => {
  it('a history row made private is a tombstone with no content; the device keeps its text', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A', sealing === undefined ? {} : { sealing })
    await a.db.query_history.put({ id: 'h1', query_text: SQL, executed_at: 5, duration_ms: 12, rows_affected: 3, status: 'error', error_message: `near ${SQL}`, privacy_mode: 'normal' } as never)
    await a.engine.syncNow()
    await a.db.query_history.update('h1', { privacy_mode: 'private' })
    await a.engine.syncNow()
    const [row] = await emulator.query(user.name, 'SELECT * FROM query_history WHERE id = ?', ['h1'])
    expect(row).toMatchObject({ query_text: '', error_message: null, duration_ms: null, rows_affected: null, connection_id: null, privacy_mode: 'normal' })
    expect(row?.['deleted_at']).not.toBeNull()
    expect(await a.db.query_history.get('h1')).toMatchObject({ query_text: SQL, privacy_mode: 'private' })
  })

  it('a deleted record leaves a tombstone with no content, and the deletion still reaches the other device', async () => {
    const user = await createUserDatabase(emulator)
    const options = sealing === undefined ? {} : { sealing }
    const a = createDevice(user, 'A', options)
    const b = createDevice(user, 'B', options)
    await a.db.saved_queries.put(savedQuery('q1', { name: 'payroll', query_text: SQL, folder: 'hr', tags: ['pii'], is_favorite: 1 }) as never)
    await a.engine.syncNow()
    await b.engine.syncNow()
    await a.db.saved_queries.delete('q1')
    await a.engine.syncNow()
    const [row] = await emulator.query(user.name, 'SELECT name, description, query_text, folder, tags, is_favorite, deleted_at FROM saved_queries WHERE id = ?', ['q1'])
    expect(row).toMatchObject({ name: '', description: null, query_text: '', folder: null, tags: null, is_favorite: 0 })
    expect(row?.['deleted_at']).not.toBeNull()
    await b.engine.syncNow()
    expect(await b.db.saved_queries.get('q1')).toBeUndefined()
  })
})
