import { describe, expect, it } from 'vitest'
import { formatFailure, knownBugsFor, planFor, shrink } from './report'
import { runPlan } from './run'
import type { Plan } from './plan'

/**
 * Declares the simulation tests of one test file: `count` seeds starting at `first`, in batches so that a report
 * names a seed range. `SIM_SEED=n` replays one seed (with its full trace and a shrunk trace) in the first file only.
 */
export const seedSuite = (name: string, first: number, count: number, batch = 10, classes?: string): void => {
  const only = process.env['SIM_SEED']
  // The transition classes this suite runs (SIM_ONLY in the environment wins).
  const env = classes === undefined || process.env['SIM_ONLY'] !== undefined ? process.env : { ...process.env, SIM_ONLY: classes }
  describe(`simulation ${name}${classes === undefined ? '' : ` (${classes})`}`, () => {
    if (only !== undefined) {
      if (first !== 0) return // one file replays it
      const seed = Number(only)
      it(`seed ${seed}`, async () => {
        // SIM_PLAN (a plan's JSON, as printed under a minimal trace) replays that exact plan.
        const plan = process.env['SIM_PLAN'] === undefined ? planFor(seed, env) : (JSON.parse(process.env['SIM_PLAN']) as Plan)
        const result = await runPlan(plan, knownBugsFor(process.env))
        console.log(result.trace.join('\n'))
        if (result.failures.length > 0) {
          const shrunk = process.env['SIM_SHRINK'] === '0' ? undefined : await shrink(plan, result, knownBugsFor(process.env))
          expect.fail(formatFailure(result, shrunk))
        }
        console.log(`seed ${seed}: ok`, result.stats)
      }, 600_000)
      return
    }
    for (let start = first; start < first + count; start += batch) {
      const end = Math.min(first + count, start + batch)
      it(`seeds ${start}–${end - 1} converge with no lost edit`, async () => {
        for (let seed = start; seed < end; seed += 1) {
          const result = await runPlan(planFor(seed, env), knownBugsFor(process.env))
          if (result.failures.length > 0) expect.fail(formatFailure(result))
        }
      }, 300_000)
    }
  })
}
