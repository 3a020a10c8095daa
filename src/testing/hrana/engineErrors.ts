import { isSqlEngineError } from '../engine/SqlEngine.js'
import { StatementError } from '../errors.js'

// sqld parses every statement with its own SQL parser before SQLite sees it, so syntax errors never reach SQLite.
const parseError = /syntax error|incomplete input|unrecognized token/i
// Errors SQLite raises while preparing with an error offset; rusqlite turns those into `SqlInputError`.
const inputError = /^(no such (column|table|function|index|view|module)|ambiguous column name|wrong number of arguments to function|misuse of aggregate|no tables specified)\b/i

/** Where a name from the message first appears in the SQL (sqld reports SQLite's own offset). */
const offsetOf = (sql: string, message: string): number => {
  const name = /:\s*(?:[\w]+\.)?([\w]+)\s*$/.exec(message)?.[1]
  return name === undefined ? 0 : Math.max(0, sql.toLowerCase().indexOf(name.toLowerCase()))
}

/** `SQLITE_CONSTRAINT_PRIMARYKEY` → `SQLITE_CONSTRAINT`: sqld reports primary result codes only. */
export const primaryCode = (code: string): string => /^SQLITE_[A-Z]+/.exec(code)?.[0] ?? code

/**
 * Turns what the engine threw into the error sqld would send. `phase` says whether the statement failed while being
 * prepared (parse and input errors) or while running (everything else carries SQLite's primary code).
 */
export const statementErrorFrom = (error: unknown, sql: string, phase: 'prepare' | 'run'): StatementError => {
  if (error instanceof StatementError) return error
  if (!isSqlEngineError(error)) {
    return new StatementError('INTERNAL_ERROR', error instanceof Error ? error.message : String(error), { cause: error })
  }
  if (phase === 'prepare' && parseError.test(error.message)) {
    return new StatementError('SQL_PARSE_ERROR', `SQL string could not be parsed: ${error.message}`, { cause: error })
  }
  if (phase === 'prepare' && inputError.test(error.message)) {
    const message = `SQL input error: ${error.message} (at offset ${offsetOf(sql, error.message)})`
    return new StatementError('SQL_INPUT_ERROR', message, { cause: error })
  }
  return new StatementError(primaryCode(error.code), `SQLite error: ${error.message}`, { cause: error })
}
