import { describeStep, generatePlan, NO_TRANSITIONS, TRANSITIONS, type Features, type Plan, type PlanOptions, type Transition } from './plan'
import { runPlan, type RunResult } from './run'
import type { KnownBugs } from './checks'

/** Settings of the normal CI seeds; the soak script and replays use the same ones so that a seed means one plan. */
export const DEFAULT_PLAN: PlanOptions = { devices: [3, 5], ops: [20, 40] }

/**
 * Features switched off in the normal seeds because of a known, open bug (see REPORT.md and regressions.test.ts).
 * Empty = everything on (all four bugs the simulation found are fixed). `SIM_ALL=1` forces everything on.
 */
export const KNOWN_BUG_FEATURES: Partial<Features> = {}

/** Known open bugs tolerated by the normal seeds (each one reported, never silently). None are open. */
export const KNOWN_BUGS: KnownBugs = { replayServerSeq: false }

export const knownBugsFor = (env: Record<string, string | undefined> = {}): KnownBugs =>
  env['SIM_STRICT'] === '1' ? { replayServerSeq: false } : KNOWN_BUGS

/**
 * `SIM_ONLY=<class>[,<class>]` runs the wave-1 mix plus only those transition classes of issue 14 (attributing a
 * failure to a transition); `SIM_ONLY=none` runs the wave-1 mix alone.
 */
export const featuresFor = (env: Record<string, string | undefined> = {}): Partial<Features> => {
  const base = env['SIM_ALL'] === '1' ? {} : KNOWN_BUG_FEATURES
  const only = env['SIM_ONLY']
  if (only === undefined || only === '') return base
  const chosen = only === 'none' ? [] : only.split(',')
  for (const c of chosen) if (!(TRANSITIONS as readonly string[]).includes(c)) throw new Error(`SIM_ONLY: unknown transition class ${c} (one of ${TRANSITIONS.join(', ')})`)
  return { ...base, ...NO_TRANSITIONS, ...Object.fromEntries((chosen as Transition[]).map((c) => [c, true])) }
}

/** `VALUES_SEED=n` varies the values feature's stream (the soak sets a random one); unset, it is fixed. */
export const planFor = (seed: number, env: Record<string, string | undefined> = {}): Plan =>
  generatePlan(seed, { ...DEFAULT_PLAN, features: featuresFor(env), valuesSeed: Number(env['VALUES_SEED'] ?? 0) || 0 })

export const replayCommand = (seed: number): string => {
  const values = process.env['VALUES_SEED']
  return `${values === undefined ? '' : `VALUES_SEED=${values} `}SIM_SEED=${seed} npx vitest run test/simulation/simulation`
}

/**
 * Shrinks a failing plan: drops chunks of steps, then single steps, while the run still fails with the same kind
 * of failure (the first word of the first failure). Bounded by `budget` runs.
 */
export const shrink = async (plan: Plan, first: RunResult, bugs: KnownBugs, budget = 150): Promise<{ plan: Plan; result: RunResult; runs: number }> => {
  const kind = (r: RunResult): string => (r.failures[0] ?? '').split(/[:(]/)[0] ?? ''
  const want = kind(first)
  if (plan.steps.length === 0) return { plan, result: first, runs: 0 }
  let best = plan
  let bestResult = first
  let runs = 0
  let chunk = Math.max(1, Math.floor(plan.steps.length / 2))
  while (chunk >= 1 && runs < budget) {
    let removed = false
    for (let at = 0; at < best.steps.length && runs < budget; ) {
      const candidate: Plan = { ...best, steps: [...best.steps.slice(0, at), ...best.steps.slice(at + chunk)] }
      runs += 1
      const result = await runPlan(candidate, bugs)
      if (result.failures.length > 0 && kind(result) === want) {
        best = candidate
        bestResult = result
        removed = true
      } else at += chunk
    }
    if (!removed) chunk = Math.floor(chunk / 2)
  }
  return { plan: best, result: bestResult, runs }
}

export const formatFailure = (result: RunResult, shrunk?: { plan: Plan; result: RunResult; runs: number }): string => {
  const lines = [
    `simulation seed ${result.seed} failed`,
    `replay: ${replayCommand(result.seed)}`,
    ...result.failures.slice(0, 12).map((f) => `  ✗ ${f}`),
  ]
  if (shrunk !== undefined) {
    lines.push(`minimal trace (${shrunk.plan.steps.length} of ${result.stats.steps} steps, ${shrunk.runs} shrink runs; devices skew ${shrunk.plan.devices.map((d) => `${Math.round(d.skewMs / 1000)}s`).join(', ')}):`)
    lines.push(...shrunk.plan.steps.map((s) => `  ${describeStep(s)}`))
    lines.push(`  failures: ${shrunk.result.failures.slice(0, 3).join(' | ')}`)
    lines.push(`  plan JSON: ${JSON.stringify(shrunk.plan)}`)
  } else {
    lines.push('trace:', ...result.trace.map((t) => `  ${t}`))
  }
  return lines.join('\n')
}

/** The oracle a failure line comes from, for tallies (soak) and attribution (REPORT.md). */
export const failureKind = (failure: string): string => {
  const kinds: ReadonlyArray<readonly [RegExp, string]> = [
    [/^PRIVATE content in a request body/, 'private-on-wire'],
    [/^PRIVATE content on the server/, 'private-on-server'],
    [/^UNSTAMPED write/, 'unstamped-write'],
    [/^UNSTAMPED rows/, 'unstamped-server-row'],
    [/^LOST private edit/, 'lost-private'],
    [/^LOST quarantined/, 'lost-quarantined'],
    [/^LOST edit/, 'lost-edit'],
    [/^RESURRECTED/, 'resurrected'],
    [/^SPURIOUS/, 'spurious-conflict'],
    [/^CAUSAL/, 'causal-edit-lost'],
    [/^SESSION COUNTS/, 'session-counts'],
    [/^HELD/, 'held-changed'],
    [/^DUPLICATE/, 'duplicate'],
    [/diverges from the server/, 'diverges'],
    [/^did not settle/, 'no-settle'],
    [/outbox not empty/, 'outbox'],
    [/quarantined:/, 'quarantined'],
    [/^unexpected sync error/, 'sync-error'],
    [/^simulation crashed/, 'crash'],
    // Issue 26's environment classes (environment.ts): what the engine must do there and then.
    [/^IDENTITY/, 'identity'],
    [/^SIGN-OUT/, 'sign-out'],
    [/^DATABASE-GONE/, 'database-gone'],
    [/^STORAGE-FULL/, 'storage-full'],
    [/^TOKEN/, 'token-hang'],
    [/^DEACTIVATION|^REACTIVATION/, 'deactivation'],
    [/^EARLY purge/, 'early-purge'],
  ]
  return kinds.find(([re]) => re.test(failure))?.[1] ?? 'other'
}
