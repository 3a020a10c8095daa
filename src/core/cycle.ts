import type { Cursors, Decider, LogEntry, OutboxStore, OutgoingChange, ReplicaStore, SyncStateStore, PushResult, RemoteStore, Row, SyncedTableName } from './ports'
import type { SyncProgress, SyncSummary } from './status'
import { RecordError, SyncError } from './errors'
import { checkBinding, type Binding, type BindingVerdict } from './protocol/binding'
import { keyOf, PULLED_TABLES, SYNCED_TABLES } from '../schema/tables'
import { needsReconcile } from './protocol/reconcile'
import { changeBytes, planPushChunks } from './protocol/budget'
import { addRange, skipOwn, type OwnRange } from './protocol/ownRanges'

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
  readonly local: OutboxStore & ReplicaStore & Pick<SyncStateStore, 'advanceCursors' | 'saveState'>
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
  /** The server database this local database is bound to, once known (R12). */
  readonly binding?: Binding | undefined
  /** `false`: pull only (a deactivated device learning whether it was reactivated). @default true */
  readonly push?: boolean
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
  let binding = deps.binding
  /** Every response is checked against the binding before anything of it is applied (R12, R13). */
  const check = async (verdict: BindingVerdict, head?: LogEntry): Promise<BindingVerdict> => {
    if (verdict.kind === 'mismatch') throw identityError(verdict.reason)
    if (verdict.kind === 'ok' && verdict.bind !== null) {
      // The newest log entry seen moves forward only (a page read before this push's entry must not move it back).
      const next = head !== undefined && head.seq >= (binding?.head?.seq ?? 0) ? { ...verdict.bind, head } : verdict.bind
      if (binding?.generation !== next.generation || binding.databaseId !== next.databaseId || binding.head?.head !== next.head?.head) {
        binding = next
        await deps.local.saveState({ server: binding })
      }
    }
    return verdict
  }
  /** Sequence ranges this cycle's pushes filled with this device's rows alone: the pull skips them (I5, I8). */
  let own: OwnRange[] = []
  deps.onPhase('pushing')
  // Before anything is taken from the outbox, so a failed load leaves every change exactly as it was queued.
  const screen = typeof deps.screen === 'function' ? deps.screen : await deps.screen.load()
  let rewoundPush = false
  for (let round = 0; deps.push !== false && !rewoundPush && round < MAX_PUSH_ROUNDS; round += 1) {
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
        const context = {
          userId: deps.userId,
          deviceId: deps.deviceId,
          now: deps.now(),
          cursors,
          ...(binding === undefined ? {} : { databaseId: binding.databaseId, generation: binding.generation, ...(binding.head === undefined ? {} : { seen: binding.head }) }),
        }
        const response = await deps.remote.push(chunk, context)
        if (response.rewound === true) {
          // The server went back in time since this device last saw it, and wrote nothing (R13). Versions there may
          // belong to another history now: the pull reconciles first; these changes go in the next cycle.
          rewoundPush = true
          break
        }
        ;({ results, cursors: advance } = response)
        // A rewind is the pull's to recover from (it checks again); a push that finds one first tells every device,
        // because its own writes may move the sequence past every cursor and hide it from the pulls (R13).
        const verdict = checkBinding({ userId: deps.userId, bound: binding, server: response.server, seq: response.seq, cursors })
        if (verdict.kind !== 'rewound') await check(verdict, response.head)
        else if (verdict.renew && binding !== undefined) await deps.remote.renewGeneration?.(binding.generation)
        if (response.own !== undefined) own = addRange(own, response.own)
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
  // The probe saves rows read on an idle cycle; after a push, a pull costs the same one request (cursors that jumped
  // past this device's own rows read nothing), so it goes straight to the pull (I8: no extra request per cycle).
  const pushedAny = deps.requestCount() > requestsBefore
  if (deps.bootstrapped && deps.seen === undefined && !pushedAny && (await nothingNew(deps.remote, cursors))) {
    deps.onProgress(null)
    return { pushed, pulled, conflicts, quarantined, requests: deps.requestCount() - requestsBefore, durationMs: deps.now() - started }
  }
  let first = true
  let tables: readonly SyncedTableName[] | undefined
  let total: number | null = null
  let done = 0
  let seen = deps.seen
  /** The server went back in time (R13): every row it returns, to find what it lost of what this device holds. */
  let rewound: Map<SyncedTableName, Map<string, Row>> | undefined
  /** The restored server's retention watermark, as its full pull read it. */
  let rewoundPurgedSeq: number | undefined
  for (;;) {
    // Not during a full reconcile: it must see every row the server has, to prune nothing it still holds (I6).
    const skipped = seen === undefined ? skipOwn(cursors, own, tables ?? PULLED_TABLES) : { cursors, until: {} as Cursors }
    cursors = skipped.cursors
    const page = await deps.remote.pull(cursors, {
      limit: deps.pullPageSize,
      withTotal: first && !deps.bootstrapped,
      // The entry seen before this cycle's push: the push's own entry would hide a restore that happened before it.
      ...(first && rewound === undefined ? { seen: deps.binding?.head } : {}),
      ...(tables === undefined ? {} : { tables }),
      ...(Object.keys(skipped.until).length === 0 ? {} : { until: skipped.until }),
    })
    if (first) {
      const verdict = await check(
        checkBinding({
          userId: deps.userId,
          bound: rewound === undefined ? beforePush(binding, deps.binding) : undefined,
          server: page.server,
          seq: page.seq,
          cursors,
          seenHead: page.seenHead,
          purgedSeq: page.purgedSeq,
        }),
        page.head,
      )
      if (verdict.kind === 'rewound') {
        // Tell the other devices (a new generation), then pull everything again; nothing of this page is applied.
        if (verdict.renew && binding !== undefined) await deps.remote.renewGeneration?.(binding.generation)
        rewound = new Map()
        cursors = {}
        continue
      }
    }
    if (first && seen === undefined && rewound === undefined && needsReconcile(cursors, PULLED_TABLES, page.purgedSeq)) {
      // A deletion this device never pulled was purged (R3): pull everything again, and prune what the server no
      // longer has (I6). Nothing of this page is applied; the next request starts from the beginning.
      seen = new Map()
      cursors = {}
      continue
    }
    if (first && page.total !== undefined) total = page.total
    first = false
    for (const { row } of page.rows) deps.observe?.(String(row['hlc'] ?? ''))
    const stats = await deps.local.applyPage(rewound === undefined ? page : { ...page, rewound: true }, deps.decide)
    pulled += stats.applied
    conflicts += stats.conflicts
    done += page.rows.length
    if (rewound !== undefined) {
      if (page.purgedSeq !== undefined) rewoundPurgedSeq = Math.max(rewoundPurgedSeq ?? 0, page.purgedSeq)
      for (const { table, row } of page.rows) {
        let rows = rewound.get(table)
        if (rows === undefined) rewound.set(table, (rows = new Map()))
        rows.set(keyOf(table, row), row)
      }
    }
    if (seen !== undefined) {
      // A record whose server version was set aside still exists on the server: a reconcile never prunes it (R14).
      for (const { table, key } of [...page.rows.map(({ table, row }) => ({ table, key: keyOf(table, row) })), ...(page.unusable ?? [])]) {
        let keys = seen.get(table)
        if (keys === undefined) seen.set(table, (keys = new Set()))
        keys.add(key)
      }
    }
    cursors = { ...cursors, ...page.cursors }
    if (total !== null || page.rows.length > 0) {
      deps.onProgress({ phase: deps.bootstrapped ? 'pull' : 'bootstrap', done, total })
    }
    // Only tables with more rows are asked again, and tables that stopped at one of this device's own ranges.
    const stopped = Object.keys(skipped.until).filter((t) => (cursors[t as SyncedTableName] ?? 0) >= (skipped.until[t as SyncedTableName] ?? Infinity)) as SyncedTableName[]
    const next = [...new Set([...page.more, ...stopped])]
    if (next.length === 0) break
    tables = next
  }
  // The total counted this device's own uploads too, which the pull skipped (I5): the bootstrap ends complete.
  if (total !== null && done < total) deps.onProgress({ phase: deps.bootstrapped ? 'pull' : 'bootstrap', done: total, total })
  if (rewound !== undefined) {
    // Push-only tables (the conflict archive) are never pulled: read what the server still holds of them, to re-push
    // what it lost. Nothing of them is applied.
    let tables: readonly SyncedTableName[] = SYNCED_TABLES.filter((t) => !PULLED_TABLES.includes(t))
    let after: Cursors = {}
    while (tables.length > 0) {
      const page = await deps.remote.pull(after, { limit: deps.pullPageSize, withTotal: false, tables })
      for (const { table, row } of page.rows) {
        let rows = rewound.get(table)
        if (rows === undefined) rewound.set(table, (rows = new Map()))
        rows.set(keyOf(table, row), row)
      }
      after = { ...after, ...page.cursors }
      tables = page.more
    }
    // Nothing is pruned: what the server lost is what this device re-pushes (R13).
    for (const table of SYNCED_TABLES) if (!rewound.has(table)) rewound.set(table, new Map())
    await deps.local.repushLost(rewound, rewoundPurgedSeq)
  } else if (seen !== undefined) {
    for (const table of PULLED_TABLES) if (!seen.has(table)) seen.set(table, new Set())
    await deps.local.prune(seen)
  }
  deps.onProgress(null)
  return { pushed, pulled, conflicts, quarantined, requests: deps.requestCount() - requestsBefore, durationMs: deps.now() - started }
}

const identityError = (reason: 'user' | 'database'): SyncError =>
  new SyncError(
    'identity',
    reason === 'user'
      ? 'The server database belongs to another user; nothing was sent or applied'
      : 'This local database is bound to another server database; nothing was sent or applied',
    { transient: false },
  )

/** The binding as the pull checks it: the log entry is the one seen before this cycle's push (or none). */
const beforePush = (binding: Binding | undefined, atStart: Binding | undefined): Binding | undefined => {
  if (binding === undefined) return undefined
  const { head: _ignored, ...rest } = binding
  return atStart?.head === undefined ? rest : { ...rest, head: atStart.head }
}
