import { createClient, LibsqlBatchError, LibsqlError, type Client, type InStatement } from '@libsql/client/web'
import { PULLED_TABLES, type SyncedTableName } from '../schema/tables'
import type { Cursors, OutgoingChange, PullPage, PushContext, PushResponse, PushResult, RemoteStore, Row, ServerIdentity, LogEntry } from '../core/ports'
import { MalformedResponseError, RecordError, RecordRejectedError, SyncError } from '../core/errors'
import { fromServerRow, type ServerRowOptions } from './codec'
import { InvalidServerRowError } from './InvalidServerRowError'
import { UnusableRowError, type UnusableRow } from '../core/protocol/unusable'
import { keyOf } from '../schema/tables'
import { countSql, IDENTITY_SQL, keyColumn, PROBE_SQL, pullSql, RENEW_GENERATION_SQL, SEQUENCE_SQL } from './sql'
import { BULK, CURRENT_STEP, IDENTITY_STEP, planPush, type PushPlan } from './pushPlan'
import { maintenanceStatements } from './maintenance'
import { compressChange, decompressRow } from './compression'
import { CredentialLeakError, isCredentialLeakError } from '../security/index'
import { recordId } from '../schema/record'
import { planCursorJump, readPushOutcome } from '../core/protocol/pushOutcome'
import { askForToken, assertSecureUrl, createTransport, type Transport, type TransportStats } from './transport'

export interface RemoteOptions {
  /** `libsql://…`, `https://…` or `http://…` of the user's database. */
  url: string
  authToken?: string
  /** Asked for a fresh token once when the server answers 401/403. The token is kept in memory only. */
  getAuthToken?: () => Promise<string>
  /**
   * How long `getAuthToken` may take before the cycle fails with `auth` (status `needs-auth`). A stop never waits for
   * it either way. @default 15000
   */
  authTimeoutMs?: number
  fetch?: typeof globalThis.fetch
  /** Inspects each request body before it leaves; throws (or rejects) to block it (the credential firewall). */
  guard?: (body: unknown) => void | Promise<void>
  now?: () => number
  /** The user whose database this is: pulled rows of another user are refused. */
  userId?: string
  /** AI message content longer than this is stored gzip-compressed on the server. @default 1024 */
  compressionThreshold?: number
  /** Bytes of row data one pull response may carry, over all tables (sqld refuses responses over 10 MB). @default 4 MB */
  pullPageBytes?: number
}

const DEFAULT_PULL_PAGE_BYTES = 4 * 1024 * 1024

export interface LibsqlRemote extends RemoteStore {
  renewGeneration(seen: string): Promise<void>
  probe(): Promise<{ readonly seq: number }>
  readonly stats: TransportStats
  /** Aborts requests in flight and refuses new ones until {@link resume} (engine stop). */
  abort(): void
  /** Accepts requests again after {@link abort} (engine start, or a sync asked for while stopped). */
  resume(): void
}

/** The `@libsql/client` implementation of the engine's {@link RemoteStore} port. */
export const createLibsqlRemote = (options: RemoteOptions): LibsqlRemote => {
  assertSecureUrl(options.url)
  const now = options.now ?? Date.now
  let controller = new AbortController()
  const base: typeof globalThis.fetch = (input, init) =>
    (options.fetch ?? globalThis.fetch)(input, { ...init, signal: controller.signal })
  const transport: Transport = createTransport(base, { now, ...(options.guard ? { guard: options.guard } : {}) })
  let token = options.authToken
  const rowChecks = options.userId === undefined ? {} : { userId: options.userId }
  let client: Client | undefined

  const open = async (): Promise<Client> => {
    if (client !== undefined) return client
    token ??= options.getAuthToken === undefined ? undefined : await ask(options.getAuthToken)
    client = createClient({ url: options.url, ...(token === undefined ? {} : { authToken: token }), fetch: transport.fetch, intMode: 'number' })
    return client
  }

  /** The token provider, bounded by the timeout and by `abort()`: a hanging provider never holds a stop (R13). */
  const ask = (getAuthToken: () => Promise<string>): Promise<string> =>
    askForToken(getAuthToken, { timeoutMs: options.authTimeoutMs ?? 15_000, signal: controller.signal })

  const classify = (error: unknown, signal: AbortSignal): unknown => {
    if (error instanceof SyncError) return error
    const leak = inCauseChain(error, isCredentialLeakError)
    if (leak !== undefined) return leak
    const last = transport.last()
    // The signal of the request that failed: `abort()` has already replaced the controller by the time it lands here.
    if (signal.aborted) return new SyncError('aborted', 'Sync stopped', { cause: error, transient: false })
    // The platform's own words say why ("Failed to fetch" for CORS or DNS): the UI shows them as the cause.
    if (last?.status === 'network') return new SyncError('network', networkMessage(error), { cause: error })
    if (last?.status === 401 || last?.status === 403) {
      return new SyncError('auth', `Not authorized (${last.status})`, { cause: error, transient: false, status: last.status })
    }
    if (last?.status === 429) {
      return new SyncError('rate-limited', 'Rate limited by the server', { cause: error, retryAfterMs: last.retryAfterMs, status: 429 })
    }
    if (typeof last?.status === 'number' && last.status >= 500) {
      return new SyncError('server', `Server error ${last.status}`, { cause: error, retryAfterMs: last.retryAfterMs, status: last.status })
    }
    // Turso answers an exhausted quota with BLOCKED: transient, and worth a long backoff (R8).
    if (error instanceof LibsqlError && /BLOCKED/.test(error.code)) {
      return new SyncError('rate-limited', 'The database is blocked (quota)', { cause: error, retryAfterMs: last?.retryAfterMs })
    }
    if (error instanceof LibsqlError) return new SyncError('server', `Database error ${error.code}`, { cause: error })
    if (error instanceof TypeError || error instanceof SyntaxError) {
      return new MalformedResponseError('the response could not be read', error)
    }
    return new SyncError('network', 'Request failed', { cause: error })
  }

  /** Runs one batch, asking once for a fresh token on an auth failure. */
  const batch = async (stmts: InStatement[], mode: 'write' | 'read'): Promise<Awaited<ReturnType<Client['batch']>>> => {
    for (let attempt = 0; ; attempt += 1) {
      transport.reset()
      const signal = controller.signal
      if (signal.aborted) throw new SyncError('aborted', 'Sync stopped', { transient: false })
      try {
        return await (await open()).batch(stmts, mode)
      } catch (error) {
        const classified = classify(error, signal)
        if (classified instanceof SyncError && classified.code === 'auth' && attempt === 0 && options.getAuthToken) {
          client?.close()
          client = undefined
          token = await ask(options.getAuthToken)
          continue
        }
        if (error instanceof LibsqlBatchError && !(classified instanceof SyncError && classified.code !== 'server')) {
          throw new StatementFailure(error.statementIndex, error.code, error.cause instanceof Error ? error.cause.message : error.message, error)
        }
        throw classified
      }
    }
  }

  const push = async (original: readonly OutgoingChange[], ctx: PushContext): Promise<PushResponse> => {
    if (original.length === 0) return { results: [], cursors: {} }
    const changes = await Promise.all(original.map((c) => compressChange(c, options.compressionThreshold)))
    let results: PushResponse
    try {
      results = await pushPlanned(changes, ctx, planPush(changes, ctx, 'bulk'))
    } catch (error) {
      // A bulk statement failed (a constraint, or the firewall): redo it record by record to name the culprit.
      if (!(error instanceof BulkFailure)) throw error
      results = await pushPlanned(changes, ctx, planPush(changes, ctx, 'single'))
    }
    // The engine sees the device form of every row: its own change as it was, server rows decompressed.
    const decoded = await Promise.all(
      results.results.map(async ({ outcome }, i): Promise<PushResult> => {
        const change = original[i] as OutgoingChange
        if (outcome.kind === 'rejected' || outcome.server === null) return { change, outcome }
        return { change, outcome: { ...outcome, server: await decompressRow(change.table, outcome.server) } }
      }),
    )
    const { server, seq, head, own } = results
    return {
      results: decoded,
      cursors: results.cursors,
      ...(results.rewound === true ? { rewound: true } : {}),
      ...(server === undefined ? {} : { server }),
      ...(seq === undefined ? {} : { seq }),
      ...(head === undefined ? {} : { head }),
      ...(own === undefined ? {} : { own }),
    }
  }

  const pushPlanned = async (changes: readonly OutgoingChange[], ctx: PushContext, plan: PushPlan): Promise<PushResponse> => {
    const { stmts, owner, outcomeTables, cursorTables, headStep } = plan
    let results
    try {
      results = await batch(stmts, 'write')
    } catch (error) {
      // The firewall names the batch step that carried a credential; step 0 is BEGIN, step j is statement j - 1.
      if (isCredentialLeakError(error)) {
        const finding = error.findings[0]
        const step = /steps\[(\d+)\].*?(?:named_args\[(\d+)\])?$/.exec(finding?.path ?? '')
        const index = Number(step?.[1] ?? 0) - 1
        if (owner[index] === BULK) throw new BulkFailure(error)
        const leaked = changes[owner[index] ?? -1]
        if (leaked !== undefined) {
          const statement = stmts[index]
          const argName = Object.keys(typeof statement === 'object' && !Array.isArray(statement) ? ((statement as { args?: object }).args ?? {}) : {})[Number(step?.[2] ?? -1)]
          const field = argName?.startsWith('c_') ? argName.slice(2) : (argName ?? error.field)
          const named = new CredentialLeakError({ table: leaked.table, recordId: leaked.key, field, kind: error.kind, findings: error.findings, cause: error })
          throw new RecordError('credential-leak', leaked, `field ${String(field)} looks like a credential (${error.kind})`, {
            cause: named,
            field,
            message: `Blocked: ${leaked.table} record ${leaked.key} field ${String(field)} looks like a credential (${error.kind})`,
          })
        }
      }
      // A statement-level error is the record's problem, whatever its code (R8): SQLITE_*, SQL_INPUT_ERROR, an
      // unknown one. In a bulk statement it cannot be named yet: the push is redone record by record.
      if (error instanceof StatementFailure) {
        if (owner[error.index] === BULK) throw new BulkFailure(error)
        const culprit = changes[owner[error.index] ?? -1]
        if (culprit !== undefined) {
          // Constraint messages name the constraint or column, never a value.
          const detail = `${error.code}${error.detail === '' ? '' : `: ${error.detail.replace(/^SQLITE_[A-Z_]+:\s*/, '')}`}`
          throw new RecordRejectedError(culprit, detail, error.cause)
        }
        throw new SyncError('server', `Database error ${error.code}`, { cause: error.cause })
      }
      throw error
    }

    // The guard in every write refused all of them if this is not the device's database (R12): nothing was written.
    const identityRow = results[IDENTITY_STEP]?.rows[0] as Record<string, unknown> | undefined
    const server = readIdentity(identityRow)
    if (server === null) throw new MalformedResponseError('missing database identity')
    const seqBefore = Number(identityRow?.['seq'])
    const headRow = results[headStep]?.rows[0] as Record<string, unknown> | undefined
    const head = typeof headRow?.['head'] === 'string' ? { seq: Number(headRow['seq']), head: headRow['head'] } : undefined
    assertBound(server, ctx)
    // The server went back in time since the device last saw it (R13): the guard wrote nothing. Versions may mean
    // another history there now, so nothing is acknowledged; the device reconciles first.
    const current = (results[CURRENT_STEP]?.rows[0] as Record<string, unknown> | undefined)?.['current']
    if (current !== undefined && Number(current) === 0) {
      return { results: [], cursors: {}, server, ...(Number.isFinite(seqBefore) ? { seq: seqBefore } : {}), rewound: true }
    }

    const serverRows = new Map<string, Record<string, unknown>>()
    const offset = stmts.length - outcomeTables.length - cursorTables.length
    outcomeTables.forEach((table, t) => {
      const result = results[offset + t]
      if (result === undefined) throw new MalformedResponseError('missing push outcome')
      for (const raw of result.rows) {
        const record = raw as unknown as Record<string, unknown>
        serverRows.set(recordId(table, String(record[keyColumn(table)])), record)
      }
    })
    const pushResults: PushResult[] = changes.map((change) =>
      readPushOutcome(
        change,
        serverRows.get(recordId(change.table, change.key)),
        (raw) => fromServerRow(change.table, raw as Record<string, unknown>, { ...rowChecks, extra: (c) => c.startsWith('_') }),
        // The server's version is one this device cannot use (R14): the change waits in quarantine, the rest goes on.
        (error) => (error instanceof InvalidServerRowError ? error.message : undefined),
      ),
    )
    const { cursors, own } = planCursorJump({
      results: pushResults,
      count: changes.length,
      tables: cursorTables.map((table, t) => {
        const row = results[offset + outcomeTables.length + t]?.rows[0] as Record<string, unknown> | undefined
        return { table, first: Number(row?.['first'] ?? NaN), top: Number(row?.['top'] ?? NaN) }
      }),
      top: Number((results[offset + outcomeTables.length]?.rows[0] as Record<string, unknown> | undefined)?.['top'] ?? NaN),
      cursors: ctx.cursors,
      pulled: PULLED_TABLES,
    })
    return { results: pushResults, cursors, server, ...(Number.isFinite(seqBefore) ? { seq: seqBefore } : {}), ...(head === undefined ? {} : { head }), ...(own === undefined ? {} : { own }) }
  }

  const pull = async (cursors: Cursors, opts: { limit: number; withTotal: boolean; tables?: readonly SyncedTableName[]; until?: Cursors; seen?: LogEntry | undefined }): Promise<PullPage> => {
    const tables = opts.tables ?? PULLED_TABLES
    const budget = Math.max(1, Math.floor((options.pullPageBytes ?? DEFAULT_PULL_PAGE_BYTES) / tables.length))
    const until = (t: SyncedTableName): number => opts.until?.[t] ?? Number.MAX_SAFE_INTEGER
    const stmts: InStatement[] = tables.map((t) => ({ sql: pullSql(t), args: [cursors[t] ?? 0, opts.limit, budget, until(t)] }))
    if (opts.withTotal) for (const t of tables) stmts.push({ sql: countSql(t), args: [cursors[t] ?? 0] })
    stmts.push({ sql: SEQUENCE_SQL, args: [opts.seen?.seq ?? -1] })
    const results = await batch(stmts, 'read')
    const sequence = results[stmts.length - 1]?.rows[0] as Record<string, unknown> | undefined
    if (sequence === undefined || typeof sequence['seq'] !== 'number') throw new MalformedResponseError('missing sync sequence')
    const seq = sequence['seq']
    const purgedSeq = Number(sequence['purged_seq'] ?? 0)
    const server = readIdentity(sequence)
    const seenHead = typeof sequence['seen_head'] === 'string' ? sequence['seen_head'] : null
    const head = typeof sequence['log_head'] === 'string' ? { seq: Number(sequence['log_seq']), head: sequence['log_head'] } : undefined
    const rows: Array<{ table: SyncedTableName; row: Row }> = []
    const unusable: UnusableRow[] = []
    const next: Cursors = {}
    const more: SyncedTableName[] = []
    let total = 0
    tables.forEach((table, i) => {
      const result = results[i]
      if (result === undefined) throw new MalformedResponseError(`missing pull result for ${table}`)
      let cursor = cursors[table] ?? 0
      let bytes = 0
      for (const raw of result.rows) {
        const { _bytes, ...columns } = raw as unknown as Record<string, unknown>
        bytes = Number(_bytes ?? 0)
        const read = readPulledRow(table, columns, rowChecks, now)
        const seq = read.seq
        if (seq <= cursor) throw new MalformedResponseError(`${table} rows out of sequence order`)
        cursor = seq
        if ('row' in read) rows.push({ table, row: read.row })
        else unusable.push(read.unusable)
      }
      // A table with nothing more to pull has no row between its cursor and this snapshot's sequence (I1): the
      // cursor moves to the sequence, so every cursor tracks the server and the retention watermark compares exactly.
      if (result.rows.length >= opts.limit || bytes >= budget) more.push(table)
      else cursor = Math.max(cursor, Math.min(seq, until(table)))
      next[table] = cursor
      if (opts.withTotal) total += Number((results[tables.length + i]?.rows[0] as Record<string, unknown> | undefined)?.['n'] ?? 0)
    })
    const decoded: Array<{ table: SyncedTableName; row: Row }> = []
    await Promise.all(
      rows.map(async ({ table, row }) => {
        try {
          decoded.push({ table, row: await decompressRow(table, row) })
        } catch (error) {
          unusable.push(setAside(table, row, error instanceof UnusableRowError ? error : new UnusableRowError('undecodable', `${table} record ${keyOf(table, row)} cannot be decoded`, 'content', { cause: error }), now()))
        }
      }),
    )
    // Decoding is concurrent; the page keeps the server's order (I1 applies it by sequence).
    decoded.sort((a, b) => (a.row['server_seq'] as number) - (b.row['server_seq'] as number))
    return { rows: decoded, cursors: next, more, purgedSeq, seq, server, seenHead, ...(head === undefined ? {} : { head }), ...(unusable.length > 0 ? { unusable } : {}), ...(opts.withTotal ? { total } : {}) }
  }

  const probe = async (): Promise<{ seq: number }> => {
    const [result] = await batch([{ sql: PROBE_SQL, args: [] }], 'read')
    const seq = (result?.rows[0] as Record<string, unknown> | undefined)?.['seq']
    if (typeof seq !== 'number') throw new MalformedResponseError('missing sync sequence')
    return { seq }
  }

  return {
    push,
    pull,
    probe,
    async maintain(plan) {
      const results = await batch(maintenanceStatements(plan), 'write')
      const serverNow = Number((results[results.length - 1]?.rows[0] as Record<string, unknown> | undefined)?.['now'])
      return Number.isFinite(serverNow) ? { serverNow } : {}
    },
    async renewGeneration(seen) {
      await batch([{ sql: RENEW_GENERATION_SQL, args: { seen } }, { sql: IDENTITY_SQL, args: [] }], 'write')
    },
    stats: transport.stats,
    abort() {
      controller.abort()
    },
    resume() {
      if (controller.signal.aborted) controller = new AbortController()
    },
    close() {
      client?.close()
      client = undefined
    },
  }
}


/** The identity columns of a result row, or null when the database has not been claimed yet. */
const readIdentity = (row: unknown): ServerIdentity | null => {
  const r = (row ?? {}) as Record<string, unknown>
  const { database_id: databaseId, user_id: userId, generation } = r
  if (databaseId === null || databaseId === undefined) return null
  if (typeof databaseId !== 'string' || typeof userId !== 'string' || typeof generation !== 'string') {
    throw new MalformedResponseError('database identity')
  }
  return { databaseId, userId, generation }
}

/** A push reached a database of another user, or another database than the device's (R12). */
const assertBound = (server: ServerIdentity, ctx: PushContext): void => {
  if (server.userId === ctx.userId && (ctx.databaseId === undefined || ctx.databaseId === server.databaseId)) return
  throw new SyncError(
    'identity',
    server.userId === ctx.userId
      ? 'This device is bound to another server database; nothing was sent'
      : 'The server database belongs to another user; nothing was sent',
    { transient: false },
  )
}

/** The first error in `error`'s cause chain that matches. */
const inCauseChain = (error: unknown, match: (e: Error) => boolean): Error | undefined => {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth += 1) {
    if (match(e)) return e
  }
  return undefined
}

/** One statement of a batch failed at the server (not the request): the index and code the server gave. */
class StatementFailure extends Error {
  override readonly name = 'StatementFailure'
  constructor(readonly index: number, readonly code: string, readonly detail: string, cause: unknown) {
    super(`statement ${index} failed: ${code}`, { cause })
  }
}

/** A bulk statement failed; the push is redone one statement per record to name the record at fault. */
class BulkFailure extends Error {
  override readonly name = 'BulkFailure'
  constructor(cause: unknown) {
    super('bulk push failed', { cause })
  }
}

/** "Network request failed", with the platform's reason when the failure carries one (never a URL or a token). */
const networkMessage = (error: unknown): string => {
  const reason = inCauseChain(error, (e) => e instanceof TypeError)?.message
  return reason === undefined || reason === '' || /https?:|bearer|token/i.test(reason) ? 'Network request failed' : reason
}

/**
 * One pulled row, or the reason this device cannot use it (R14). A row whose key or sequence cannot be read cannot be
 * placed at all: that is a malformed response, and the page is refused as before.
 */
const readPulledRow = (
  table: SyncedTableName,
  raw: Record<string, unknown>,
  checks: ServerRowOptions,
  now: () => number,
): { readonly seq: number; readonly row: Row } | { readonly seq: number; readonly unusable: UnusableRow } => {
  try {
    const row = fromServerRow(table, raw, checks)
    return { seq: row['server_seq'] as number, row }
  } catch (error) {
    const seq = typeof raw['server_seq'] === 'bigint' ? Number(raw['server_seq']) : raw['server_seq']
    const key = raw[keyColumn(table)]
    const placed = Number.isSafeInteger(seq) && (typeof key === 'string' || typeof key === 'number')
    if (!(error instanceof InvalidServerRowError || error instanceof UnusableRowError) || !placed) throw error
    return { seq: seq as number, unusable: setAside(table, raw, error, now()) }
  }
}

const setAside = (table: SyncedTableName, raw: Readonly<Record<string, unknown>>, error: InvalidServerRowError | UnusableRowError, at: number): UnusableRow => {
  const seq = raw['server_seq']
  return {
    table,
    key: String(raw[keyColumn(table)]),
    seq: typeof seq === 'bigint' ? Number(seq) : (seq as number),
    code: error instanceof UnusableRowError ? error.code : 'invalid-server-row',
    // Names table, key, column and rule, never the value (it may be private).
    message: error.message,
    ...(error.column === undefined ? {} : { column: error.column }),
    at,
  }
}
