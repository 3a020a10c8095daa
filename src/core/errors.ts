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

/** The server refused one record (a constraint). Only that record is quarantined (I9). */
export class RecordRejectedError extends SyncError {
  override readonly name = 'RecordRejectedError'
  readonly table: string
  readonly recordId: string
  readonly reason: string

  constructor(table: string, recordId: string, reason: string, cause?: unknown) {
    super('rejected', `The server rejected ${table} record ${recordId}: ${reason}`, { cause, transient: false })
    this.table = table
    this.recordId = recordId
    this.reason = reason
  }
}

/** The server answered something this engine cannot trust. Nothing from that answer is applied. */
export class MalformedResponseError extends SyncError {
  override readonly name: string = 'MalformedResponseError'
  constructor(detail: string, cause?: unknown) {
    super('malformed-response', `Malformed server response: ${detail}`, { cause, transient: true })
  }
}

export const isSyncError = (e: unknown): e is SyncError => e instanceof SyncError
