import { SyncError } from '../errors'

/**
 * Why a value cannot be sealed or opened.
 * - `needs-key`: the engine is configured to seal and has no content key: nothing is pushed or applied (never a
 *   plaintext fallback).
 * - `unknown-key`: the envelope names a key id this device has neither as current nor among `previousKeys`.
 * - `tampered`: the envelope does not authenticate: its bytes changed, or it was moved to another row or column.
 * - `malformed`: it has the envelope's shape but not its content (bad base64url, short ciphertext).
 * - `bad-key`: the key given is not 32 bytes of base64url.
 */
export type SealingReason = 'needs-key' | 'unknown-key' | 'tampered' | 'malformed' | 'bad-key'

/** A typed sealing failure. It names the table, record and column, never a value or a key. */
export class SealingError extends SyncError {
  override readonly name: string = 'SealingError'
  readonly reason: SealingReason
  readonly table: string | undefined
  readonly recordId: string | undefined
  readonly column: string | undefined

  constructor(
    reason: SealingReason,
    message: string,
    options: { cause?: unknown; table?: string; recordId?: string; column?: string } = {},
  ) {
    super(reason === 'needs-key' ? 'needs-key' : 'sealing', message, { cause: options.cause, transient: false })
    this.reason = reason
    this.table = options.table
    this.recordId = options.recordId
    this.column = options.column
  }
}

export const isSealingError = (e: unknown): e is SealingError => e instanceof SealingError
