import type { SyncedTableName, TableName } from '../schema/tables'
import type { UnusableRow } from './protocol/unusable'

/**
 * The two boundaries of the engine. The core knows these interfaces and nothing of Dexie or libSQL:
 * `/dexie` implements {@link LocalStore} (the four roles below), `/remote` implements {@link RemoteStore}.
 */

export type Row = Record<string, unknown>

/** One local change waiting for the server. */
export interface OutgoingChange {
  readonly table: SyncedTableName
  /** The record's key as one string (see `keyOf`). */
  readonly key: string
  readonly op: 'upsert' | 'delete'
  readonly mutationId: string
  /** The server version this change is based on. 0 = the server has never seen the record. */
  readonly baseVersion: number
  /** The device-side row (upserts), or the key columns plus sync columns (deletes). */
  readonly row: Row
}

export type PushOutcome =
  | {
      readonly kind: 'applied'
      readonly version: number
      readonly seq: number
      readonly server: Row
      /** AI sessions: totals over the server's messages after this push (the merge strategy derives the counts). */
      readonly messageTotals?: { readonly count: number; readonly tokens: number }
    }
  | {
      readonly kind: 'conflict'
      readonly server: Row | null
      /** AI sessions: totals over the server's messages after this push. */
      readonly messageTotals?: { readonly count: number; readonly tokens: number }
    }
  | { readonly kind: 'rejected'; readonly code: string; readonly message: string }

export interface PushResult {
  readonly change: OutgoingChange
  readonly outcome: PushOutcome
}

export type Cursors = Partial<Record<SyncedTableName, number>>

/** Which server database this is, whose, and its generation: read in the push's and the pull's snapshot. */
export interface ServerIdentity {
  readonly databaseId: string
  readonly userId: string
  readonly generation: string
}

export interface PullPage {
  readonly rows: ReadonlyArray<{ readonly table: SyncedTableName; readonly row: Row }>
  /**
   * Set by the engine on the pages of the full pull after a restore: what the server holds decides, and a
   * change sent before is not answered later by an acknowledgement from before it.
   */
  readonly rewound?: boolean
  /** The cursor after this page for every table it covered. */
  readonly cursors: Cursors
  /** Tables that have more rows after this page. */
  readonly more: readonly SyncedTableName[]
  /** Rows waiting on the server for this pull, when asked for (bootstrap progress). */
  readonly total?: number
  /**
   * The retention watermark: the highest sequence of a purged tombstone. A device whose cursor lies below it may
   * have missed a deletion and must reconcile.
   */
  readonly purgedSeq?: number
  /** The server sequence of this page's snapshot: a device whose cursor lies above it saw a restored database. */
  readonly seq?: number
  /** The database's identity; null while no push has claimed it. Checked before the page is applied. */
  readonly server?: ServerIdentity | null
  /** The server's head at the log entry the device asked about (`seen`), or null when the server has no such entry. */
  readonly seenHead?: string | null
  /** The newest entry of the server's log, for the device to remember. */
  readonly head?: LogEntry
  /** Rows of this page set aside because this device cannot use them; the cursors already moved past them. */
  readonly unusable?: readonly UnusableRow[]
}

/** Counts the device holds for its synced tables, written to `user_statistics` by the daily maintenance. */
export interface LocalStatistics {
  readonly connections: number
  readonly savedQueries: number
  readonly queryHistory: number
  readonly aiSessions: number
  readonly aiMessages: number
  readonly devices: number
  /** Approximate bytes of synced data (JSON length of the rows). */
  readonly storageBytes: number
  readonly lastActivityAt: number | null
}

export interface MaintenancePlan {
  readonly now: number
  readonly userId: string
  readonly deviceId: string
  readonly historyLimit: number
  readonly historyMaxAgeMs: number
  readonly tombstoneMaxAgeMs: number
  readonly archiveMaxAgeMs: number
  readonly statistics: LocalStatistics
}

export interface RemoteStore {
  /**
   * Retention and statistics in one write request (see `/remote` maintenance). Every cutoff is the server's clock
   *, which it returns, so the device's own purge uses it too.
   */
  maintain(plan: MaintenancePlan): Promise<{ readonly serverNow?: number } | void>
  push(changes: readonly OutgoingChange[], context: PushContext): Promise<PushResponse>
  /** Pulls the rows after `cursors`, for `tables` (default: every pulled table). */
  pull(
    cursors: Cursors,
    options: {
      readonly limit: number
      readonly withTotal: boolean
      readonly tables?: readonly SyncedTableName[]
      /** Per table, the highest sequence to pull this time (the start of one of the device's own ranges). */
      readonly until?: Cursors
      /** The push-log entry this device saw last: the page says whether the server still has it. */
      readonly seen?: LogEntry | undefined
    },
  ): Promise<PullPage>
  /**
   * Replaces the generation `seen` with a new one, so every device learns the database went back in time. Does
   * nothing when another device already did.
   */
  renewGeneration?(seen: string): Promise<void>
  /**
   * The server's sequence (one row read): the cycle pulls only when it differs from the device's cursors (idle
   * cost). A remote without it is pulled every cycle.
   */
  probe?(): Promise<{ readonly seq: number }>
  close(): void
}

export interface PushContext {
  readonly userId: string
  readonly deviceId: string
  readonly now: number
  /** The device's pull cursors, so the server can tell when its own uploads are the next rows to pull. */
  readonly cursors?: Cursors
  /** The server database this device is bound to, once known: a push to any other database writes nothing. */
  readonly databaseId?: string
  /**
   * The server generation and the newest log entry this device has seen, once known: a push to a server that went
   * back in time since (restored from a backup) writes nothing and answers `rewound`.
   */
  readonly generation?: string
  readonly seen?: LogEntry
}

export interface PushResponse {
  readonly results: PushResult[]
  /**
   * Tables whose rows after the device's cursor are exactly this push's own: the cursor may jump past them, so the
   * next pull does not download (and pay to read) the device's own uploads again.
   */
  readonly cursors: Cursors
  /** The database's identity, read in the push's own transaction (after it claimed an unclaimed database). */
  readonly server?: ServerIdentity
  /** The server sequence before this push: below a cursor of the device, the database was restored. */
  readonly seq?: number
  /** This push's entry in the server's log. */
  readonly head?: LogEntry
  /**
   * The server is not the one the device last saw (restored from a backup): nothing was written and `results`
   * is empty. The device reconciles (its pull finds the rewind) before it pushes again.
   */
  readonly rewound?: boolean
  /**
   * The sequences `(from, to]` this push's transaction assigned: every row of any table in that range is this
   * device's own upload. A pull skips the range once its cursor reaches `from`, so a backlog pushed in many requests
   * behind someone else's row is not downloaded again either.
   */
  readonly own?: readonly [from: number, to: number]
}

/** One push transaction in the server's log: the sequence it ended at and a random head. */
export interface LogEntry {
  readonly seq: number
  readonly head: string
}

/** What the engine decides for one pulled row; carried out by the local store inside the page's transaction. */
export type PullDecision =
  | { readonly kind: 'skip' }
  | { readonly kind: 'apply' }
  | {
      readonly kind: 'resolved'
      /** The row to keep locally, or null to delete it. */
      readonly local: Row | null
      /** Whether the resolved row still has to be pushed (it differs from the server row). */
      readonly push: boolean
      /** Extra rows to create locally and push (keep-both copies). */
      readonly copies: ReadonlyArray<{ readonly table: SyncedTableName; readonly row: Row }>
      readonly archive: Row | null
      /** Hold the record back from upload until the user decides (manual strategy). */
      readonly hold?: boolean
    }

export interface PullContext {
  readonly table: SyncedTableName
  readonly remote: Row
  /** The current device-side row, or null when absent or deleted locally. */
  readonly local: Row | null
  /** The last synced server row (the 3-way merge base), or null. */
  readonly base: Row | null
  /** Local changes not yet acknowledged for this record. */
  readonly pending: readonly OutgoingChange[]
  /** For AI sessions: totals over the session's non-deleted messages on this device (the `merge` strategy). */
  readonly messageTotals?: { readonly count: number; readonly tokens: number }
}

export interface PersistedState {
  readonly deviceId: string
  /** The user of the last engine configured on this database (stamps writes made before the next one loads). */
  readonly userId?: string
  readonly cursors: Cursors
  readonly hlc?: string
  readonly lastSyncedAt?: number
  readonly bootstrapped?: boolean
  readonly deviceRegisteredAt?: number
  readonly lastHeartbeatAt?: number
  readonly lastMaintenanceAt?: number
  /** The server database this local database is bound to and the generation it last saw. */
  readonly server?: { readonly databaseId: string; readonly generation: string; readonly head?: LogEntry }
}

export interface QuarantinedChange {
  readonly table: SyncedTableName
  readonly key: string
  readonly mutationId: string
  readonly code: string
  readonly message: string
  readonly field?: string
  readonly at: number
  /**
   * `pull`: a server version this device could not use ({@link UnusableRow}), listed beside the refused local changes;
   * it has no mutation id, and it leaves the list by itself when a usable version arrives. Absent for a local change.
   */
  readonly source?: 'pull'
}

/** One change waiting in the outbox, as the devtools show it. */
export interface OutboxItem {
  readonly table: SyncedTableName
  readonly key: string
  readonly op: 'upsert' | 'delete'
  readonly mutationId: string
  /** `queued`: not sent yet; `sent`: sent at least once, waiting for the server's answer; `held`: a conflict waits for the user. */
  readonly state: 'queued' | 'sent' | 'held'
  /** The server version the change is based on. */
  readonly baseVersion: number
}

/**
 * The device-side port, split by role so that each engine piece depends on the part it uses. `/dexie` implements
 * all four as one {@link LocalStore}.
 */

/** The persistent outbox and the quarantine beside it. */
export interface OutboxStore {
  /**
   * Takes up to `limit` changes for upload and marks them sent, so that an edit made while they are in flight
   * queues behind them instead of overwriting them.
   */
  takeOutgoing(limit: number): Promise<OutgoingChange[]>
  /** Records push outcomes: acknowledged changes leave the outbox; their rows take the server version. */
  acknowledge(results: readonly PushResult[], decide: Decider): Promise<void>
  /** Moves a change out of the outbox into quarantine. */
  quarantine(change: OutgoingChange, error: Omit<QuarantinedChange, 'table' | 'key' | 'mutationId'>): Promise<void>
  /**
   * Takes a record out of quarantine. `retry` queues its current row again; `discard` drops the local change: the
   * record goes back to the last server version this device saw (or goes, if the server never had it).
   */
  releaseQuarantine(table: SyncedTableName, key: string, action: 'retry' | 'discard'): Promise<void>
  pendingCount(): Promise<number>
  quarantined(): Promise<QuarantinedChange[]>
  /** The outbox in upload order, for display (devtools). */
  outbox?(): Promise<OutboxItem[]>
  /** Fires after any captured local write commits (this tab or another). */
  onLocalChange(listener: () => void): () => void
}

/** The device's copy of the server's data: pulled pages and what retention removes. Uncaptured writes only. */
export interface ReplicaStore {
  /** Applies one pulled page in one transaction; the cursors advance only if it commits. */
  applyPage(page: PullPage, decide: Decider): Promise<ApplyStats>
  /**
   * After a full reconcile: deletes local rows the server no longer has (their tombstones were purged), unless
   * they have local changes pending. Uncaptured.
   */
  prune(seen: ReadonlyMap<SyncedTableName, ReadonlySet<string>>): Promise<number>
  /**
   * After a full pull from a restored server: queues again every version this device holds that the server
   * lost, based on what the server holds now. `server` is every row the pull returned; `purgedSeq`, the server's
   * retention watermark (a row at or below it that the server lacks was purged, not lost). Returns how many were queued.
   */
  repushLost(server: ReadonlyMap<SyncedTableName, ReadonlyMap<string, Row>>, purgedSeq?: number): Promise<number>
  /** Local retention: deletes archive rows resolved before `archiveCutoff` (they are on the server already). */
  purgeLocal(archiveCutoff: number): Promise<void>
}

/** Who this device is and where its sync stands: device id, user, clock, cursors, timestamps. */
export interface SyncStateStore {
  readonly name: string
  /** Reads the persisted sync state, creating a device id on first use. */
  loadState(createDeviceId: () => string): Promise<PersistedState>
  saveState(patch: Partial<PersistedState>): Promise<void>
  /** Tells the write capture who writes (user, device, clock). */
  configure(context: CaptureContext): void
  /** Moves cursors forward (never back), e.g. past the device's own uploads. */
  advanceCursors(cursors: Cursors): Promise<void>
  /**
   * Calls back once when the database is closed under the engine: deleted or upgraded in another tab, closed by the
   * browser. It is never re-opened behind the engine's back.
   */
  onClosed?(listener: () => void): () => void
  /** Closes and deletes the whole local database: data, outbox, merge bases, device id (sign-out, `discard`). */
  destroy?(): Promise<void>
}

/** The app's records as the engine's own features see them (devices, conflicts, statistics). */
export interface RecordStore {
  /** A captured write (it is queued for upload like any app write). */
  write(table: SyncedTableName, row: Row): Promise<void>
  read(table: SyncedTableName, key: string): Promise<Row | null>
  list(table: SyncedTableName): Promise<Row[]>
  /**
   * Settles a held (manual) conflict in one transaction. `resolve` receives the record on this device now and
   * the last server row it has seen, and returns the user fields to keep (null: the record goes) and an optional copy
   * to create; the result is queued based on that server row's version. `archive` is the updated archive row.
   */
  resolveHeld(input: {
    readonly table: SyncedTableName
    readonly key: string
    readonly resolve: (current: Row | null, server: Row | null) => { readonly fields: Row | null; readonly copy?: Row }
    /**
     * `server` is the last server row this device has seen, which the decision was merged against; `current` the
     * record on this device when the user decided.
     */
    readonly archive: (resolved: Row | null, server: Row | null, current: Row | null) => Row
  }): Promise<void>
  /** Counts and approximate size of the synced data on this device. */
  statistics(): Promise<LocalStatistics>
}

/** The whole device-side port: what `createEngine` takes. */
export interface LocalStore extends OutboxStore, ReplicaStore, SyncStateStore, RecordStore {}

/**
 * Decides synchronously: it runs inside an IndexedDB transaction, which would commit early if the decision awaited
 * anything but IndexedDB itself.
 */
export interface Decider {
  (context: PullContext): PullDecision
  /**
   * The strategy's derived fields for a row the server just applied: the merge strategy's session counts are the
   * server's message totals. Returns the corrected row, stamped as a new local write, or null when nothing
   * differs (or the table's strategy derives nothing).
   */
  readonly derive?: (table: SyncedTableName, row: Row, totals: { readonly count: number; readonly tokens: number }) => Row | null
}

export interface ApplyStats {
  readonly applied: number
  readonly skipped: number
  readonly conflicts: number
}

export interface CaptureContext {
  readonly userId: string
  readonly deviceId: string
  readonly tick: () => string
  /** Folds a timestamp this device has seen into its clock, so the next tick orders after it. */
  readonly receive: (hlc: string) => void
  readonly now: () => number
  readonly newId: () => string
}

export type { TableName, SyncedTableName }
