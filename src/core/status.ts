export type SyncPhase =
  | 'idle'
  | 'pushing'
  | 'pulling'
  | 'offline'
  | 'error'
  | 'needs-auth'
  | 'needs-key'
  | 'deactivated'
  // The environment changed under the engine (R12, R13); each has its recovery path in docs/errors.md.
  /** A cycle was cut short by `stop()` or sign-out: not a network problem. */
  | 'aborted'
  /** The local database belongs to another user or another server database: nothing moves. */
  | 'identity-mismatch'
  /** The device's storage is full. */
  | 'storage-full'
  /** The local database was deleted, upgraded or blocked elsewhere: this engine stopped. */
  | 'database-gone'

/** Whether user content leaves sealed: `needs-key` when sealing is on and the content key is missing. */
export type SealingState = 'sealed' | 'unsealed' | 'needs-key'

export interface SyncProgress {
  /** `bootstrap` while a new device takes its first full download. */
  readonly phase: 'push' | 'pull' | 'bootstrap'
  readonly done: number
  readonly total: number | null
}

export interface SyncStatus {
  readonly phase: SyncPhase
  readonly pendingCount: number
  readonly quarantinedCount: number
  /** Conflicts waiting for the user (manual strategy). */
  readonly conflictCount: number
  readonly lastSyncedAt: number | null
  readonly lastError: { readonly code: string; readonly message: string } | null
  readonly progress: SyncProgress | null
  readonly online: boolean
  /** Whether this tab runs the sync loop. */
  readonly isLeader: boolean
  /** When the next retry after a failure is due. */
  readonly nextRetryAt: number | null
  /** Set when another device's clock was seen this far ahead of this one's (ms); its changes still order correctly. */
  readonly clockDriftMs?: number
  /** Whether this engine seals user content. */
  readonly sealing?: SealingState
  /** Pulled rows left out because they did not open here (tampered, moved, unknown key). */
  readonly unopenableCount?: number
  /** Set once `signOut()` ran in this tab or another: the engine stopped for good. */
  readonly signedOut?: boolean
  /** Set while `phase` is `deactivated`: which device switched this one off, and when (its clock, ms). */
  readonly deactivatedBy?: { readonly deviceId: string | null; readonly at: number | null } | null
}

export const initialStatus = (online: boolean): SyncStatus => ({
  phase: online ? 'idle' : 'offline',
  pendingCount: 0,
  quarantinedCount: 0,
  conflictCount: 0,
  lastSyncedAt: null,
  lastError: null,
  progress: null,
  online,
  isLeader: false,
  nextRetryAt: null,
})

export interface SyncSummary {
  readonly pushed: number
  readonly pulled: number
  readonly conflicts: number
  readonly quarantined: number
  readonly requests: number
  readonly durationMs: number
}
