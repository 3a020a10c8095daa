import type { SqlStatement } from '../engine/SqlEngine.js'
import type { HranaStmt, HranaStmtResult } from '../hrana/protocol.js'
import type { ResponseBudget } from './ResponseBudget.js'
import type { StreamRuntime } from './StreamRuntime.js'

/**
 * Runs one checked statement on a stream: prepares it (unless already prepared), waits for the write lock when
 * the engine says the statement writes, runs it, and lets the stream hand the lock on when its transaction ended.
 */
export const runStatement = async (
  stream: StreamRuntime,
  sql: string,
  stmt: HranaStmt,
  budget: ResponseBudget,
  prepared?: SqlStatement,
): Promise<HranaStmtResult> => {
  const { executor } = stream
  try {
    stream.checkTimedOut()
    const statement = prepared ?? executor.prepare(sql)
    if (executor.needsWriteLock(sql)) await stream.acquireWrite()
    return executor.run(statement, sql, stmt, budget)
  } finally {
    stream.settle()
  }
}
