import { describe, expect, it } from 'vitest'
import type { Plan, Step } from './sim/plan'
import { markerOf, planKey } from './sim/records'
import { runPlan } from './sim/run'
import { serverRows } from './sim/checks'

/**
 * Bugs the simulation found, each minimised to a few deterministic steps (REPORT.md has the diagnosis). `it.fails`
 * keeps the suite green until the fix lands; when a test starts passing, vitest reports it: make it a plain `it`.
 * Replay one with its full trace: `SIM_SEED=<seed> SIM_SHRINK=0 SIM_PLAN='<plan JSON>' npx vitest run test/simulation/simulation.a`.
 */
const plan = (seed: number, skews: number[], steps: Step[]): Plan => ({ seed, devices: skews.map((skewMs) => ({ skewMs })), steps })

const failuresOf = async (p: Plan, extra?: Parameters<typeof runPlan>[2]): Promise<readonly string[]> => {
  const { failures } = await runPlan(p, undefined, extra)
  if (process.env['SIM_DEBUG'] === '1') console.log(`seed ${p.seed}:`, failures)
  return failures
}

const H = 3_600_000

describe('simulation regressions', () => {
  it('control: delete, sync, then write the record again on another device converges', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 },
      { t: 'delete', d: 0, tab: 0, table: 'user_preferences', key: 'pref-1' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 },
      { t: 'edit', d: 1, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value' },
    ]
    expect(await failuresOf(plan(9001, [0, 0], steps))).toEqual([])
  }, 60_000)

  it('bug 1: a replayed upload (lost response, or two tabs) gives the device a server_seq the server row does not have', async () => {
    const steps: Step[] = [
      { t: 'fault', d: 0, kind: 'lost-after-commit', on: 'push', via: 'device' },
      { t: 'edit', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'name' },
      { t: 'sync', d: 0, tab: 0 },
    ]
    // Fails with: d0 saved_queries diverges from the server (I12): sq-1: differs in server_seq (device 5 / server 4)
    expect(await failuresOf(plan(9002, [0, 0, 0], steps))).toEqual([])
  }, 60_000)

  it('bug 2: after a restart with a slower clock, an older sent change is uploaded after a newer one (mutation_id diverges)', async () => {
    const steps: Step[] = [
      { t: 'offline', d: 0, on: true },
      { t: 'edit', d: 0, tab: 0, table: 'connection_templates', key: 'conn-2', field: 'name' },
      { t: 'restart', d: 0, skewMs: -45 * 60_000 },
      { t: 'edit', d: 0, tab: 0, table: 'connection_templates', key: 'conn-2', field: 'name' },
    ]
    // Fails with: d0 connection_templates diverges from the server (I12): conn-2: differs in mutation_id
    expect(await failuresOf(plan(9021, [9 * 60_000, 0, 0], steps))).toEqual([])
  }, 60_000)

  it('bug 3: one device deletes a record, syncs, creates it again with the same id: the new record is lost (I4, I12)', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'name' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'delete', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'edit', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'name' },
    ]
    // Fails with: sq-1 on the device but deleted on the server (v2), and LOST edit mk4z
    expect(await failuresOf(plan(9005, [0, 0], steps))).toEqual([])
  }, 60_000)

  it('bug 3 (variant): re-creating a record after losing a delete-vs-edit conflict is silently dropped (I4, I12)', async () => {
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
      // The user sets the preference again on d1: acknowledged locally, never uploaded, and the outbox is emptied.
      { t: 'edit', d: 1, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value' },
    ]
    // Fails with: d1 user_preferences diverges (pref-1: on the device but deleted on the server) and LOST edit mk8z
    expect(await failuresOf(plan(9003, [0, 0], steps))).toEqual([])
  }, 60_000)

  it('bug 4: an edit made after seeing a delete loses to it when the deleting device\'s clock is ahead (HLC never receives)', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 },
      { t: 'delete', d: 0, tab: 0, table: 'user_preferences', key: 'pref-1' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 }, // d1 has applied the tombstone: its next write is causally after the delete
      { t: 'edit', d: 1, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value' },
    ]
    // d0 runs 50 min ahead, d1 50 min behind: within the ±1 h the design promises to handle.
    const failures = await failuresOf(plan(9004, [50 * 60_000, -50 * 60_000], steps), async (world) => {
      const live = (await serverRows(world, 'user_preferences')).filter((r) => r['deleted_at'] === null && r['id'] === planKey('user_preferences', 'pref-1'))
      return live.some((r) => JSON.stringify(r['value']).includes(markerOf(6)))
        ? []
        : ['pref-1 written on d1 after it saw the delete is not live: a causally later edit lost to the delete (I7)']
    })
    expect(failures).toEqual([])
  }, 60_000)
})
