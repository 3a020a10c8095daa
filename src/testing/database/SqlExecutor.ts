import type { SqlConnection, SqlStatement, SqlValue } from '../engine/SqlEngine.js'
import { HranaProtocolError, StatementError } from '../errors.js'
import { bindArgs } from '../hrana/bindArgs.js'
import { statementErrorFrom } from '../hrana/engineErrors.js'
import type { HranaDescribeResult, HranaStmt, HranaStmtResult } from '../hrana/protocol.js'
import { countStatements, sqlParams } from '../hrana/sqlParams.js'
import { encodeValue } from '../hrana/values.js'
import { createIndexCounter } from './createIndexCounter.js'
import { createScanEstimator } from './createScanEstimator.js'
import type { PlanCache } from './PlanCache.js'
import { type ResponseBudget, spend } from './ResponseBudget.js'

/** Usage counters of one database, shared by all its connections. */
export interface DatabaseStats {
  /** HTTP pipeline and cursor requests that reached the database. */
  requests: number
  /** SQL statements executed (each statement of a `sequence` counts). */
  statements: number
  /**
   * Rows read, an estimate of Turso's "rows scanned" billing from the query plan (the native `libsql` package does
   * not expose libSQL's own `LIBSQL_STMTSTATUS_ROWS_READ` counter; see src/testing/README.md for the rules).
   */
  rowsRead: number
  /**
   * Rows written: the `total_changes()` delta of each statement (so rows written by triggers count too), plus, for
   * INSERT and DELETE, one per index entry of each row the statement itself changed.
   */
  rowsWritten: number
}

/** The per-stream state a statement needs. */
export interface StatementScope {
  readonly sqls: ReadonlyMap<number, string>
}

const explainPrefix = /^\s*EXPLAIN\b/i
// Statements that leave state on the connection beyond the stream's life (settings, TEMP objects, attachments).
const connectionState = /\b(PRAGMA|TEMP|TEMPORARY|ATTACH|DETACH)\b/i
const transactionControl = /^\s*(BEGIN|COMMIT|END|ROLLBACK|SAVEPOINT|RELEASE)\b/i
const beginsWriteTransaction = /^\s*BEGIN\s+(IMMEDIATE|EXCLUSIVE)\b/i
const inserts = (sql: string): boolean =>
  /^\s*(INSERT|REPLACE)\b/i.test(sql) || (/^\s*WITH\b/i.test(sql) && /\)\s*(INSERT|REPLACE)\b/i.test(sql))

/** Executes statements on one connection (one Hrana stream) and adds to its database's counters. */
export class SqlExecutor {
  readonly #conn: SqlConnection
  readonly #stats: DatabaseStats
  readonly #plans: PlanCache
  readonly #scanned: (sql: string) => number
  readonly #indexes: (sql: string) => number
  readonly #changes: SqlStatement

  constructor(conn: SqlConnection, stats: DatabaseStats, plans: PlanCache) {
    this.#conn = conn
    this.#stats = stats
    this.#plans = plans
    this.#scanned = createScanEstimator(conn, plans)
    this.#indexes = createIndexCounter(conn)
    this.#changes = conn.prepare('SELECT total_changes(), changes(), last_insert_rowid()')
  }

  /** Set once the stream ran something that changes its connection for later users (a PRAGMA, a TEMP table). */
  #tainted = false

  get inTransaction(): boolean {
    return this.#conn.inTransaction
  }

  /** Whether the connection can serve another stream: no open transaction and no state a stream left behind. */
  get reusable(): boolean {
    return !this.#tainted && !this.#conn.inTransaction
  }

  /** The SQL of a statement; an unknown `sql_id` breaks the protocol (sqld: HTTP 400), it is no statement error. */
  resolveSql(source: { sql?: string | null; sql_id?: number | null }, scope: StatementScope): string {
    if (typeof source.sql === 'string') return source.sql
    const sql = scope.sqls.get(source.sql_id ?? -1)
    if (sql === undefined) throw new HranaProtocolError(`SQL text ${source.sql_id} not found`)
    return sql
  }

  /** What sqld's parser refuses before anything runs: no statement, several statements, mixed arguments. */
  checkShape(sql: string, stmt: HranaStmt): void {
    const count = countStatements(sql)
    if (count === 0) throw new StatementError('SQL_NO_STATEMENT', 'SQL string does not contain any statement')
    if (count > 1) throw new StatementError('SQL_MANY_STATEMENTS', 'SQL string contains more than one statement')
    if ((stmt.args?.length ?? 0) > 0 && (stmt.named_args?.length ?? 0) > 0) {
      throw new StatementError('ARGS_BOTH_POSITIONAL_AND_NAMED', 'Specifying both positional and named arguments is not supported')
    }
  }

  prepare(sql: string): SqlStatement {
    if (connectionState.test(sql)) this.#tainted = true
    try {
      return this.#conn.prepare(sql)
    } catch (error) {
      throw statementErrorFrom(error, sql, 'prepare')
    }
  }

  /**
   * Whether running `sql` takes the database's write lock: BEGIN IMMEDIATE/EXCLUSIVE, or a program that opens a
   * write transaction on a non-TEMP schema (asked of the engine through EXPLAIN, so no keyword guessing).
   */
  needsWriteLock(sql: string): boolean {
    if (beginsWriteTransaction.test(sql)) return true
    if (transactionControl.test(sql) || explainPrefix.test(sql)) return false
    return this.#plans.writes(sql, this.#conn)?.main ?? false
  }

  /** Runs one statement (already checked and prepared); throws StatementError when it fails. */
  run(prepared: SqlStatement, sql: string, stmt: HranaStmt, budget: ResponseBudget): HranaStmtResult {
    try {
      const args = bindArgs(sqlParams(sql), stmt, explainPrefix.test(sql))
      const scanned = this.#scanned(sql)
      const [totalBefore] = this.#counters()
      this.#stats.statements += 1
      const rows = prepared.reader ? prepared.all(args) : (prepared.run(args), [])
      const [totalAfter, changes, lastRowid] = this.#counters()
      const changed = totalAfter - totalBefore
      const affected = changed > 0 ? changes : 0
      const written = changed + (affected > 0 ? affected * this.#indexes(sql) : 0)
      const read = Math.max(scanned, rows.length + (inserts(sql) ? 0 : affected))
      this.#stats.rowsRead += read
      this.#stats.rowsWritten += written
      const cols = prepared.reader ? prepared.columns().map((c) => ({ name: c.name, decltype: c.decltype })) : []
      const encoded = stmt.want_rows === false ? [] : rows.map((row) => row.map(encodeValue))
      spend(budget, cols, encoded)
      return {
        cols,
        rows: encoded,
        affected_row_count: affected,
        last_insert_rowid: affected > 0 && inserts(sql) ? lastRowid.toString() : null,
        rows_read: read,
        rows_written: written,
      }
    } catch (error) {
      throw statementErrorFrom(error, sql, 'run')
    }
  }

  /** Runs several statements separated by semicolons, discarding rows. */
  sequence(sql: string): void {
    if (connectionState.test(sql)) this.#tainted = true
    const [totalBefore] = this.#counters()
    this.#stats.statements += countStatements(sql)
    try {
      this.#conn.exec(sql)
    } catch (error) {
      throw statementErrorFrom(error, sql, /syntax error|incomplete input|unrecognized token/.test(String(error)) ? 'prepare' : 'run')
    } finally {
      this.#stats.rowsWritten += this.#counters()[0] - totalBefore
    }
  }

  describe(sql: string): HranaDescribeResult {
    const prepared = this.prepare(sql)
    const isExplain = explainPrefix.test(sql)
    return {
      params: sqlParams(sql).map((name) => ({ name })),
      cols: prepared.reader ? prepared.columns().map((c) => ({ name: c.name, decltype: c.decltype })) : [],
      is_explain: isExplain,
      // sqlite3_stmt_readonly(): transaction control and EXPLAIN are read-only, anything that opens a write
      // transaction (TEMP included) is not.
      is_readonly: isExplain || transactionControl.test(sql) || !(this.#plans.writes(sql, this.#conn)?.any ?? false),
    }
  }

  /** Rolls back an open transaction without counting it (a stream that expires, closes or loses its lock). */
  rollback(): void {
    if (this.#conn.inTransaction) this.#conn.exec('ROLLBACK')
  }

  close(): void {
    try {
      this.rollback()
    } finally {
      this.#conn.close()
    }
  }

  /** Runs SQL for the test helper `emulator.query`, outside the counters; rows come back as objects. */
  query(sql: string, args: readonly SqlValue[]): Record<string, SqlValue>[] {
    const prepared = this.#conn.prepare(sql)
    if (!prepared.reader) {
      prepared.run(args)
      return []
    }
    const names = prepared.columns().map((c) => c.name)
    return prepared.all(args).map((row) => Object.fromEntries(names.map((name, i) => [name, row[i] ?? null])))
  }

  #counters(): [total: number, changes: number, lastInsertRowid: bigint] {
    const row = this.#changes.first([]) ?? []
    return [Number(row[0] ?? 0), Number(row[1] ?? 0), typeof row[2] === 'bigint' ? row[2] : 0n]
  }
}
