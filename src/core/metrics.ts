/**
 * Sync metrics, a cost meter and threshold alerts (the brief's monitoring table). Everything is derived from what
 * the engine observes: cycle outcomes, the transport's counters (the server's own `rows_read`/`rows_written`), and
 * the queue. Costs are estimates from a configurable price table, extrapolated to a 30-day month from the rate seen.
 */
export interface PriceTable {
  /** USD per billion rows read. */
  readonly perBillionRowsRead: number
  /** USD per million rows written. */
  readonly perMillionRowsWritten: number
  /** USD per GB-month stored. */
  readonly perGbMonth: number
}

/** Turso's published overage prices at the time of writing; override with your plan's. */
export const DEFAULT_PRICES: PriceTable = { perBillionRowsRead: 1, perMillionRowsWritten: 1, perGbMonth: 0.75 }

export interface AlertThresholds {
  /** Share of failed cycles, 0–1. @default 0.05 */
  readonly errorRate: number
  /** @default 2000 */
  readonly latencyP95Ms: number
  /** Estimated USD per user-month. @default 0.10 */
  readonly costPerUserMonth: number
  /** Bytes stored. @default 80 % of 9 GB */
  readonly storageBytes: number
}

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  errorRate: 0.05,
  latencyP95Ms: 2000,
  costPerUserMonth: 0.1,
  storageBytes: 0.8 * 9 * 1024 ** 3,
}

export type AlertKind = 'error-rate' | 'latency-p95' | 'cost-per-user' | 'storage'

export interface SyncAlert {
  readonly kind: AlertKind
  readonly value: number
  readonly threshold: number
  readonly at: number
}

export interface EngineMetrics {
  readonly cycles: number
  readonly errors: number
  /** Failed cycles / all cycles. */
  readonly errorRate: number
  readonly conflicts: number
  /** Conflicts / records exchanged. */
  readonly conflictRate: number
  /** Changes waiting in the outbox. */
  readonly queueDepth: number
  readonly requests: number
  readonly bytesUp: number
  readonly bytesDown: number
  readonly rowsRead: number
  readonly rowsWritten: number
  readonly storageBytes: number | null
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number }
  /** USD for a 30-day month at the rate observed since the engine was created. */
  readonly estimatedMonthlyCostUsd: number
}

export interface MetricsInput {
  cycles: number
  errors: number
  conflicts: number
  records: number
  queueDepth: number
  transport: { requests: number; bytesUp: number; bytesDown: number; rowsRead: number; rowsWritten: number }
  latencies: readonly number[]
  storageBytes: number | null
  elapsedMs: number
  prices: PriceTable
}

const MONTH_MS = 30 * 24 * 3_600_000

export const percentiles = (values: readonly number[]): { p50: number; p95: number; p99: number } => {
  const sorted = [...values].sort((a, b) => a - b)
  const at = (p: number): number => (sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0))
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) }
}

export const computeMetrics = (input: MetricsInput): EngineMetrics => {
  const { transport, prices } = input
  const scale = input.elapsedMs > 0 ? MONTH_MS / input.elapsedMs : 0
  const cost =
    (transport.rowsRead * scale * prices.perBillionRowsRead) / 1e9 +
    (transport.rowsWritten * scale * prices.perMillionRowsWritten) / 1e6 +
    ((input.storageBytes ?? 0) / 1024 ** 3) * prices.perGbMonth
  const attempts = input.cycles + input.errors
  return {
    cycles: input.cycles,
    errors: input.errors,
    errorRate: attempts === 0 ? 0 : input.errors / attempts,
    conflicts: input.conflicts,
    conflictRate: input.records === 0 ? 0 : input.conflicts / input.records,
    queueDepth: input.queueDepth,
    requests: transport.requests,
    bytesUp: transport.bytesUp,
    bytesDown: transport.bytesDown,
    rowsRead: transport.rowsRead,
    rowsWritten: transport.rowsWritten,
    storageBytes: input.storageBytes,
    latencyMs: percentiles(input.latencies),
    estimatedMonthlyCostUsd: cost,
  }
}

/** Alerts that are over their threshold now; the engine reports each only when it crosses (not on every cycle). */
export const overThreshold = (m: EngineMetrics, t: AlertThresholds, now: number, elapsedMs: number): SyncAlert[] => {
  const alerts: SyncAlert[] = []
  const check = (kind: AlertKind, value: number, threshold: number): void => {
    if (value > threshold) alerts.push({ kind, value, threshold, at: now })
  }
  if (m.cycles + m.errors >= 10) check('error-rate', m.errorRate, t.errorRate)
  if (m.cycles >= 10) check('latency-p95', m.latencyMs.p95, t.latencyP95Ms)
  // A first bootstrap extrapolated to a month says nothing: judge cost after an hour of observation.
  if (elapsedMs >= 3_600_000) check('cost-per-user', m.estimatedMonthlyCostUsd, t.costPerUserMonth)
  if (m.storageBytes !== null) check('storage', m.storageBytes, t.storageBytes)
  return alerts
}
