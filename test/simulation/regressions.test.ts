import { describe, expect, it } from 'vitest'
import type { Plan, Step } from './sim/plan'
import { runPlan } from './sim/run'

/**
 * Bugs the simulation found, each minimised to a few deterministic steps. `it.fails` keeps the suite green until the
 * fix lands; then the test starts passing, `it.fails` reports it, and it becomes a plain `it`.
 * Replay any of them with its full trace: `SIM_SEED=<seed> SIM_PLAN='<plan JSON>' npx vitest run test/simulation/simulation.a`.
 */
const plan = (seed: number, devices: number, steps: Step[]): Plan => ({ seed, devices: Array.from({ length: devices }, () => ({ skewMs: 0 })), steps })

const failuresOf = async (p: Plan): Promise<readonly string[]> => (await runPlan(p)).failures

describe('simulation regressions', () => {
  it('control: the same steps without the bug trigger converge', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 },
      { t: 'delete', d: 0, tab: 0, table: 'user_preferences', key: 'pref-1' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 },
      { t: 'edit', d: 1, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value' },
    ]
    expect(await failuresOf(plan(9001, 2, steps))).toEqual([])
  }, 60_000)

  it.fails('bug 3: re-creating a record after losing a delete-vs-edit conflict is silently dropped (I4, I12)', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 },
      // d1 edits while d0 deletes; the delete is later, so it wins on d1 (the edit goes to the archive).
      { t: 'edit', d: 1, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value' },
      { t: 'advance', ms: 1000 },
      { t: 'delete', d: 0, tab: 0, table: 'user_preferences', key: 'pref-1' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 },
      // The user sets the preference again on d1: acknowledged locally, never uploaded, outbox emptied.
      { t: 'edit', d: 1, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value' },
    ]
    expect(await failuresOf(plan(9003, 2, steps))).toEqual([])
  }, 60_000)
})
