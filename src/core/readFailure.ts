import { backoffDelay, type BackoffOptions } from './backoff'
import { SyncError } from './errors'
import type { SyncStatus } from './status'

const STOPPED: Partial<Record<string, SyncStatus['phase']>> = {
  identity: 'identity-mismatch',
  'database-gone': 'database-gone',
  'storage-full': 'storage-full',
}

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
  const e = error instanceof SyncError ? error : fromStorage(error) ?? new SyncError('local', 'Sync failed on this device', { cause: error, transient: true })
  const lastError = { code: e.code, message: e.message }
  if (e.code === 'auth') return { status: { phase: 'needs-auth', lastError, nextRetryAt: null, progress: null }, retryInMs: null, offline: false }
  // No timer: a missing content key does not arrive by waiting; the next change or sync asks again.
  if (e.code === 'needs-key') return { status: { phase: 'needs-key', lastError, nextRetryAt: null, progress: null }, retryInMs: null, offline: false }
  // A stop mid-cycle is not a network problem (the indicator must not say "offline" after a plain stop or reload).
  if (e.code === 'aborted') return { status: { phase: 'aborted', progress: null, nextRetryAt: null }, retryInMs: null, offline: false }
  // The environment changed under the engine (R12, R13): nothing is retried by timer; each has its recovery path.
  const stopped = STOPPED[e.code]
  if (stopped !== undefined) return { status: { phase: stopped, lastError, nextRetryAt: null, progress: null }, retryInMs: null, offline: false }
  const delay = backoffDelay(input.failures, input.random, input.backoff, e.retryAfterMs)
  const offline = e.code === 'network' || !input.online
  return { status: { phase: offline ? 'offline' : 'error', lastError, nextRetryAt: input.now + delay, progress: null }, retryInMs: delay, offline }
}

/**
 * IndexedDB's own failures that have a status of their own (R13): a full disk, and a database closed under the
 * engine (deleted or upgraded in another tab, blocked). Read by name along the cause chain (Dexie wraps them).
 */
export const fromStorage = (error: unknown): SyncError | undefined => {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = (e as { inner?: unknown }).inner ?? e.cause, depth += 1) {
    if (e.name === 'QuotaExceededError') {
      return new SyncError('storage-full', 'This device is out of storage: nothing was lost, and sync resumes once space is freed', { cause: error, transient: false })
    }
    if (e.name === 'DatabaseClosedError' || e.name === 'VersionError') {
      return new SyncError('database-gone', 'The local database was deleted, upgraded or closed elsewhere; sync stopped', { cause: error, transient: false })
    }
  }
  return undefined
}
