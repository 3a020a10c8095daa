import type { SyncedTableName } from '../schema/tables'
import type { BackoffOptions } from './backoff'
import type { ConflictCenter } from './conflicts/center'
import type { StrategyOption } from './conflicts/resolve'
import type { ScreenSource } from './cycle'
import type { DeviceRegistry } from './deviceRegistry'
import type { DeviceInfo } from './devices'
import type { Env } from './env'
import type { RetentionOptions } from './maintenance'
import type { AlertThresholds, EngineMetrics, PriceTable, SyncAlert } from './metrics'
import type { LocalStore, OutboxItem, RemoteStore } from './ports'
import type { CycleLogEntry } from './cycleLog'
import type { QuarantineCenter } from './quarantine'
import type { SyncStatus, SyncSummary } from './status'
import type { ReadableStore } from './store'
import type { SealingOptions } from './sealing/createSealedRemote'

/** What `createEngine` takes. */
export interface EngineOptions {
  local: LocalStore
  remote: RemoteStore & { stats?: { requests: number; bytesUp: number; bytesDown: number; rowsRead: number; rowsWritten: number }; abort?: () => void; resume?: () => void }
  userId: string
  /**
   * How this device appears in the device list. @default the browser and OS from the user agent, e.g. "Chrome on
   * macOS" (`env.userAgent`)
   */
  deviceName?: string
  device?: Partial<DeviceInfo>
  /**
   * Quiet time after the last local change before it is uploaded: a single edit reaches the server about this fast.
   * @default 1000
   */
  debounceMs?: number
  /** The longest a burst of edits waits before it is uploaded, however often the debounce restarts. @default 5000 */
  maxWaitMs?: number
  /**
   * How often other devices' changes are looked for while the page is visible and the user active. An idle look is
   * one request that reads one row. See docs/latency.md for the trade-off between latency and cost.
   * @default 5000
   */
  pollIntervalMs?: number
  /** How often they are looked for while the page is hidden or the user idle. @default 60000 */
  idlePollIntervalMs?: number
  /** No key, click, touch, wheel or local change for this long makes the user idle. @default 60000 */
  idleAfterMs?: number
  /** How often `last_seen` is written at most. Idle polls write nothing in between. @default 21_600_000 (6 h) */
  heartbeatIntervalMs?: number
  /** @default 1000 */
  pushBatchSize?: number
  /** Bytes one push request may carry; a single record larger than this is quarantined as too large. @default 4 MB */
  pushBudgetBytes?: number
  /** Rows per table per pull request. @default 1000 */
  pullPageSize?: number
  backoff?: BackoffOptions
  strategies?: Partial<Record<SyncedTableName, StrategyOption>>
  /** How long history, tombstones and archived conflicts are kept. Runs on the syncing tab at most once a day. */
  retention?: Partial<RetentionOptions>
  /** Prices for the cost meter. @default DEFAULT_PRICES */
  prices?: PriceTable
  /** When `onAlert` fires: error rate, latency, queue depth and cost. @default DEFAULT_THRESHOLDS */
  alerts?: Partial<AlertThresholds>
  /** Called when a metric crosses its threshold (once per crossing). */
  onAlert?: (alert: SyncAlert) => void
  /**
   * Makes an outgoing row safe to send, and reports a credential it still carries. Required: there is no engine
   * without a screen (`createSyncEngine` passes a loader of the package's sanitizer: see `ScreenSource`).
   */
  screen: ScreenSource
  /**
   * Sealing: user columns are sealed with the content key before they leave, and opened when they come back.
   * `false` opts out (the server sees plaintext; it is screened by the credential firewall). With sealing on and no
   * key (neither `key` nor `getKey`), nothing is pushed or applied: status `needs-key`.
   * `createSyncEngine` treats an omitted option as sealing on; this low-level `createEngine`, which takes any remote,
   * treats it as off.
   */
  sealing?: SealingOptions | false
  env?: Partial<Env>
  /** Receives every sync cycle as it ends (requests, rows, durations, errors): the devtools' log, for your own. */
  logger?: (entry: CycleLogEntry) => void
  /** How many cycles `engine.cycles` keeps. @default 50 */
  cycleLogSize?: number
}

export interface SignOutOptions {
  /**
   * What happens to changes this device has not synced: `keep` leaves them (and all data) in the local database,
   * bound to this user, for their next sign-in; `discard` deletes the whole local database and clears its local
   * secret store (saved passwords), wherever that store keeps them. @default 'keep'
   */
  unsynced?: 'keep' | 'discard'
  /** Try one last sync first (bounded by the token timeout; offline is fine). @default true */
  flush?: boolean
}

export interface SignOutReport {
  /** Changes that never reached the server (pending and quarantined), counted after the last sync. */
  readonly unsynced: number
  /** Whether they were kept (`keep`) or deleted with the local database (`discard`). */
  readonly kept: boolean
}

export interface SyncEngine {
  start(): void
  /** Aborts a cycle in flight (status `aborted`, not `offline`) and never waits for the token provider. */
  stop(): Promise<void>
  /**
   * Signs out on this device: stops this engine and every other tab's, reports what was not synced, and keeps
   * or deletes it. A database kept is bound to this user: another user's engine on it stops with `identity`.
   * The signed-out engines (this tab's and the others') stay stopped: `syncNow()` rejects with `aborted` and
   * `start()` does nothing, so nothing more is sent with this session; create a new engine at the next sign-in.
   */
  signOut(options?: SignOutOptions): Promise<SignOutReport>
  syncNow(): Promise<SyncSummary>
  getStatus(): SyncStatus
  subscribe(listener: () => void): () => void
  /** Resolves when no cycle is running or queued. */
  whenIdle(): Promise<void>
  readonly status: ReadableStore<SyncStatus>
  readonly conflicts: ConflictCenter
  /** Records the server refused, with retry and discard. */
  readonly quarantine: QuarantineCenter
  readonly devices: DeviceRegistry
  metrics(): EngineMetrics
  /** The last sync cycles, newest last (see the `logger` option). */
  readonly cycles: ReadableStore<readonly CycleLogEntry[]>
  /** What waits to be uploaded, in upload order, with each change's state. */
  outbox(): Promise<readonly OutboxItem[]>
  /** The device id, once loaded. */
  deviceId(): string | undefined
}
