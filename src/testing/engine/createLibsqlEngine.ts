import { decodeWrappedRow, explainableSql, textAsBytesSql } from './readsText.js'
import type { SqlColumn, SqlConnection, SqlEngine, SqlRunResult, SqlStatement, SqlValue } from './SqlEngine.js'

/** The part of the native `libsql` package (better-sqlite3 API) this adapter uses. */
interface NativeStatement {
  readonly reader: boolean
  raw(toggle?: boolean): NativeStatement
  safeIntegers(toggle?: boolean): NativeStatement
  columns(): { name: string; type: string | null }[]
  all(args: unknown[]): unknown[]
  get(args: unknown[]): unknown
  run(args: unknown[]): { changes: number; lastInsertRowid: number | bigint }
}
interface NativeDatabase {
  readonly inTransaction: boolean
  prepare(sql: string): NativeStatement
  exec(sql: string): void
  close(): void
}
type NativeDatabaseConstructor = new (path: string) => NativeDatabase

let nativeModule: Promise<NativeDatabaseConstructor> | undefined

/** Loads the native module on first use, so importing the testing subpath never loads a native binary. */
const loadNative = (): Promise<NativeDatabaseConstructor> => {
  nativeModule ??= import('libsql').then(
    (mod: { default: unknown }) => mod.default as NativeDatabaseConstructor,
    (cause: unknown) => {
      nativeModule = undefined
      throw new Error('The Turso emulator runs on the native libsql package, which @libsql/client installs: npm install @libsql/client', { cause })
    },
  )
  return nativeModule
}

/*
 * `all()` leaves the statement un-reset until its next execution; a cached statement in that state can make a
 * later COMMIT fail with "SQL statements in progress", so cached statements use `first()` (which resets).
 * The native binding aborts the process on some inputs (booleans, objects with numeric keys), so arguments are
 * always bound as an array of the SqlValue types, never as an object. Rows of a query or a RETURNING are read through
 * `textAsBytesSql` (see readsText.ts), prepared on first read.
 */
const toStatement = (db: NativeDatabase, native: NativeStatement, sql: string): SqlStatement => {
  let wrapped: NativeStatement | null | undefined
  const columnCount = native.reader ? native.columns().length : 0
  const reading = (): { statement: NativeStatement; decode: boolean } => {
    if (wrapped === undefined) {
      wrapped = null
      const names = columnCount === 0 ? [] : native.columns().map((c) => c.name)
      for (const candidate of textAsBytesSql(sql, columnCount, names)) {
        try {
          wrapped = db.prepare(candidate)
          break
        } catch {
          // SQLite does not take this rewrite (a DML after WITH as a CTE body, a bare alias): try the next one.
        }
      }
    }
    return wrapped === null ? { statement: native, decode: false } : { statement: wrapped, decode: true }
  }
  return {
    reader: native.reader,
    columns: (): SqlColumn[] => native.columns().map((c) => ({ name: c.name, decltype: c.type })),
    all: (args: readonly SqlValue[]): SqlValue[][] => {
      const { statement, decode } = reading()
      const rows = statement.raw(true).safeIntegers(true).all([...args]) as unknown[][]
      return (decode ? rows.map((row) => decodeWrappedRow(row, columnCount)) : rows) as SqlValue[][]
    },
    first: (args: readonly SqlValue[]): SqlValue[] | undefined => {
      const { statement, decode } = reading()
      const row = statement.raw(true).safeIntegers(true).get([...args]) as unknown[] | undefined
      return (row !== undefined && decode ? decodeWrappedRow(row, columnCount) : row) as SqlValue[] | undefined
    },
    run: (args: readonly SqlValue[]): SqlRunResult => {
      const result = native.safeIntegers(true).run([...args])
      return { changes: result.changes, lastInsertRowid: BigInt(result.lastInsertRowid) }
    },
  }
}

/** The engine backed by the native `libsql` npm package (Node only). */
export const createLibsqlEngine = (): SqlEngine => ({
  open: async (path: string): Promise<SqlConnection> => {
    const Database = await loadNative()
    const db = new Database(path)
    return {
      prepare: (sql: string): SqlStatement => toStatement(db, db.prepare(explainableSql(sql)), sql),
      exec: (sql: string): void => db.exec(sql),
      get inTransaction(): boolean {
        return db.inTransaction
      },
      close: (): void => db.close(),
    }
  },
})
