import { createClient } from '@libsql/client/web'
import { Dexie } from 'dexie'
import { applySchema } from '@howlerops/sync/server'
import { createLocalDatabase, type SyncDatabase } from '@howlerops/sync/dexie'
import { PULLED_TABLES, createContentKey, createSyncEngine, isLocalOnly, keyOf, type ChannelLike, type SyncEngine, type SyncEngineOptions } from '@howlerops/sync'
import { channelHub } from '../../engine/channelHub'
import type { Rng } from './random'
import type { Step } from './plan'
import type { Ledger, Row } from './checks'
import { markersIn } from './records'
import type { SimDevice, Tab, World } from './world'

/**
 * The environment classes of issue 26 (R12, R13, R15, R16): the user, the local database, the token provider, the
 * device's registry row or its clock change under a running engine. Each class is a flag in `Features`; each step
 * runs the fault through the public API and checks, there and then, what the engine must do (typed status, nothing
 * written where it must not be); the end-of-run oracles (`diverges`, `LOST edit`, …) check that nothing was lost.
 */
export const ENV_CLASSES = ['userSwitch', 'signOutTab', 'dbGone', 'quota', 'tokenHang', 'reactivation', 'clockAhead'] as const
export type EnvClass = (typeof ENV_CLASSES)[number]

export type EnvStep =
  /** Stop the user's engine; another user's engine starts on the same local database (the README's module-level db). */
  | { readonly t: 'user-switch'; readonly d: number }
  /** Two tabs run; the user signs out in one: the other stops, nothing re-creates or refills the database. */
  | { readonly t: 'sign-out'; readonly d: number; readonly unsynced: 'keep' | 'discard' }
  /** The device's IndexedDB is deleted or upgraded elsewhere, while a pull is on the wire or between cycles. */
  | { readonly t: 'db-gone'; readonly d: number; readonly how: 'delete' | 'upgrade'; readonly during: 'pull' | 'idle' }
  /** QuotaExceededError at the device's next apply of a pull page, or at the acknowledgement of its push. */
  | { readonly t: 'quota'; readonly d: number; readonly at: 'apply' | 'acknowledge' }
  /** The app restarts with a token provider that never answers: needs-auth after the timeout, or a stop mid-wait. */
  | { readonly t: 'token-hang'; readonly d: number; readonly then: 'timeout' | 'stop' }
  | { readonly t: 'deactivate'; readonly d: number; readonly by: number }
  | { readonly t: 'reactivate'; readonly d: number; readonly by: number }
  /** The device restarts with its clock `days` ahead, syncs (daily maintenance runs), then gets its clock back. */
  | { readonly t: 'clock-ahead'; readonly d: number; readonly days: number }

const DAY = 86_400_000
/** Real time an engine gets before a wait counts as a hang (the engines otherwise run on fake time). */
const HANG_MS = 3_000
/** `authTimeoutMs` of a tab whose token provider hangs (real time: the provider's timeout is a real timer). */
const AUTH_TIMEOUT_MS = 25

/** What a plan needs to generate the classes' steps (plan.ts owns the rest). */
export interface EnvPlanning {
  readonly rng: Rng
  readonly deviceCount: number
  /** The plan's own edit step on a device's first tab. */
  readonly edit: (d: number) => Step
  /** Brings a device online in the plan (steps and the plan's own bookkeeping). */
  readonly online: (d: number) => void
  /** The device's tabs are all closed, then one is open again (the plan's bookkeeping of second tabs). */
  readonly oneTab: (d: number) => void
  readonly push: (...steps: Step[]) => void
}

/** One occurrence of a class as a few consecutive steps; returns the number of ops it counts for. */
export const planEnv = (kind: EnvClass, d: number, p: EnvPlanning): number => {
  const { rng } = p
  const other = (): number => (d + rng.int(1, p.deviceCount - 1)) % p.deviceCount
  switch (kind) {
    case 'userSwitch': {
      // Often with an edit the first user has not sent yet (made offline): it must survive, for that user only. Or
      // with everything sent: then only the local binding stands between the other user and the first one's data.
      const mode = rng.pick(['offline edit', 'edit', 'all sent'] as const)
      if (mode === 'all sent') {
        p.online(d)
        p.push({ t: 'sync', d, tab: 0 }, { t: 'user-switch', d })
        p.oneTab(d)
        return 1
      }
      if (mode === 'offline edit') p.push({ t: 'offline', d, on: true })
      p.push(p.edit(d), { t: 'user-switch', d })
      if (mode === 'offline edit') p.online(d)
      p.oneTab(d)
      return 1
    }
    case 'signOutTab': {
      p.online(d)
      p.push(p.edit(d), { t: 'sign-out', d, unsynced: rng.chance(0.7) ? 'keep' : 'discard' })
      p.oneTab(d)
      return 1
    }
    case 'dbGone': {
      p.online(d)
      p.push({ t: 'db-gone', d, how: rng.chance(0.7) ? 'delete' : 'upgrade', during: rng.chance(0.6) ? 'pull' : 'idle' })
      p.oneTab(d)
      return 1
    }
    case 'quota': {
      p.online(d)
      if (p.deviceCount > 1 && rng.chance(0.6)) {
        // Something to pull, so the apply runs.
        const e = other()
        p.online(e)
        p.push(p.edit(e), { t: 'sync', d: e, tab: 0 }, { t: 'quota', d, at: 'apply' })
      } else p.push(p.edit(d), { t: 'quota', d, at: 'acknowledge' })
      return 1
    }
    case 'tokenHang': {
      p.online(d)
      p.push({ t: 'token-hang', d, then: rng.chance(0.5) ? 'timeout' : 'stop' })
      p.oneTab(d)
      return 1
    }
    case 'reactivation': {
      if (p.deviceCount < 2) return 0
      const e = other()
      p.online(d)
      p.online(e)
      p.push({ t: 'deactivate', d, by: e })
      const n = rng.int(1, 2)
      for (let i = 0; i < n; i += 1) p.push(p.edit(d), { t: 'sync', d, tab: 0 })
      p.push({ t: 'reactivate', d, by: e })
      return n
    }
    case 'clockAhead': {
      p.online(d)
      p.push({ t: 'clock-ahead', d, days: rng.int(30, 35) })
      p.oneTab(d)
      return 1
    }
  }
}

export const describeEnv = (step: EnvStep): string => {
  switch (step.t) {
    case 'user-switch':
      return `d${step.d}: the user signs out, another user's engine starts on the same local database`
    case 'sign-out':
      return `d${step.d}: two tabs; the user signs out in one (${step.unsynced} unsynced)`
    case 'db-gone':
      return `d${step.d}: IndexedDB ${step.how === 'delete' ? 'deleted' : 'upgraded'} elsewhere ${step.during === 'pull' ? 'while a pull is on the wire' : 'between cycles'}`
    case 'quota':
      return `d${step.d}: storage full at the next ${step.at === 'apply' ? 'apply of a pull page' : 'acknowledgement of a push'}`
    case 'token-hang':
      return `d${step.d}: restarts with a token provider that never answers (${step.then === 'timeout' ? 'waits for the timeout' : 'stopped while waiting'})`
    case 'deactivate':
      return `d${step.by} deactivates d${step.d}`
    case 'reactivate':
      return `d${step.by} reactivates d${step.d}`
    case 'clock-ahead':
      return `d${step.d} restarts with its clock ${step.days} days ahead, syncs (maintenance), and gets its clock back`
  }
}

const code = (error: unknown): string => (error instanceof DOMException ? error.name : String((error as { code?: unknown } | undefined)?.code ?? (error as Error | undefined)?.name ?? 'none'))

const outcome = (p: Promise<unknown>): Promise<{ ok: true } | { ok: false; code: string; message: string }> =>
  p.then(
    () => ({ ok: true as const }),
    (e: unknown) => ({ ok: false as const, code: code(e), message: e instanceof Error ? e.message : String(e) }),
  )

/** Resolves with the promise's value, or with `hung` after `HANG_MS` of real time. */
const bounded = <T>(p: Promise<T>): Promise<T | 'hung'> => {
  let timer: ReturnType<typeof setTimeout> | undefined
  return Promise.race([p, new Promise<'hung'>((r) => (timer = setTimeout(() => r('hung'), HANG_MS)))]).finally(() => clearTimeout(timer))
}

const turn = (): Promise<void> => new Promise((r) => setImmediate(r))

const closeAll = async (world: World, device: SimDevice): Promise<void> => {
  for (const tab of [...device.tabs]) await world.closeTab(device, tab)
}

/** Drops a tab without waiting on its engine (whose stop may be what hangs). */
const dropTab = (device: SimDevice, tab: Tab): void => {
  tab.db.close()
  device.tabs = device.tabs.filter((t) => t !== tab)
}

const dbOf = (device: SimDevice): SyncDatabase => (device.tabs[0] as Tab).db

/** Syncs the device until its outbox is empty (at most 3 tries); its network faults are dropped first. */
const flush = async (world: World, device: SimDevice): Promise<void> => {
  device.faults.length = 0
  for (let i = 0; i < 3; i += 1) {
    await world.sync(device, device.tabs[0] as Tab)
    if ((await dbOf(device)._outbox.filter((e) => e.held !== 1).count()) === 0) return
  }
}

/** Flushes the device; true when no device-registry change is left in its outbox (it reached the server). */
const delivered = async (world: World, device: SimDevice): Promise<boolean> => {
  await flush(world, device)
  return (await dbOf(device)._outbox.filter((e) => e.table === 'device_registry').count()) === 0
}

/**
 * The device's local database is going away on purpose (deleted elsewhere, discarded at sign-out): what only it
 * held is gone by the user's or the browser's doing, not the engine's. The ledger stops expecting it: local-only
 * records, edits still in the outbox, deletes never sent, quarantined records.
 */
const forgetLocal = async (ledger: Ledger, device: SimDevice): Promise<void> => {
  const db = dbOf(device)
  const pending = await db._outbox.toArray()
  const pendingKeys = new Set(pending.map((e) => `${e.table}/${e.key}`))
  for (const table of PULLED_TABLES) {
    for (const row of (await db.table(table).toArray()) as Row[]) {
      if (isLocalOnly(table, row) || pendingKeys.has(`${table}/${keyOf(table, row)}`)) for (const m of markersIn(row)) ledger.superseded.add(m)
    }
  }
  for (let i = ledger.deletes.length - 1; i >= 0; i -= 1) {
    const del = ledger.deletes[i]
    if (del !== undefined && del.device === device.index && pendingKeys.has(`${del.table}/${del.key}`)) ledger.deletes.splice(i, 1)
  }
  for (const [i, p] of ledger.poison.entries()) if (p.device === device.index) ledger.poison[i] = { ...p, refused: true }
}

/** A second user's server database (one per world), for the user switch. */
const others = new WeakMap<World, { url: string; authToken: string; name: string }>()
const otherUser = async (world: World): Promise<{ url: string; authToken: string; name: string }> => {
  const known = others.get(world)
  if (known !== undefined) return known
  const made = world.emulator.createDatabase(`${world.dbName}-other-user`)
  const admin = createClient({ url: made.url, authToken: made.authToken, fetch: (input: RequestInfo | URL, init?: RequestInit) => world.emulator.fetch(new Request(input, init)) } as never)
  await applySchema(admin as never)
  admin.close()
  const user = { url: made.url, authToken: made.authToken, name: made.name }
  others.set(world, user)
  return user
}


/** Runs one environment step; failures of what the engine must do there and then go to the ledger. */
export const executeEnv = async (world: World, step: EnvStep, i: number, ledger: Ledger, transitions: Record<string, number>): Promise<string | undefined> => {
  const device = world.devices[step.d] as SimDevice
  // A sync started earlier (`sync-start`) ends first: the fault lands on a cycle this step starts.
  for (const d of world.devices) {
    for (const tab of d.tabs) {
      const pending = tab.inflight
      tab.inflight = undefined
      await pending
    }
  }
  const count = (what: string): void => {
    transitions[what] = (transitions[what] ?? 0) + 1
  }
  switch (step.t) {
    case 'user-switch': {
      count('user switch on one database')
      if (device.tabs.length === 0) await world.openTab(device, { lazy: true })
      await closeAll(world, device)
      const other = await otherUser(world)
      const db = createLocalDatabase(device.dbName)
      const b: SyncEngine = createSyncEngine({
        db,
        remote: { url: other.url, authToken: other.authToken, fetch: (input, init) => world.emulator.fetch(new Request(input, init)) },
        sealing: { key: createContentKey() },
        userId: 'user-other',
        env: { now: () => world.clock.now() + device.skewMs, locks: undefined, channel: () => undefined, setTimeout: () => 0, clearTimeout: () => {} },
      })
      const out = await outcome(b.syncNow())
      await b.stop()
      const phase = b.getStatus().phase
      db.close()
      if (out.ok || out.code !== 'identity' || phase !== 'identity-mismatch') {
        ledger.find(`IDENTITY not refused (R12): step ${i}, another user's engine on d${device.index}'s database ${out.ok ? 'synced' : `failed with ${out.code}`}, phase ${phase}`)
      }
      const leaked: string[] = []
      for (const table of [...PULLED_TABLES, 'sync_conflicts_archive'] as const) {
        const [row] = await world.emulator.query(other.name, `SELECT count(*) AS n FROM ${table}`)
        if (Number(row?.['n'] ?? 0) > 0) leaked.push(`${table} ${String(row?.['n'])}`)
      }
      const [reg] = await world.emulator.query(other.name, "SELECT count(*) AS n FROM device_registry WHERE user_id = 'user-sim'")
      if (Number(reg?.['n'] ?? 0) > 0) leaked.push(`device_registry ${String(reg?.['n'])} of the first user`)
      if (leaked.length > 0) ledger.find(`IDENTITY leak (R12): step ${i}, the first user's data reached the other user's server database from d${device.index}: ${leaked.join(', ')}`)
      // The first user signs in again on that device, with their own engine.
      await world.openTab(device)
      return out.ok ? 'the other user synced' : `refused: ${out.code}`
    }
    case 'sign-out': {
      count(`sign-out in another tab (${step.unsynced})`)
      await closeAll(world, device)
      const channel = channelHub()
      const tweak = (o: SyncEngineOptions): SyncEngineOptions => ({ ...o, env: { ...o.env, channel } })
      const one = await world.openTab(device, { tweak })
      const two = await world.openTab(device, { tweak, lazy: true })
      two.engine.start()
      await two.engine.whenIdle()
      if (step.unsynced === 'discard') await forgetLocal(ledger, device)
      const report = await outcome(one.engine.signOut({ unsynced: step.unsynced }))
      await two.engine.whenIdle()
      for (let n = 0; n < 3; n += 1) await turn()
      if (!report.ok) ledger.find(`SIGN-OUT failed (R12): step ${i}, d${device.index}: ${report.code} ${report.message}`)
      if (two.engine.getStatus().signedOut !== true) ledger.find(`SIGN-OUT did not reach the other tab (R12): step ${i}, d${device.index}'s second tab still ${two.engine.getStatus().phase}`)
      const before = world.counters.requests
      await outcome(two.engine.syncNow())
      await two.engine.whenIdle()
      const sent = world.counters.requests - before
      if (sent > 0) ledger.find(`SIGN-OUT: the other tab kept syncing (R12): step ${i}, d${device.index}'s second tab sent ${sent} request(s) after the sign-out`)
      const exists = await Dexie.exists(device.dbName)
      if (step.unsynced === 'discard' && exists) ledger.find(`SIGN-OUT: the discarded database was re-created (R12, R13): step ${i}, d${device.index}`)
      for (const tab of [...device.tabs]) await world.closeTab(device, tab)
      // The user signs in again: a fresh engine (and, after a discard, a fresh database bootstrapped from the server).
      await world.openTab(device)
      return `signed out (${report.ok ? 'ok' : report.code})`
    }
    case 'db-gone': {
      count(`database ${step.how === 'delete' ? 'deleted' : 'upgraded'} (${step.during})`)
      if (device.tabs.length === 0) await world.openTab(device)
      for (const tab of device.tabs.slice(1)) await world.closeTab(device, tab)
      const tab = device.tabs[0] as Tab
      if (step.how === 'delete') {
        // What the user had synced survives on the server; what only this database held goes with it.
        await flush(world, device)
        await forgetLocal(ledger, device)
      }
      let fired = false
      const vanish = async (): Promise<void> => {
        fired = true
        if (step.how === 'delete') await Dexie.delete(device.dbName)
        else await upgrade(device.dbName)
      }
      let first: Awaited<ReturnType<typeof outcome>>
      if (step.during === 'pull') {
        device.onPull = vanish
        first = await outcome(tab.engine.syncNow())
        if (device.onPull !== undefined) {
          device.onPull = undefined
          await vanish()
        }
      } else {
        await vanish()
        first = { ok: true }
      }
      await tab.engine.whenIdle()
      // The app (or the loop) asks for a sync again: the engine must not touch a database it did not open.
      const again = await outcome(tab.engine.syncNow())
      await tab.engine.whenIdle()
      const phase = tab.engine.getStatus().phase
      if (fired && (again.ok || again.code !== 'database-gone' || phase !== 'database-gone')) {
        ledger.find(`DATABASE-GONE not reported (R13): step ${i}, d${device.index}'s database ${step.how}d ${step.during === 'pull' ? 'during a pull' : 'between cycles'}: first ${first.ok ? 'ok' : first.code}, then ${again.ok ? 'ok' : again.code}, phase ${phase}`)
      }
      if (step.how === 'delete' && (await Dexie.exists(device.dbName))) {
        ledger.find(`DATABASE-GONE: the deleted database was re-created by the engine (R13): step ${i}, d${device.index}`)
      }
      // Recovery: the app opens the database again (re-bind) and the engine bootstraps.
      await world.closeTab(device, tab)
      await world.openTab(device)
      return `${first.ok ? 'ok' : first.code}, then ${again.ok ? 'ok' : again.code} (${phase})`
    }
    case 'quota': {
      count(`storage full (${step.at})`)
      if (device.tabs.length === 0) await world.openTab(device)
      const tab = device.tabs[0] as Tab
      const store = tab.db.sync as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
      const method = step.at === 'apply' ? 'applyPage' : 'acknowledge'
      const original = store[method] as (...args: unknown[]) => Promise<unknown>
      let fired = false
      store[method] = async (...args: unknown[]) => {
        store[method] = original
        fired = true
        void args
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
      }
      const out = await outcome(tab.engine.syncNow())
      await tab.engine.whenIdle()
      store[method] = original
      const status = tab.engine.getStatus()
      if (fired && (out.ok || out.code !== 'storage-full' || status.phase !== 'storage-full' || status.lastError?.code !== 'storage-full')) {
        ledger.find(`STORAGE-FULL not reported (R13): step ${i}, d${device.index} at ${method}: ${out.ok ? 'sync ok' : out.code}, phase ${status.phase}, lastError ${status.lastError?.code ?? 'none'}`)
      }
      // Space is freed: the next sync goes on where this one stopped (the end-of-run oracles: nothing lost).
      const after = await world.sync(device, tab)
      return `${fired ? (out.ok ? 'ok' : out.code) : 'not reached'}; then ${after.error?.code ?? 'ok'}`
    }
    case 'token-hang': {
      count(`token provider hangs (${step.then})`)
      await closeAll(world, device)
      const never = (): Promise<string> => new Promise<string>(() => {})
      const tweak = (o: SyncEngineOptions): SyncEngineOptions => {
        const { authToken: _unused, ...remote } = o.remote as SyncEngineOptions['remote'] & { authToken?: string }
        void _unused
        return { ...o, remote: { ...remote, getAuthToken: never, authTimeoutMs: AUTH_TIMEOUT_MS } as SyncEngineOptions['remote'] }
      }
      const tab = await world.openTab(device, { tweak, lazy: true })
      let note: string
      if (step.then === 'timeout') {
        const out = await bounded(outcome(tab.engine.syncNow()))
        const phase = tab.engine.getStatus().phase
        if (out === 'hung') ledger.find(`TOKEN hang holds the cycle (R13): step ${i}, d${device.index}'s sync still waits on getAuthToken after ${HANG_MS} ms (timeout ${AUTH_TIMEOUT_MS} ms)`)
        else if (out.ok || out.code !== 'auth' || phase !== 'needs-auth') ledger.find(`TOKEN timeout not needs-auth (R13): step ${i}, d${device.index}: ${out.ok ? 'ok' : out.code}, phase ${phase}`)
        note = out === 'hung' ? 'hung' : out.ok ? 'ok' : `${out.code} (${phase})`
        const stopped = await bounded(tab.engine.stop())
        if (stopped === 'hung') ledger.find(`TOKEN hang holds stop() (R13): step ${i}, d${device.index}`)
      } else {
        const cycle = outcome(tab.engine.syncNow())
        for (let n = 0; n < 5; n += 1) await turn()
        const stopped = await bounded(tab.engine.stop())
        const out = await bounded(cycle)
        const phase = tab.engine.getStatus().phase
        if (stopped === 'hung') ledger.find(`TOKEN hang holds stop() (R13): step ${i}, d${device.index}'s stop() did not return within ${HANG_MS} ms`)
        else if (out === 'hung' || out.ok || out.code !== 'aborted' || phase !== 'aborted') {
          ledger.find(`TOKEN: a cycle stopped while waiting for a token does not read aborted (R13): step ${i}, d${device.index}: ${out === 'hung' ? 'still waiting' : out.ok ? 'ok' : out.code}, phase ${phase}`)
        }
        note = `stop ${stopped === 'hung' ? 'hung' : 'returned'}; cycle ${out === 'hung' ? 'hung' : out.ok ? 'ok' : out.code} (${phase})`
      }
      dropTab(device, tab)
      // The token provider answers again (the app reloads).
      await world.openTab(device)
      return note
    }
    case 'deactivate': {
      count('deactivated by another device')
      const by = world.devices[step.by] as SimDevice
      if (device.tabs.length === 0) await world.openTab(device)
      if (by.tabs.length === 0) await world.openTab(by)
      device.faults.length = 0
      by.faults.length = 0
      // The deactivating device must know the other one: both sync first.
      await world.sync(device, device.tabs[0] as Tab)
      await world.sync(by, by.tabs[0] as Tab)
      const id = (device.tabs[0] as Tab).engine.deviceId()
      const byId = (by.tabs[0] as Tab).engine.deviceId()
      if (id === undefined) return 'no device id yet'
      const done = await outcome((by.tabs[0] as Tab).engine.devices.deactivate(id))
      if (!done.ok) return `deactivate failed: ${done.code}`
      // `deactivate` queues the change and syncs once, never rejecting: a fault may hold it in the outbox.
      if (!(await delivered(world, by))) return 'deactivation still queued'
      const out = await world.sync(device, device.tabs[0] as Tab)
      const status = (device.tabs[0] as Tab).engine.getStatus()
      if (out.error === undefined && (status.phase !== 'deactivated' || status.deactivatedBy?.deviceId !== byId)) {
        ledger.find(`DEACTIVATION not shown (R13): step ${i}, d${device.index} deactivated by d${by.index}: phase ${status.phase}, by ${JSON.stringify(status.deactivatedBy ?? null)}`)
      }
      return `d${device.index} ${status.phase}`
    }
    case 'reactivate': {
      count('reactivated by another device')
      const by = world.devices[step.by] as SimDevice
      if (device.tabs.length === 0) await world.openTab(device)
      if (by.tabs.length === 0) await world.openTab(by)
      const id = (device.tabs[0] as Tab).engine.deviceId()
      if (id === undefined) return 'no device id'
      by.faults.length = 0
      device.faults.length = 0
      const done = await outcome((by.tabs[0] as Tab).engine.devices.reactivate(id))
      if (!done.ok) return `reactivate failed: ${done.code}`
      if (!(await delivered(world, by))) return 'reactivation still queued'
      const out = await world.sync(device, device.tabs[0] as Tab)
      const phase = (device.tabs[0] as Tab).engine.getStatus().phase
      if (out.error === undefined && phase === 'deactivated') {
        ledger.find(`REACTIVATION not learned (R13): step ${i}, d${device.index} reactivated by d${by.index} still reads deactivated after a successful sync`)
      }
      return `d${device.index} ${phase}`
    }
    case 'clock-ahead': {
      count('device clock a month ahead runs maintenance')
      const own = device.skewMs
      // The device's own deletes waiting to go out remove rows too (its push, not maintenance).
      const pendingDeletes = new Set(device.tabs.length === 0 ? [] : (await dbOf(device)._outbox.toArray()).filter((e) => e.op === 'delete').map((e) => `${e.table}/${e.key}`))
      await closeAll(world, device)
      const before = await ageRows(world)
      device.skewMs = own + step.days * DAY
      const tab = await world.openTab(device)
      const out = await world.sync(device, tab)
      const after = await ageRows(world)
      const now = world.clock.now()
      for (const [key, { age, table }] of before) {
        if (after.has(key) || pendingDeletes.has(key)) continue
        const limit = table === 'sync_conflicts_archive' ? 30 * DAY : 90 * DAY
        if (now - age < limit - DAY) {
          ledger.find(`EARLY purge (R15): step ${i}, d${device.index} with its clock ${step.days} days ahead removed ${key}, ${Math.round((now - age) / DAY)} days old by server time (retention ${limit / DAY} days)`)
        }
      }
      await closeAll(world, device)
      device.skewMs = own
      await world.openTab(device)
      return out.error === undefined ? 'synced ahead' : `error ${out.error.code}`
    }
  }
}

/** Rows that maintenance removes by age, live on the server now: archive rows by detection, history by execution. */
const ageRows = async (world: World): Promise<Map<string, { age: number; table: string }>> => {
  const out = new Map<string, { age: number; table: string }>()
  for (const r of await world.emulator.query(world.dbName, 'SELECT id, detected_at FROM sync_conflicts_archive')) {
    out.set(`sync_conflicts_archive/${String(r['id'])}`, { age: Number(r['detected_at']), table: 'sync_conflicts_archive' })
  }
  for (const r of await world.emulator.query(world.dbName, 'SELECT id, executed_at FROM query_history WHERE deleted_at IS NULL')) {
    out.set(`query_history/${String(r['id'])}`, { age: Number(r['executed_at']), table: 'query_history' })
  }
  return out
}

/** Another tab of a newer app version opens the database one version up, and closes it again. */
const upgrade = async (name: string): Promise<void> => {
  const version = await new Promise<number>((resolve, reject) => {
    const q = indexedDB.open(name)
    q.onsuccess = () => {
      const v = q.result.version
      q.result.close()
      resolve(v)
    }
    q.onerror = () => reject(q.error)
  })
  await new Promise<void>((resolve, reject) => {
    const q = indexedDB.open(name, version + 1)
    q.onsuccess = () => {
      q.result.close()
      resolve()
    }
    q.onerror = () => reject(q.error)
    // A connection that does not close on `versionchange` blocks the upgrade: the engine kept the database open.
    q.onblocked = () => reject(new Error(`upgrade of ${name} blocked: a connection did not close on versionchange`))
  })
}
