import type { OutgoingChange } from './ports'

/**
 * Typed errors. Every failure the engine reports carries a `code` the UI can switch on, keeps its `cause`, and
 * never includes a credential or a token in its message.
 */
export type SyncErrorCode =
  | 'network'
  | 'timeout'
  | 'server'
  | 'rate-limited'
  | 'auth'
  | 'rejected'
  | 'malformed-response'
  | 'credential-leak'
  | 'deactivated'
  | 'aborted'
  | 'local'
  /** Sealing is on and the engine has no content key: nothing is pushed or applied. */
  | 'needs-key'
  /** A sealed value could not be opened or sealed (tampered, moved, unknown key). */
  | 'sealing'
  // The environment changed under the engine (R12, R13): each stops sync until its recovery path runs (docs/errors.md).
  /** This local database is bound to another user or another server database. Nothing was sent or applied. */
  | 'identity'
  /** The device's storage is full (QuotaExceededError). Nothing was lost; sync resumes once space is freed. */
  | 'storage-full'
  /** The local database was deleted, upgraded or blocked by another tab or the browser. */
  | 'database-gone'

export class SyncError extends Error {
  override readonly name: string = 'SyncError'
  readonly code: SyncErrorCode
  /** Worth retrying later without any change (network, 5xx, 429). */
  readonly transient: boolean
  /** Server-requested delay (Retry-After), in ms. */
  readonly retryAfterMs: number | undefined
  readonly status: number | undefined

  constructor(
    code: SyncErrorCode,
    message: string,
    options: { cause?: unknown; transient?: boolean; retryAfterMs?: number | undefined; status?: number | undefined } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.transient = options.transient ?? (code === 'network' || code === 'timeout' || code === 'server' || code === 'rate-limited')
    this.retryAfterMs = options.retryAfterMs
    this.status = options.status
  }
}

/** Why one record cannot be uploaded. Each is the record's own problem: it is quarantined, the rest goes on. */
export type RecordErrorReason = 'rejected' | 'credential-leak' | 'too-large' | 'schema'

/**
 * One record that cannot be uploaded, with the change that carries it. The engine quarantines exactly that change
 * and keeps syncing everything else. The message names the table, record and column, never a value.
 */
export class RecordError extends SyncError {
  override readonly name: string = 'RecordError'
  readonly reason: RecordErrorReason
  readonly change: OutgoingChange
  readonly table: string
  readonly recordId: string
  /** The column at fault, when known. */
  readonly field: string | undefined
  /** What the server (or the firewall) said, without values: a constraint or column name. */
  readonly detail: string

  constructor(reason: RecordErrorReason, change: OutgoingChange, detail: string, options: { cause?: unknown; field?: string | undefined; message?: string } = {}) {
    super(reason === 'credential-leak' ? 'credential-leak' : 'rejected', options.message ?? `The server rejected ${change.table} record ${change.key}: ${detail}`, { cause: options.cause, transient: false })
    this.reason = reason
    this.change = change
    this.table = change.table
    this.recordId = change.key
    this.field = options.field
    this.detail = detail
  }
}

/** The server refused one record (a constraint, a type, any statement-level error). Only that record is quarantined. */
export class RecordRejectedError extends RecordError {
  override readonly name: string = 'RecordRejectedError'
  constructor(change: OutgoingChange, detail: string, cause?: unknown) {
    super('rejected', change, detail, { cause })
  }
}

export const isRecordError = (e: unknown): e is RecordError => e instanceof RecordError

/** The server answered something this engine cannot trust. Nothing from that answer is applied. */
export class MalformedResponseError extends SyncError {
  override readonly name: string = 'MalformedResponseError'
  constructor(detail: string, cause?: unknown) {
    super('malformed-response', `Malformed server response: ${detail}`, { cause, transient: true })
  }
}

export const isSyncError = (e: unknown): e is SyncError => e instanceof SyncError
