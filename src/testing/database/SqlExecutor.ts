import type { SqlConnection, SqlValue } from '../engine/SqlEngine.js'
import { isSqlEngineError } from '../engine/SqlEngine.js'
import { StatementError } from '../errors.js'
import type { HranaDescribeResult, HranaStmt, HranaStmtResult } from '../hrana/protocol.js'
import { countStatements, sqlParams } from '../hrana/sqlParams.js'
import { decodeValue, encodeValue } from '../hrana/values.js'
import { createScanEstimator } from './createScanEstimator.js'

/** Usage counters of one database. */
export interface DatabaseStats {
  /** HTTP pipeline and cursor requests that reached the database. */
  requests: number
  /** SQL statements executed (each statement of a `sequence` counts). */
  statements: number
  /**
   * Rows read, approximating Turso's "rows scanned" billing: per statement, the larger of (a) the row counts of the
   * tables its query plan reads with a full SCAN and (b) the rows it returned plus, when the plan locates rows
   * (SCAN or SEARCH), the rows it changed. The native `libsql` package does not expose libSQL's own counter.
   */
  rowsRead: number
  /** Rows written: the `total_changes()` delta of each statement, so rows written by triggers count too. */
  rowsWritten: number
}

/** The per-stream state a statement needs. */
export interface StatementScope {
  readonly sqls: ReadonlyMap<number, string>
  lastInsertRowid: string
}

const toStatementError = (error: unknown): StatementError =>
  error instanceof StatementError
    ? error
    : isSqlEngineError(error)
      ? new StatementError(error.code, `SQLite error: ${error.message}`, { cause: error })
      : new StatementError('INTERNAL_ERROR', error instanceof Error ? error.message : String(error), { cause: error })

const stripPrefix = (name: string): string => (/^[:@$?]/.test(name) ? name.slice(1) : name)

/** Executes statements on one connection and keeps the database's counters. */
export class SqlExecutor {
  readonly stats: DatabaseStats = { requests: 0, statements: 0, rowsRead: 0, rowsWritten: 0 }
  readonly #conn: SqlConnection
  readonly #scanned: (sql: string) => number
  readonly #changes

  constructor(conn: SqlConnection) {
    this.#conn = conn
    this.#scanned = createScanEstimator(conn)
    this.#changes = conn.prepare('SELECT total_changes(), changes(), last_insert_rowid()')
  }

  get inTransaction(): boolean {
    return this.#conn.inTransaction
  }

  resolveSql(source: { sql?: string | null; sql_id?: number | null }, scope: StatementScope): string {
    if (typeof source.sql === 'string') return source.sql
    const sql = scope.sqls.get(source.sql_id ?? -1)
    if (sql === undefined) throw new StatementError('SQL_NOT_FOUND', `SQL text ${source.sql_id} is not stored`)
    return sql
  }

  /** Runs one statement; throws StatementError when it fails. */
  execute(stmt: HranaStmt, scope: StatementScope): HranaStmtResult {
    try {
      const sql = this.resolveSql(stmt, scope)
      const args = this.#bind(sql, stmt)
      const prepared = this.#conn.prepare(sql)
      const scanned = this.#scanned(sql)
      const [totalBefore] = this.#counters()
      this.stats.statements += 1
      const rows = prepared.reader ? prepared.all(args) : (prepared.run(args), [])
      const [totalAfter, changes, lastRowid] = this.#counters()
      const written = totalAfter - totalBefore
      const affected = written > 0 ? changes : 0
      if (written > 0) scope.lastInsertRowid = lastRowid.toString()
      const read = Math.max(scanned, rows.length + (/^\s*(INSERT|REPLACE)\b/i.test(sql) ? 0 : affected))
      this.stats.rowsRead += read
      this.stats.rowsWritten += written
      return {
        cols: prepared.reader ? prepared.columns().map((c) => ({ name: c.name, decltype: c.decltype })) : [],
        rows: stmt.want_rows === false ? [] : rows.map((row) => row.map(encodeValue)),
        affected_row_count: affected,
        last_insert_rowid: scope.lastInsertRowid,
        rows_read: read,
        rows_written: written,
      }
    } catch (error) {
      throw toStatementError(error)
    }
  }

  /** Runs several statements separated by semicolons, discarding rows. */
  sequence(sql: string): void {
    try {
      const [totalBefore] = this.#counters()
      this.stats.statements += countStatements(sql)
      this.#conn.exec(sql)
      this.stats.rowsWritten += this.#counters()[0] - totalBefore
    } catch (error) {
      throw toStatementError(error)
    }
  }

  describe(sql: string): HranaDescribeResult {
    try {
      const prepared = this.#conn.prepare(sql)
      const isExplain = /^\s*EXPLAIN\b/i.test(sql)
      return {
        params: sqlParams(sql).map((name) => ({ name })),
        cols: prepared.reader ? prepared.columns().map((c) => ({ name: c.name, decltype: c.decltype })) : [],
        is_explain: isExplain,
        is_readonly: isExplain || (prepared.reader && !/\b(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(sql)),
      }
    } catch (error) {
      throw toStatementError(error)
    }
  }

  /** Rolls back an open transaction without counting it (used when a stream expires or closes mid-transaction). */
  rollback(): void {
    if (this.#conn.inTransaction) this.#conn.exec('ROLLBACK')
  }

  close(): void {
    this.rollback()
    this.#conn.close()
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

  /** Positional arguments, with named arguments placed at their parameter's index (named ones win). */
  #bind(sql: string, stmt: HranaStmt): SqlValue[] {
    const args = (stmt.args ?? []).map(decodeValue)
    const named = stmt.named_args ?? []
    if (named.length === 0) return args
    const params = sqlParams(sql)
    for (const arg of named) {
      const wanted = stripPrefix(arg.name)
      const index = params.findIndex((p) => p !== null && stripPrefix(p) === wanted)
      if (index === -1) throw new StatementError('ARGS_INVALID', `Statement has no parameter named ${arg.name}`)
      while (args.length < index) args.push(null)
      args[index] = decodeValue(arg.value)
    }
    return args
  }

  #counters(): [total: number, changes: number, lastInsertRowid: bigint] {
    const row = this.#changes.first([]) ?? []
    return [Number(row[0] ?? 0), Number(row[1] ?? 0), typeof row[2] === 'bigint' ? row[2] : 0n]
  }
}
