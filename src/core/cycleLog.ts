import type { Env } from './env'
import type { LoopHooks } from './loop'
import { createStore, type ReadableStore } from './store'

/** One sync cycle, as the devtools and the `logger` option see it. */
export interface CycleLogEntry {
  /** When it started (the engine's clock). */
  readonly at: number
  readonly durationMs: number
  readonly outcome: 'ok' | 'failed'
  /** HTTP requests it made. */
  readonly requests: number
  /** Rows the server reported reading and writing for those requests, when the remote counts them. */
  readonly rowsRead: number
  readonly rowsWritten: number
  readonly pushed: number
  readonly pulled: number
  readonly conflicts: number
  readonly quarantined: number
  /** Why it failed. */
  readonly error?: { readonly code: string; readonly message: string }
}

export interface CycleLog {
  /** The last cycles, newest last. */
  readonly store: ReadableStore<readonly CycleLogEntry[]>
  /** Wraps the loop's hooks so that every cycle, whatever its end, lands in the log once. */
  wrap(hooks: LoopHooks): LoopHooks
}

interface Counters {
  readonly requests: number
  readonly rowsRead: number
  readonly rowsWritten: number
}

const describe = (error: unknown): { code: string; message: string } => {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : 'unknown'
  return { code, message: error instanceof Error ? error.message : String(error) }
}

/** A ring buffer of the last `size` cycles; `logger` receives each entry as it lands. */
export const createCycleLog = (input: {
  readonly env: Env
  readonly size: number
  readonly counters: () => Counters | undefined
  readonly logger?: ((entry: CycleLogEntry) => void) | undefined
}): CycleLog => {
  const store = createStore<readonly CycleLogEntry[]>([])
  const zero: Counters = { requests: 0, rowsRead: 0, rowsWritten: 0 }
  let started = 0
  let before: Counters = zero

  const add = (entry: Omit<CycleLogEntry, 'at' | 'durationMs' | 'requests' | 'rowsRead' | 'rowsWritten'>): void => {
    const after = input.counters() ?? zero
    const full: CycleLogEntry = {
      at: started,
      durationMs: input.env.now() - started,
      requests: after.requests - before.requests,
      rowsRead: after.rowsRead - before.rowsRead,
      rowsWritten: after.rowsWritten - before.rowsWritten,
      ...entry,
    }
    store.set((entries) => [...entries, full].slice(-Math.max(1, input.size)))
    try {
      input.logger?.(full)
    } catch {
      // A logger that throws must not stop the sync loop.
    }
  }

  return {
    store,
    wrap: (hooks) => ({
      cycle() {
        started = input.env.now()
        // A copy: the remote's counters are one live object.
        const now = input.counters() ?? zero
        before = { requests: now.requests, rowsRead: now.rowsRead, rowsWritten: now.rowsWritten }
        return hooks.cycle()
      },
      async succeeded(summary, latencyMs) {
        add({ outcome: 'ok', pushed: summary.pushed, pulled: summary.pulled, conflicts: summary.conflicts, quarantined: summary.quarantined })
        return hooks.succeeded(summary, latencyMs)
      },
      async failed(error, failures) {
        add({ outcome: 'failed', pushed: 0, pulled: 0, conflicts: 0, quarantined: 0, error: describe(error) })
        return hooks.failed(error, failures)
      },
    }),
  }
}
