import type { Cursors, Decider, OutboxStore, OutgoingChange, ReplicaStore, SyncStateStore, PushResult, RemoteStore, Row, SyncedTableName } from './ports'
import type { SyncProgress, SyncSummary } from './status'
import { RecordError } from './errors'
import { keyOf, PULLED_TABLES } from '../schema/tables'
import { needsReconcile } from './protocol/reconcile'
import { changeBytes, planPushChunks } from './protocol/budget'

/**
 * One sync cycle: push everything pending, then pull until the server has nothing newer.
 *
 *   push: take ≤ batch changes ─► screen (sanitize, credential check) ─► one write request ─► acknowledge
 *           ▲                                                                      │ rejected record: quarantine
 *           └────────────── until the outbox is empty (bounded rounds) ◄───────────┘ and retry the rest at once
 *   pull: one read request for all tables ─► apply the page in one transaction ─► advance cursors ─► more? loop
 */
export interface Screened {
  readonly row: Row
  /** Set when the record still carries a credential after sanitizing; the record is quarantined (I10). */
  readonly leak?: { readonly field: string; readonly kind: string }
}

/** Screens one outgoing change: sanitizes its row and reports a credential it still carries (I10). */
export type Screen = (change: OutgoingChange) => Screened

/**
 * A screen, or a loader of one (the package's rules load lazily). A loader is awaited once per cycle, before the
 * push takes anything from the outbox: nothing leaves the device unscreened. A rejected load fails the cycle with
 * that error (nothing sent, nothing marked sent), and the changes stay queued for the next one.
 */
export type ScreenSource = Screen | { readonly load: () => Promise<Screen> }

export interface CycleDeps {
  readonly local: OutboxStore & ReplicaStore & Pick<SyncStateStore, 'advanceCursors'>
  readonly remote: RemoteStore
  readonly decide: Decider
  readonly userId: string
  readonly deviceId: string
  readonly now: () => number
  readonly screen: ScreenSource
  readonly pushBatchSize: number
  /** Bytes one push request may carry. @default 4 MB */
  readonly pushBudgetBytes?: number
  readonly pullPageSize: number
  readonly bootstrapped: boolean
  /** Where the last committed pull ended, per table (I1). */
  readonly cursors: Cursors
  /** Folds every server row's clock into this device's HLC, so a later local edit orders after it (I7). */
  readonly observe?: (hlc: string) => void
  /** Full reconcile (I6): collects the keys of every row pulled, then prunes the rest. Started by the watermark. */
  readonly seen?: Map<SyncedTableName, Set<string>>
  readonly onProgress: (progress: SyncProgress | null) => void
  readonly onPhase: (phase: 'pushing' | 'pulling') => void
  readonly requestCount: () => number
}

const DEFAULT_PUSH_BUDGET_BYTES = 4 * 1024 * 1024

/** More rounds than this in one cycle means something keeps re-queuing; the next cycle continues. */
const MAX_PUSH_ROUNDS = 64

/**
 * Whether the server holds nothing this device has not pulled: its sequence equals every table's cursor. A complete
 * pull leaves every cursor at the sequence it read, so this holds from one idle cycle to the next, and a pull is
 * skipped only when no row can lie after any cursor (I1). A cursor that lags (a paged pull, a push that jumped one
 * table) or a sequence behind the cursors (a restored server) pulls as before: the pull sorts it out.
 */
const nothingNew = async (remote: RemoteStore, cursors: Cursors): Promise<boolean> => {
  if (remote.probe === undefined) return false
  const { seq } = await remote.probe()
  return PULLED_TABLES.every((table) => cursors[table] === seq)
}

export const runCycle = async (deps: CycleDeps): Promise<SyncSummary> => {
  const started = deps.now()
  const requestsBefore = deps.requestCount()
  let pushed = 0
  let pulled = 0
  let conflicts = 0
  let quarantined = 0

  let cursors: Cursors = { ...deps.cursors }
  deps.onPhase('pushing')
  // Before anything is taken from the outbox, so a failed load leaves every change exactly as it was queued.
  const screen = typeof deps.screen === 'function' ? deps.screen : await deps.screen.load()
  for (let round = 0; round < MAX_PUSH_ROUNDS; round += 1) {
    const changes = await deps.local.takeOutgoing(deps.pushBatchSize)
    if (changes.length === 0) break
    const clean: OutgoingChange[] = []
    for (const change of changes) {
      const screened = screen(change)
      if (screened.leak !== undefined) {
        quarantined += 1
        await deps.local.quarantine(change, {
          code: 'credential-leak',
          message: `Blocked: ${change.table} record ${change.key} field ${screened.leak.field} looks like a credential (${screened.leak.kind})`,
          field: screened.leak.field,
          at: deps.now(),
        })
      } else clean.push({ ...change, row: screened.row })
    }
    // Bounded by bytes as well as by count (R9): a record larger than a whole request is refused on its own.
    const { chunks, oversized } = planPushChunks(clean, deps.pushBudgetBytes ?? DEFAULT_PUSH_BUDGET_BYTES)
    for (const change of oversized) {
      quarantined += 1
      await deps.local.quarantine(change, {
        code: 'too-large',
        message: `${change.table} record ${change.key} is larger than one upload may be (${Math.round(changeBytes(change) / 1024)} KiB)`,
        at: deps.now(),
      })
    }
    for (const chunk of chunks) {
      deps.onProgress({ phase: 'push', done: pushed, total: null })
      let results: PushResult[]
      let advance: Cursors = {}
      try {
        ;({ results, cursors: advance } = await deps.remote.push(chunk, { userId: deps.userId, deviceId: deps.deviceId, now: deps.now(), cursors }))
      } catch (error) {
        // One bad record never blocks the rest (I9): quarantine it; the others are still marked sent and go again
        // in the next round.
        if (!(error instanceof RecordError)) throw error
        quarantined += 1
        await deps.local.quarantine(error.change, {
          code: error.reason === 'credential-leak' ? 'credential-leak' : error.detail,
          message: error.message,
          ...(error.field === undefined ? {} : { field: error.field }),
          at: deps.now(),
        })
        break
      }
      for (const { outcome } of results) {
        if (outcome.kind !== 'rejected' && outcome.server !== null) deps.observe?.(String(outcome.server['hlc'] ?? ''))
      }
      await deps.local.acknowledge(results, deps.decide)
      if (Object.keys(advance).length > 0) {
        await deps.local.advanceCursors(advance)
        cursors = { ...cursors, ...advance }
      }
      for (const { change, outcome } of results) {
        if (outcome.kind === 'applied') pushed += 1
        else if (outcome.kind === 'conflict') conflicts += 1
        else {
          quarantined += 1
          await deps.local.quarantine(change, { code: outcome.code, message: outcome.message, at: deps.now() })
        }
      }
    }
  }

  deps.onPhase('pulling')
  if (deps.bootstrapped && deps.seen === undefined && (await nothingNew(deps.remote, cursors))) {
    deps.onProgress(null)
    return { pushed, pulled, conflicts, quarantined, requests: deps.requestCount() - requestsBefore, durationMs: deps.now() - started }
  }
  let first = true
  let tables: readonly SyncedTableName[] | undefined
  let total: number | null = null
  let done = 0
  let seen = deps.seen
  for (;;) {
    const page = await deps.remote.pull(cursors, {
      limit: deps.pullPageSize,
      withTotal: first && !deps.bootstrapped,
      ...(tables === undefined ? {} : { tables }),
    })
    if (first && seen === undefined && needsReconcile(cursors, PULLED_TABLES, page.purgedSeq)) {
      // A deletion this device never pulled was purged (R3): pull everything again, and prune what the server no
      // longer has (I6). Nothing of this page is applied; the next request starts from the beginning.
      seen = new Map()
      cursors = {}
      continue
    }
    if (first && page.total !== undefined) total = page.total
    first = false
    for (const { row } of page.rows) deps.observe?.(String(row['hlc'] ?? ''))
    const stats = await deps.local.applyPage(page, deps.decide)
    pulled += stats.applied
    conflicts += stats.conflicts
    done += page.rows.length
    if (seen !== undefined) {
      for (const { table, row } of page.rows) {
        let keys = seen.get(table)
        if (keys === undefined) seen.set(table, (keys = new Set()))
        keys.add(keyOf(table, row))
      }
    }
    cursors = { ...cursors, ...page.cursors }
    if (total !== null || page.rows.length > 0) {
      deps.onProgress({ phase: deps.bootstrapped ? 'pull' : 'bootstrap', done, total })
    }
    if (page.more.length === 0) break
    tables = page.more // only tables with more rows are asked again
  }
  if (seen !== undefined) {
    for (const table of PULLED_TABLES) if (!seen.has(table)) seen.set(table, new Set())
    await deps.local.prune(seen)
  }
  deps.onProgress(null)
  return { pushed, pulled, conflicts, quarantined, requests: deps.requestCount() - requestsBefore, durationMs: deps.now() - started }
}
