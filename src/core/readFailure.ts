import { backoffDelay, type BackoffOptions } from './backoff'
import { SyncError } from './errors'
import type { SyncStatus } from './status'

export interface FailureReading {
  /** What status shows. */
  readonly status: Partial<SyncStatus>
  /** When to try again; null: not by timer (auth waits for a token, an abort was asked for). */
  readonly retryInMs: number | null
  readonly offline: boolean
}

/**
 * How a failed cycle reads: transient errors back off with jitter and honour `Retry-After` (I9, R8); auth asks for a
 * token. An error of unknown origin keeps its cause but never its text in status: it may carry anything (a token, a
 * value), and the UI shows `lastError` as it is.
 */
export const readFailure = (
  error: unknown,
  input: { readonly failures: number; readonly random: () => number; readonly backoff?: BackoffOptions | undefined; readonly online: boolean; readonly now: number },
): FailureReading => {
  const e = error instanceof SyncError ? error : new SyncError('local', 'Sync failed on this device', { cause: error, transient: true })
  const lastError = { code: e.code, message: e.message }
  if (e.code === 'auth') return { status: { phase: 'needs-auth', lastError, nextRetryAt: null, progress: null }, retryInMs: null, offline: false }
  // No timer: a missing content key does not arrive by waiting; the next change or sync asks again.
  if (e.code === 'needs-key') return { status: { phase: 'needs-key', lastError, nextRetryAt: null, progress: null }, retryInMs: null, offline: false }
  if (e.code === 'aborted') return { status: {}, retryInMs: null, offline: false }
  const delay = backoffDelay(input.failures, input.random, input.backoff, e.retryAfterMs)
  const offline = e.code === 'network' || !input.online
  return { status: { phase: offline ? 'offline' : 'error', lastError, nextRetryAt: input.now + delay, progress: null }, retryInMs: delay, offline }
}
