import type { SqlConnection } from './engine/SqlEngine.js'

const UNIXEPOCH = /\bunixepoch\s*\(\s*(?:'now'\s*,\s*)?('subsec'|"subsec")?\s*\)/gi

/**
 * The emulator's SQL clock. The embedded engine reads the machine's wall clock for `unixepoch()`, and it cannot
 * register functions; when the emulator is given a `now`, the current-time forms of `unixepoch` in each statement
 * read that clock instead, so a test can let server time pass (tombstone retention) without waiting.
 */
export const withServerClock = (conn: SqlConnection, now: (() => number) | undefined): SqlConnection => {
  if (now === undefined) return conn
  const rewrite = (sql: string): string =>
    sql.replace(UNIXEPOCH, (_match, subsec: string | undefined) => {
      const ms = now()
      return subsec === undefined ? `(${Math.floor(ms / 1000)})` : `(${ms / 1000})`
    })
  return {
    prepare: (sql) => conn.prepare(rewrite(sql)),
    exec: (sql) => conn.exec(rewrite(sql)),
    get inTransaction() {
      return conn.inTransaction
    },
    close: () => conn.close(),
  }
}
