import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { SchemaError } from '@howlerops/sync'
import { createDevice, createUserDatabase, startEmulator } from './harness'
import { anyValue, sameValue, type ValueKind } from '../simulation/sim/values'

/**
 * R14 as a property, per column kind, over the whole JS value domain: a value either round-trips exactly (to the
 * server and to a second device, and stays as written on the first) or throws a SchemaError at the write.
 * Fixed seed in `npm test` (VALUES_SEED picks another); the simulation's `values` feature runs the same generator.
 */
const { emulator, close } = startEmulator()
afterAll(close)

/** An AI session column of each kind (no real or blob column exists in the schema). */
const COLUMN: Readonly<Record<ValueKind, string>> = { text: 'summary', integer: 'last_message_at', json: 'metadata' }
const SEED = Number(process.env['VALUES_SEED'] ?? 27)

describe('every value round-trips exactly or fails at the write (R14)', () => {
  it.each(['text', 'integer', 'json'] as const)('%s', async (kind) => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'A')
    const b = createDevice(user, 'B')
    const column = COLUMN[kind]
    let n = 0
    let accepted = 0
    await fc.assert(
      fc.asyncProperty(fc.array(anyValue(kind), { minLength: 1, maxLength: 8 }), async (values) => {
        const written: Array<{ id: string; value: unknown }> = []
        for (const value of values) {
          const id = `${kind}-${++n}`
          const thrown = await a.db.ai_memory_sessions.put({ id, title: 't', [column]: value } as never).then(
            () => undefined,
            (e: unknown) => e,
          )
          // A boolean in an INTEGER column is stored as 0/1 at the write (booleans are not IndexedDB keys, defect 12).
          if (thrown === undefined) written.push({ id, value: kind === 'integer' && typeof value === 'boolean' ? Number(value) : value })
          else if (!(thrown instanceof SchemaError) || thrown.column !== column) throw new Error(`${kind}: not a SchemaError naming ${column}`, { cause: thrown })
          else expect(await a.db.ai_memory_sessions.get(id)).toBeUndefined()
        }
        accepted += written.length
        const report = await a.engine.syncNow()
        expect(report.quarantined).toBe(0)
        expect(a.engine.getStatus().lastError).toBeNull()
        expect(await a.db._quarantine.count()).toBe(0)
        await b.engine.syncNow()
        for (const { id, value } of written) {
          const mine = (await a.db.ai_memory_sessions.get(id)) as Record<string, unknown> | undefined
          const theirs = (await b.db.ai_memory_sessions.get(id)) as Record<string, unknown> | undefined
          if (!sameValue(mine?.[column], value)) throw new Error(`${kind} ${id}: changed on the writer`)
          if (!sameValue(theirs?.[column], value)) throw new Error(`${kind} ${id}: changed on the way (${String(theirs?.[column])})`)
        }
      }),
      { seed: SEED, numRuns: 30, endOnFailure: true },
    )
    // The generator reaches both sides of the domain.
    expect(accepted).toBeGreaterThan(10)
    expect(n - accepted).toBeGreaterThan(10)
    await Promise.all([a.engine.stop(), b.engine.stop()])
  }, 60_000)
})

describe('a NUL inside TEXT is an ordinary character', () => {
  it.each([
    ['sealed', undefined],
    ['not sealed', false],
  ] as const)('%s: it reaches the server and a second device unchanged', async (_, sealing) => {
    const user = await createUserDatabase(emulator)
    const options = sealing === false ? { sealing: false as const } : {}
    const a = createDevice(user, 'A', options)
    const b = createDevice(user, 'B', options)
    const values = ['a\u0000b', '\u0000', 'x\u0000'.repeat(100), '\u0000é👋🏽\u0000']
    for (const [i, summary] of values.entries()) await a.db.ai_memory_sessions.put({ id: `nul-${i}`, title: 't', summary } as never)
    const report = await a.engine.syncNow()
    expect(report.quarantined).toBe(0)
    if (sealing === false) {
      const rows = await emulator.query(user.name, "SELECT summary FROM ai_memory_sessions WHERE id LIKE 'nul-%' ORDER BY id")
      expect(rows.map((r) => r['summary'])).toEqual(values)
    }
    await b.engine.syncNow()
    for (const [i, summary] of values.entries()) expect((await b.db.ai_memory_sessions.get(`nul-${i}`))?.summary).toBe(summary)
    await Promise.all([a.engine.stop(), b.engine.stop()])
  })
})
