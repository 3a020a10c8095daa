/**
 * The boundary between the emulator and the SQL engine that really executes statements. The native `libsql`
 * package implements it today (`createLibsqlEngine`); a WebAssembly build can implement it for browsers later.
 * Every method except `open` is synchronous so that a pipeline runs without interleaving.
 */

/** A value as the engine binds and returns it. Integers come back as `bigint`, reals as `number`. */
export type SqlValue = null | bigint | number | string | Uint8Array

export interface SqlColumn {
  readonly name: string
  /** The declared type of the column the value comes from, or `null` for expressions. */
  readonly decltype: string | null
}

export interface SqlRunResult {
  readonly changes: number
  readonly lastInsertRowid: bigint
}

export interface SqlStatement {
  /** Whether the statement returns rows (SELECT, RETURNING, PRAGMA, EXPLAIN). */
  readonly reader: boolean
  columns(): SqlColumn[]
  /** Runs a reader statement and returns its rows as arrays, binding `args` by position (index 0 is `?1`). */
  all(args: readonly SqlValue[]): SqlValue[][]
  /** Runs a reader statement and returns its first row, leaving the statement reset (safe to cache). */
  first(args: readonly SqlValue[]): SqlValue[] | undefined
  /** Runs a statement that returns no rows, binding `args` by position. */
  run(args: readonly SqlValue[]): SqlRunResult
}

export interface SqlConnection {
  prepare(sql: string): SqlStatement
  /** Runs one or more statements separated by semicolons, discarding rows. */
  exec(sql: string): void
  readonly inTransaction: boolean
  close(): void
}

export interface SqlEngine {
  /** Opens a connection; `path` is a file path or `':memory:'`. */
  open(path: string): Promise<SqlConnection>
}

/**
 * What an engine throws for a failed statement. `code` is SQLite's extended result code name, such as
 * `SQLITE_CONSTRAINT_UNIQUE`.
 */
export interface SqlEngineError extends Error {
  readonly code: string
}

export const isSqlEngineError = (error: unknown): error is SqlEngineError =>
  error instanceof Error && typeof (error as { code?: unknown }).code === 'string'
