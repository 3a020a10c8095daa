import type { Env } from './env'
import { computeMetrics, DEFAULT_PRICES, DEFAULT_THRESHOLDS, overThreshold, type AlertThresholds, type EngineMetrics, type PriceTable, type SyncAlert } from './metrics'
import type { SyncSummary } from './status'

type TransportTotals = { requests: number; bytesUp: number; bytesDown: number; rowsRead: number; rowsWritten: number }

/** What the engine counts for `engine.metrics()` and `onAlert`: cycles, failures, latencies, size. */
export interface EngineMeter {
  cycleDone(summary: SyncSummary, latencyMs: number): void
  failed(): void
  storage(bytes: number): void
  metrics(): EngineMetrics
}

export const createEngineMeter = (input: {
  readonly env: Env
  readonly queueDepth: () => number
  readonly transport: () => TransportTotals | undefined
  readonly prices?: PriceTable | undefined
  readonly alerts?: Partial<AlertThresholds> | undefined
  readonly onAlert?: ((alert: SyncAlert) => void) | undefined
}): EngineMeter => {
  const { env } = input
  const latencies: number[] = []
  const counters = { cycles: 0, errors: 0, conflicts: 0, records: 0 }
  const createdAt = env.now()
  const firing = new Set<string>()
  let storageBytes: number | null = null

  const metrics = (): EngineMetrics =>
    computeMetrics({
      ...counters,
      queueDepth: input.queueDepth(),
      transport: input.transport() ?? { requests: 0, bytesUp: 0, bytesDown: 0, rowsRead: 0, rowsWritten: 0 },
      latencies,
      storageBytes,
      elapsedMs: env.now() - createdAt,
      prices: input.prices ?? DEFAULT_PRICES,
    })

  /** An alert fires once when its metric crosses the threshold, and again only after it went back under. */
  const checkAlerts = (): void => {
    if (input.onAlert === undefined) return
    const over = overThreshold(metrics(), { ...DEFAULT_THRESHOLDS, ...input.alerts }, env.now(), env.now() - createdAt)
    const now = new Set(over.map((a) => a.kind))
    for (const alert of over) if (!firing.has(alert.kind)) input.onAlert(alert)
    firing.clear()
    for (const kind of now) firing.add(kind)
  }

  return {
    cycleDone(summary, latencyMs) {
      counters.cycles += 1
      counters.conflicts += summary.conflicts
      counters.records += summary.pushed + summary.pulled + summary.conflicts
      latencies.push(latencyMs)
      if (latencies.length > 500) latencies.shift()
      checkAlerts()
    },
    failed() {
      counters.errors += 1
      checkAlerts()
    },
    storage(bytes) {
      storageBytes = bytes
    },
    metrics,
  }
}
