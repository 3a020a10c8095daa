import { describe, expect, it } from 'vitest'
import type { Plan, Step } from './sim/plan'
import { runPlan } from './sim/run'
import { failureKind } from './sim/report'

/**
 * The eight defects of issue 14, each as the smallest plan that shows it, run through the whole simulation (every
 * device a real engine, Dexie database and libSQL emulator, through the public subpaths) with all its checks.
 *
 * They FAIL on the code before the issue-14 fixes and must pass after them. To check that each one still catches
 * its defect on unfixed code, run `SIM_EXPECT_DEFECTS=1 npx vitest run --project node test/simulation/defects`:
 * every test then expects a failure of the oracle named in it (and passes only if that oracle fires).
 */
const expectDefects = process.env['SIM_EXPECT_DEFECTS'] === '1'

const H = 3_600_000
const DAY = 24 * H

const plan = (seed: number, skews: number[], steps: Step[], extra: Partial<Plan> = {}): Plan => ({ seed, devices: skews.map((skewMs) => ({ skewMs })), steps, ...extra })

/** Runs the plan: no failure at all after the fixes; with SIM_EXPECT_DEFECTS=1, a failure of `oracle`. */
const check = async (p: Plan, oracle: string): Promise<void> => {
  const { failures } = await runPlan(p)
  if (process.env['SIM_DEBUG'] === '1') console.log(`plan ${p.seed}:`, failures)
  if (expectDefects) expect(failures.map(failureKind)).toContain(oracle)
  else expect(failures).toEqual([])
}

describe('issue 14 defects, minimal plans', () => {
  it('defect 1: a history row made private while another device edits it never reaches the server, the wire or the archive', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'query_history', key: 'qh-1', field: 'query_text' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 },
      { t: 'edit', d: 1, tab: 0, table: 'query_history', key: 'qh-1', field: 'query_text' },
      { t: 'sync', d: 1, tab: 0 },
      // d0 has not seen d1's edit: the withdrawal of its now-private row conflicts with it.
      { t: 'edit', d: 0, tab: 0, table: 'query_history', key: 'qh-1', field: 'error_message', privacy: 'private' },
      { t: 'sync', d: 0, tab: 0 },
    ]
    await check(plan(14_001, [0, 0], steps), 'private-on-wire')
  }, 60_000)

  it('defect 1: a preference made device-specific while another device edits it never reaches the server', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 },
      { t: 'edit', d: 1, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value' },
      { t: 'sync', d: 1, tab: 0 },
      { t: 'advance', ms: 1_000 },
      { t: 'edit', d: 0, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value', privacy: 'private' },
      { t: 'sync', d: 0, tab: 0 },
    ]
    await check(plan(14_002, [0, 0], steps), 'private-on-wire')
  }, 60_000)

  it('defect 2: a full reconcile keeps private history and quarantined records', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'query_history', key: 'qh-private-0-0', field: 'query_text', private: true },
      { t: 'edit', d: 0, tab: 0, table: 'saved_queries', key: 'sq-poison-0-0', field: 'name', poison: true },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'advance', ms: 31 * DAY },
      { t: 'sync', d: 0, tab: 0 }, // away longer than the tombstone retention: a full reconcile
    ]
    await check(plan(14_003, [0, 0], steps), 'lost-private')
  }, 60_000)

  it('defect 2: a full reconcile keeps device-specific preferences', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'user_preferences', key: 'pref-private-0-0', field: 'value', private: true },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'advance', ms: 31 * DAY },
      { t: 'sync', d: 0, tab: 0 },
    ]
    await check(plan(14_004, [0, 0], steps), 'lost-private')
  }, 60_000)

  it('defect 3: create, lose the response after commit, delete before the retry: a keep-both record stays deleted', async () => {
    const steps: Step[] = [
      { t: 'fault', d: 0, kind: 'lost-after-commit', on: 'push', via: 'device' },
      { t: 'edit', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'name' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'delete', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1' },
      { t: 'sync', d: 0, tab: 0 },
    ]
    await check(plan(14_005, [0, 0], steps), 'resurrected')
  }, 60_000)

  it('defect 3: edit, lose the response after commit, delete before the retry: no spurious last-write-wins conflict', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'fault', d: 0, kind: 'lost-after-commit', on: 'push', via: 'device' },
      { t: 'edit', d: 0, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'delete', d: 0, tab: 0, table: 'user_preferences', key: 'pref-1' },
      { t: 'sync', d: 0, tab: 0 },
    ]
    await check(plan(14_006, [0, 0], steps), 'spurious-conflict')
  }, 60_000)

  it('defect 4: writes right after a reload, before the new engine\'s first cycle, are stamped', async () => {
    const steps: Step[] = [
      { t: 'restart', d: 0, skewMs: 0, lazy: true },
      { t: 'edit', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'name' },
      { t: 'sync', d: 0, tab: 0 },
    ]
    await check(plan(14_007, [0, 0], steps), 'unstamped-write')
  }, 60_000)

  it('defect 4: writes in a follower tab are stamped', async () => {
    const steps: Step[] = [
      { t: 'tab-open', d: 0, follower: true },
      { t: 'edit', d: 0, tab: 1, table: 'user_preferences', key: 'pref-1', field: 'value' },
      { t: 'sync', d: 0, tab: 0 },
    ]
    await check(plan(14_008, [0, 0], steps), 'unstamped-write')
  }, 60_000)

  it('defect 5: an edit made after seeing a delete wins, with the deleter a day and an hour ahead', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 },
      { t: 'delete', d: 0, tab: 0, table: 'user_preferences', key: 'pref-1' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 }, // d1 applies the tombstone: its next write is causally after the delete
      { t: 'edit', d: 1, tab: 0, table: 'user_preferences', key: 'pref-1', field: 'value' },
      { t: 'sync', d: 1, tab: 0 },
    ]
    await check(plan(14_009, [H, -DAY], steps), 'causal-edit-lost')
  }, 60_000)

  it('defect 6: resolve(local) keeps the other device\'s later edit to another field, and the held value stays', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'name' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 },
      { t: 'edit', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'name' },
      { t: 'edit', d: 1, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'name' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 }, // same-field conflict: held on d1 for the user
      { t: 'edit', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'description' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 }, // d0's later edit to another field arrives while d1 holds the conflict
      { t: 'resolve', d: 1, choice: 'local' },
    ]
    await check(plan(14_010, [0, 0], steps, { strategies: { saved_queries: 'manual' } }), 'lost-edit')
  }, 60_000)

  it('defect 7: with the deleter a day slow, a device away 29.5 days does not keep the deleted record', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'name' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 },
      { t: 'sync', d: 2, tab: 0 },
      { t: 'offline', d: 2, on: true },
      { t: 'advance', ms: H },
      { t: 'delete', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'advance', ms: 29.5 * DAY },
      { t: 'sync', d: 1, tab: 0 }, // maintenance on d1 purges the tombstone, which looks 30.5 days old
      { t: 'offline', d: 2, on: false },
      { t: 'sync', d: 2, tab: 0 }, // away 29.5 days: no full reconcile, and the tombstone is gone
    ]
    await check(plan(14_011, [-DAY, 0, 0], steps), 'diverges')
  }, 60_000)

  it('defect 8: a session conflict that shows up during a pull counts the messages of that same page', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'ai_memory_messages', key: 'msg-new-100', field: 'content' }, // sess-1: 1 message
      { t: 'sync', d: 0, tab: 0 },
      // d1 appends to the same session while its pull brings d0's page (the session and its message together).
      { t: 'sync-edit', d: 1, tab: 0, edit: { t: 'edit', d: 1, tab: 0, table: 'ai_memory_messages', key: 'msg-new-101', field: 'content' } },
    ]
    await check(plan(14_012, [0, 0], steps, { appCounts: true }), 'session-counts')
  }, 60_000)
})

describe('found by the soak after the fixes, minimal plans', () => {
  it('a device that edits a record held from before its purge does not lose the re-created record (versions never repeat)', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'ai_memory_sessions', key: 'sess-1', field: 'title' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 },
      { t: 'offline', d: 1, on: true },
      { t: 'delete', d: 0, tab: 0, table: 'ai_memory_sessions', key: 'sess-1' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'advance', ms: 31 * DAY },
      { t: 'sync', d: 0, tab: 0 }, // maintenance purges the tombstone
      { t: 'offline', d: 1, on: false },
      // d1 still holds the old incarnation (version 2 of it); d0 creates the record again (version 1 before the fix).
      { t: 'edit', d: 1, tab: 0, table: 'ai_memory_sessions', key: 'sess-1', field: 'title' },
      { t: 'edit', d: 0, tab: 0, table: 'ai_memory_sessions', key: 'sess-1', field: 'title' },
    ]
    await check(plan(14_013, [1_805_415, 3_206_192], steps), 'lost-edit')
  }, 60_000)

  it('resolve(local) over a held conflict archives the later server edit to the same field it overrides', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'name' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 },
      { t: 'edit', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'query_text' },
      { t: 'edit', d: 1, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'query_text' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 }, // same-field conflict: held on d1
      { t: 'edit', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'query_text' }, // the user on d1 never sees this one
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 },
      { t: 'resolve', d: 1, choice: 'local' },
    ]
    await check(plan(14_014, [0, 0], steps, { strategies: { saved_queries: 'manual' } }), 'lost-edit')
  }, 60_000)

  it('messages pulled for a session with a local change waiting are counted in it', async () => {
    const steps: Step[] = [
      { t: 'sync-edit', d: 0, tab: 0, edit: { t: 'edit', d: 0, tab: 0, table: 'ai_memory_messages', key: 'msg-new-12', field: 'content' } },
      { t: 'edit', d: 2, tab: 0, table: 'ai_memory_messages', key: 'msg-new-31', field: 'content' },
      { t: 'sync', d: 2, tab: 0 },
      // d0's app counts its own two messages; the pull on the wire brings d2's message for the same session.
      { t: 'sync-edit', d: 0, tab: 0, edit: { t: 'edit', d: 0, tab: 0, table: 'ai_memory_messages', key: 'msg-new-32', field: 'content' } },
    ]
    await check(plan(14_015, [85_550_000, -484_465_000, -1_728_000, -2_020_000], steps, { appCounts: true }), 'session-counts')
  }, 60_000)

  it('two devices that each add a message to a session count both, although both wrote the same count', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 1, tab: 0, table: 'ai_memory_messages', key: 'msg-new-2', field: 'content' },
      { t: 'sync', d: 1, tab: 0 },
      // d0 has not pulled: its app counts 1 message; d1 counts 2. The server merges d0's push to 2, then d1's push
      // (2 against 2, base 1: no field in conflict) must still become 3.
      { t: 'edit', d: 0, tab: 0, table: 'ai_memory_messages', key: 'msg-0', field: 'content' },
      { t: 'edit', d: 1, tab: 0, table: 'ai_memory_messages', key: 'msg-3', field: 'content' },
    ]
    await check(plan(14_016, [-440_510_800, 3_530_689, -107_422_033], steps, { appCounts: true }), 'session-counts')
  }, 60_000)

  it('a private history row kept over another device\'s record of the same key meets it as a conflict when shared', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'query_history', key: 'qh-0', field: 'error_message' },
      // d3 creates the same record as private; the pull keeps it as is (R4), without taking d0's version.
      { t: 'edit', d: 3, tab: 0, table: 'query_history', key: 'qh-0', field: 'query_text', privacy: 'private' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 3, tab: 0 },
      { t: 'edit', d: 3, tab: 0, table: 'query_history', key: 'qh-0', field: 'query_text', privacy: 'shared' },
    ]
    await check(plan(14_017, [-541_639_560, 538_756_512, 2_775_008, -309_358_591], steps), 'lost-edit')
  }, 60_000)

  it('deleting a private history row that stood over another device\'s record of the same key settles with that record', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'query_history', key: 'qh-1', field: 'query_text', privacy: 'private' },
      { t: 'edit', d: 4, tab: 0, table: 'query_history', key: 'qh-1', field: 'query_text' },
      { t: 'sync', d: 4, tab: 0 },
      { t: 'sync', d: 0, tab: 0 },
      // d0 never synced its row: the delete must still meet d4's record (a conflict), or d0 never shows it again.
      { t: 'delete', d: 0, tab: 0, table: 'query_history', key: 'qh-1' },
    ]
    await check(plan(14_018, [-2_247_368, -426_067_434, 304_611_979, -184_430_803, 2_145_865], steps), 'diverges')
  }, 60_000)

  it('resolve(remote) over a held conflict the user edited meanwhile archives that edit', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'name' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 },
      { t: 'edit', d: 0, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'query_text' },
      { t: 'edit', d: 1, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'query_text' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'sync', d: 1, tab: 0 }, // same-field conflict: held on d1
      { t: 'edit', d: 1, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'query_text' }, // edited while held
      { t: 'resolve', d: 1, choice: 'remote' },
    ]
    await check(plan(14_019, [0, 0], steps, { strategies: { saved_queries: 'manual' } }), 'lost-edit')
  }, 60_000)

  it('a row made private while away, whose record was deleted and purged meanwhile, stays on its device', async () => {
    const steps: Step[] = [
      { t: 'edit', d: 1, tab: 0, table: 'query_history', key: 'qh-0', field: 'error_message' },
      { t: 'sync', d: 1, tab: 0 },
      { t: 'offline', d: 1, on: true },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'delete', d: 0, tab: 0, table: 'query_history', key: 'qh-0' },
      { t: 'sync', d: 0, tab: 0 },
      { t: 'advance', ms: 31 * DAY },
      { t: 'sync', d: 0, tab: 0 }, // maintenance purges the tombstone
      // d1 never saw the delete: its withdrawal finds nothing on the server, and must not take the private row along.
      { t: 'edit', d: 1, tab: 0, table: 'query_history', key: 'qh-0', field: 'query_text', privacy: 'private' },
      { t: 'offline', d: 1, on: false },
    ]
    await check(plan(14_020, [0, 0], steps), 'lost-private')
  }, 60_000)

  for (const choice of ['remote', 'both', 'local'] as const) {
    it(`resolve(${choice}) of a conflict held while its record was deleted and purged leaves device and server alike`, async () => {
      const steps: Step[] = [
        { t: 'edit', d: 2, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'name' },
        { t: 'sync', d: 2, tab: 0 },
        { t: 'edit', d: 3, tab: 0, table: 'saved_queries', key: 'sq-1', field: 'name' },
        { t: 'sync', d: 3, tab: 0 }, // both created sq-1: held on d3
        { t: 'sync', d: 1, tab: 0 },
        { t: 'delete', d: 1, tab: 0, table: 'saved_queries', key: 'sq-1' },
        { t: 'sync', d: 1, tab: 0 },
        { t: 'advance', ms: 31 * DAY }, // d3 is away; the tombstone is purged
        { t: 'sync', d: 1, tab: 0 },
        { t: 'sync', d: 3, tab: 0 }, // full reconcile: the held record stays, the server row it was seen at is gone
        { t: 'resolve', d: 3, choice },
      ]
      await check(plan(14_021, [0, 0, 0, 0], steps, { strategies: { saved_queries: 'manual' } }), 'diverges')
    }, 60_000)
  }
})
