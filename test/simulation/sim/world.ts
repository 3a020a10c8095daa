import { createClient } from '@libsql/client/web'
import { Dexie } from 'dexie'
import { createRowOpener, createTursoEmulator } from '@howlerops/sync/testing'
import { applySchema } from '@howlerops/sync/server'
import { createLocalDatabase, type SyncDatabase } from '@howlerops/sync/dexie'
import { createContentKey, createSyncEngine, type LockManagerLike, type Row, type SyncEngine, type SyncEngineOptions, type SyncSummary, type SyncedTableName, type TableName } from '@howlerops/sync'
import { createIdSource, createRng } from './random'
import type { FaultKind } from './plan'

/**
 * The simulated world: one emulator database, N devices on fake time. Each device has its own IndexedDB database,
 * one or two tabs (a Dexie instance and an engine each), a clock skew, and a network it alone sees: a fetch wrapper
 * that can be offline, lose a response after the server committed it, answer 5xx/429, or be slow.
 */
export type Emulator = ReturnType<typeof createTursoEmulator>

export const EPOCH = 1_700_000_000_000

export interface SimClock {
  now(): number
  advance(ms: number): void
}

export const createClock = (): SimClock => {
  let t = EPOCH
  return {
    now: () => t,
    advance: (ms) => {
      t += ms
    },
  }
}

export interface Tab {
  db: SyncDatabase
  engine: SyncEngine
  /** Started, but another tab holds the sync lock: it never runs a cycle itself (I11). */
  readonly follower: boolean
  /** A sync started and not yet waited for. */
  inflight: Promise<void> | undefined
}

export interface DeviceFault {
  readonly kind: FaultKind
  readonly on: 'push' | 'any'
}

export interface SimDevice {
  readonly index: number
  /** The IndexedDB database name; it survives restarts. */
  readonly dbName: string
  skewMs: number
  offline: boolean
  readonly faults: DeviceFault[]
  tabs: Tab[]
  /** Runs (once) while the device's next pull request is on the wire: the app writing during a sync's pull. */
  onPull: (() => Promise<void>) | undefined
  readonly newId: () => string
  readonly random: () => number
}

export interface SyncOutcome {
  readonly summary?: SyncSummary
  readonly error?: { readonly code: string; readonly message: string }
}

export interface WorldCounters {
  requests: number
  offlineRejections: number
  faultsFired: Record<string, number>
  errors: Record<string, number>
}

/** Does a Hrana request body carry a push (only the push batch bumps the sequence by its record count)? */
export const isPushBody = (body: string): boolean => body.includes('SET seq = seq + :n')

let worldCounter = 0

export interface World {
  readonly emulator: Emulator
  readonly dbName: string
  /** The server's last backup (issue 26's `serverRestore`). */
  backup?: Awaited<ReturnType<Emulator['snapshot']>>
  readonly clock: SimClock
  readonly devices: SimDevice[]
  readonly counters: WorldCounters
  /** Opens a server row with the user's content key: every device seals (R11), as the README sets it up. */
  readonly openRow: (table: TableName, row: Row) => Promise<Row>
  /**
   * Opens a tab. By default the app starts and syncs once; `lazy` skips that first sync (the app writes before
   * the new engine's first cycle); `follower` starts an engine that never gets the sync lock.
   */
  openTab(device: SimDevice, options?: TabOptions): Promise<Tab>
  /** Every request body a device sent (the last check before the wire sees the same text), with the device. */
  onBody: ((body: string, device: SimDevice) => void) | undefined
  closeTab(device: SimDevice, tab: Tab): Promise<void>
  sync(device: SimDevice, tab: Tab): Promise<SyncOutcome>
  close(): Promise<void>
}

const errorOf = (error: unknown): { code: string; message: string } => ({
  code: String((error as { code?: unknown }).code ?? (error as Error).name ?? 'unknown'),
  message: error instanceof Error ? error.message : String(error),
})

/** A Web Locks stand-in whose lock is always held elsewhere: the tab waits (a follower) until it stops. */
const heldElsewhere: LockManagerLike = {
  request: (_name, options) =>
    new Promise((_resolve, reject) => {
      options.signal?.addEventListener('abort', () => reject(new DOMException('The request was aborted', 'AbortError')))
    }),
}

export interface TabOptions {
  readonly lazy?: boolean
  readonly follower?: boolean
  /** Changes the engine's options before it is created (issue 26's environment classes: token provider, channel). */
  readonly tweak?: (options: SyncEngineOptions) => SyncEngineOptions
}

export interface WorldOptions {
  readonly strategies?: Partial<Record<SyncedTableName, 'manual'>>
}

export const createWorld = async (seed: number, skews: readonly number[], options: WorldOptions = {}): Promise<World> => {
  const clock = createClock()
  const emulator = createTursoEmulator({
    now: clock.now,
    // Streams never expire on their own: nothing in the simulation waits on real time.
    timers: { setTimeout: () => 0, clearTimeout: () => {} },
    sleep: async (ms) => clock.advance(ms),
    requestLogLimit: 0,
  })
  const run = ++worldCounter
  const user = emulator.createDatabase(`sim-${seed}`)
  const direct = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => emulator.fetch(new Request(input, init))
  const admin = createClient({ url: user.url, authToken: user.authToken, fetch: direct } as never)
  await applySchema(admin as never)
  admin.close()

  const contentKey = createContentKey()
  const openRow = await createRowOpener({ key: contentKey })
  const counters: WorldCounters = { requests: 0, offlineRejections: 0, faultsFired: {}, errors: {} }
  const fired = (kind: string): void => {
    counters.faultsFired[kind] = (counters.faultsFired[kind] ?? 0) + 1
  }

  const deviceFetch = (device: SimDevice): typeof globalThis.fetch => async (input, init) => {
    const request = new Request(input, init)
    const body = request.method === 'POST' ? await request.clone().text() : ''
    counters.requests += 1
    world.onBody?.(body, device)
    if (device.offline) {
      counters.offlineRejections += 1
      throw new TypeError('fetch failed (device offline)')
    }
    if (device.onPull !== undefined && body !== '' && !isPushBody(body)) {
      const hook = device.onPull
      device.onPull = undefined
      await hook()
    }
    const at = device.faults.findIndex((f) => f.on === 'any' || isPushBody(body))
    const fault = at < 0 ? undefined : device.faults.splice(at, 1)[0]
    if (fault !== undefined) fired(fault.kind)
    if (fault?.kind === 'network') throw new TypeError('fetch failed (injected)')
    if (fault?.kind === '5xx') {
      return new Response(JSON.stringify({ message: 'injected', code: 'SERVER_ERROR' }), { status: 503, headers: { 'content-type': 'application/json' } })
    }
    if (fault?.kind === '429') {
      return new Response(JSON.stringify({ message: 'injected', code: 'TOO_MANY_REQUESTS' }), {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '2' },
      })
    }
    if (fault?.kind === 'latency') clock.advance(2_500)
    const response = await emulator.fetch(request)
    // The app went away while the request was on the wire: whatever the server did, the answer is gone.
    if (init?.signal?.aborted === true) throw new DOMException('The operation was aborted', 'AbortError')
    if (response.type === 'error') {
      fired('emulator')
      throw new TypeError('fetch failed (emulator fault)')
    }
    if (fault?.kind === 'lost-after-commit') throw new TypeError('fetch failed (response lost)')
    return response
  }

  const devices: SimDevice[] = skews.map((skewMs, index) => {
    const rng = createRng(seed * 7919 + index + 1)
    return {
      index,
      dbName: `sim-${seed}-${run}-d${index}`,
      skewMs,
      offline: false,
      faults: [],
      tabs: [],
      onPull: undefined,
      newId: createIdSource(rng),
      random: () => rng.next(),
    }
  })

  const openTab = async (device: SimDevice, opts: TabOptions = {}): Promise<Tab> => {
    const db = createLocalDatabase(device.dbName)
    const fetch = deviceFetch(device)
    const follower = opts.follower === true
    const config: SyncEngineOptions = {
      db,
      remote: { url: user.url, authToken: user.authToken, fetch },
      sealing: { key: contentKey },
      userId: 'user-sim',
      ...(options.strategies === undefined ? {} : { strategies: options.strategies }),
      deviceName: `Device ${device.index}`,
      device: { deviceType: 'desktop', browser: 'Sim', os: 'Sim', appVersion: '1.0.0' },
      env: {
        now: () => clock.now() + device.skewMs,
        random: device.random,
        newId: device.newId,
        locks: follower ? heldElsewhere : undefined,
        channel: () => undefined,
        setTimeout: () => 0,
        clearTimeout: () => {},
        online: { isOnline: () => !device.offline, subscribe: () => () => {} },
        presence: { isVisible: () => true, subscribe: () => () => {} },
      },
    }
    const engine = createSyncEngine(opts.tweak === undefined ? config : opts.tweak(config))
    const tab: Tab = { db, engine, follower, inflight: undefined }
    device.tabs.push(tab)
    if (follower) {
      // The app starts the engine in every tab; this one waits for the lock and forwards syncNow (to nobody here).
      engine.start()
      return tab
    }
    // App start: the engine loads its state (device id, clock) and syncs once, whatever the network says.
    if (opts.lazy !== true) await sync(device, tab)
    return tab
  }

  const sync = async (device: SimDevice, tab: Tab): Promise<SyncOutcome> => {
    void device
    try {
      const summary = await tab.engine.syncNow()
      await tab.engine.whenIdle()
      return { summary }
    } catch (error) {
      await tab.engine.whenIdle()
      const e = errorOf(error)
      counters.errors[e.code] = (counters.errors[e.code] ?? 0) + 1
      return { error: e }
    }
  }

  const closeTab = async (device: SimDevice, tab: Tab): Promise<void> => {
    await tab.engine.stop()
    await tab.inflight
    await tab.engine.whenIdle()
    tab.db.close()
    device.tabs = device.tabs.filter((t) => t !== tab)
  }

  const world: World = {
    emulator,
    dbName: user.name,
    openRow,
    clock,
    devices,
    counters,
    openTab,
    onBody: undefined,
    closeTab,
    sync,
    async close() {
      for (const device of devices) for (const tab of [...device.tabs]) await closeTab(device, tab)
      for (const device of devices) await Dexie.delete(device.dbName)
      await emulator.close()
    },
  }
  return world
}
