import fc from 'fast-check'
import { SchemaError } from '@howlerops/sync'
import type { Step } from './plan'
import type { Ledger } from './checks'
import type { World } from './world'
import { anyValue, sameValue } from './values'

/** The AI-session column of each kind the `values` feature writes (no real or blob column exists). */
const COLUMN = { text: 'summary', integer: 'last_message_at', json: 'metadata' } as const

/** What each accepted value write must look like on every device once the world has settled. */
const accepted = new WeakMap<World, Array<{ readonly id: string; readonly column: string; readonly value: unknown; readonly step: number }>>()

/** Values one `value` step writes, each into its own record: enough for a rule that lets one edge through to show. */
const PER_STEP = 4

/** Writes the step's values on its device; a refusal must be a SchemaError naming the column, nothing else (R14). */
export const writeValue = async (world: World, step: Extract<Step, { t: 'value' }>, i: number, ledger: Ledger): Promise<string> => {
  const device = world.devices[step.d]
  const tab = device?.tabs[step.tab] ?? device?.tabs[0]
  if (tab === undefined) return 'no tab open'
  const values = fc.sample(anyValue(step.kind), { seed: step.seed, numRuns: PER_STEP })
  const column = COLUMN[step.kind]
  const outcomes: string[] = []
  for (const [k, value] of values.entries()) {
    const id = `value-${i}-${k}`
    try {
      await tab.db.ai_memory_sessions.put({ id, title: 'value', [column]: value } as never)
    } catch (error) {
      if (error instanceof SchemaError && error.column === column) {
        outcomes.push(`refused (${error.rule})`)
        continue
      }
      ledger.find(`VALUE write failed without a SchemaError naming ${column} (R14), step ${i}: ${error instanceof Error ? error.message : String(error)}`)
      return 'failed'
    }
    const expected = step.kind === 'integer' && typeof value === 'boolean' ? Number(value) : value
    const list = accepted.get(world) ?? []
    list.push({ id, column, value: expected, step: i })
    accepted.set(world, list)
    outcomes.push('accepted')
  }
  return outcomes.join(', ')
}

/** Every accepted value is on every device exactly as written (R14). */
export const checkValues = async (world: World): Promise<string[]> => {
  const failures: string[] = []
  for (const { id, column, value, step } of accepted.get(world) ?? []) {
    for (const device of world.devices) {
      const db = device.tabs[0]?.db
      if (db === undefined) continue
      const row = (await db.ai_memory_sessions.get(id)) as Record<string, unknown> | undefined
      // A column left undefined is a column without a value, NULL on the server: the domain's column rule, which the
      // convergence check applies to every column too (`?? null`). Inside a value, undefined is still a difference.
      if (row === undefined || !sameValue(row[column] ?? null, value ?? null)) {
        failures.push(`VALUE changed on the way (R14): ai_memory_sessions/${id}.${column} written at step ${step} is ${row === undefined ? 'missing' : 'different'} on d${device.index}`)
      }
    }
  }
  return failures
}
