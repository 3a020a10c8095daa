export interface BackoffOptions {
  /** @default 1000 */
  baseMs?: number
  /** @default 300_000 (5 min) */
  maxMs?: number
}

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): a uniformly random
 * delay in [0, min(max, base·2^attempt)], never shorter than what the server asked for with Retry-After.
 * `attempt` counts failures so far, starting at 0 for the first retry.
 */
export const backoffDelay = (
  attempt: number,
  random: () => number,
  { baseMs = 1000, maxMs = 300_000 }: BackoffOptions = {},
  retryAfterMs?: number,
): number => {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30))
  const jittered = Math.floor(random() * ceiling)
  return retryAfterMs === undefined ? jittered : Math.max(jittered, retryAfterMs)
}
