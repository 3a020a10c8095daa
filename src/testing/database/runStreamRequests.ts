import { HranaProtocolError, StatementError } from '../errors.js'
import type { HranaStreamRequest, HranaStreamResponse, HranaStreamResult } from '../hrana/protocol.js'
import { executeBatch } from './executeBatch.js'
import { DEFAULT_MAX_RESPONSE_BYTES } from './ResponseBudget.js'
import { runStatement } from './runStatement.js'
import type { StreamRuntime } from './StreamRuntime.js'

/** sqld's limits on `store_sql` (libsql-server/src/hrana/http/request.rs). */
const MAX_STORED_SQLS = 50
const MAX_STORED_SQL_BYTES = 5_000

const respond = async (request: HranaStreamRequest, stream: StreamRuntime, maxResponseBytes: number): Promise<HranaStreamResponse> => {
  if (stream.closed && request.type !== 'store_sql' && request.type !== 'close_sql') {
    throw new HranaProtocolError('Stream for this baton was closed')
  }
  const { executor } = stream
  switch (request.type) {
    case 'close':
      stream.closed = true
      return { type: 'close' }
    case 'execute': {
      const sql = executor.resolveSql(request.stmt, stream)
      executor.checkShape(sql, request.stmt)
      return { type: 'execute', result: await runStatement(stream, sql, request.stmt, { remaining: maxResponseBytes }) }
    }
    case 'batch':
      return { type: 'batch', result: await executeBatch(request.batch, stream, maxResponseBytes) }
    case 'sequence': {
      const sql = executor.resolveSql(request, stream)
      stream.checkTimedOut()
      await stream.acquireWrite()
      try {
        executor.sequence(sql)
      } finally {
        stream.settle()
      }
      return { type: 'sequence' }
    }
    case 'describe':
      return { type: 'describe', result: executor.describe(executor.resolveSql(request, stream)) }
    case 'store_sql':
      if (stream.sqls.has(request.sql_id)) throw new HranaProtocolError(`SQL text ${request.sql_id} already exists`)
      if (stream.sqls.size >= MAX_STORED_SQLS) {
        throw new StatementError('SQL_STORE_TOO_MANY', `The server already stores ${stream.sqls.size} SQL texts, it cannot store more`)
      }
      if (new TextEncoder().encode(request.sql).length > MAX_STORED_SQL_BYTES) {
        throw new StatementError('SQL_STORE_TOO_LARGE', 'The statement is too large to be stored')
      }
      stream.sqls.set(request.sql_id, request.sql)
      return { type: 'store_sql' }
    case 'close_sql':
      stream.sqls.delete(request.sql_id)
      return { type: 'close_sql' }
    case 'get_autocommit':
      return { type: 'get_autocommit', is_autocommit: !executor.inTransaction }
  }
}

/**
 * Runs every request of a pipeline in order. A failing request yields an error result and the rest still run; a
 * protocol error (HranaProtocolError) aborts the whole pipeline, as in sqld.
 */
export const runStreamRequests = async (
  requests: readonly HranaStreamRequest[],
  stream: StreamRuntime,
  maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES,
): Promise<HranaStreamResult[]> => {
  const results: HranaStreamResult[] = []
  for (const request of requests) {
    try {
      results.push({ type: 'ok', response: await respond(request, stream, maxResponseBytes) })
    } catch (error) {
      if (error instanceof HranaProtocolError) throw error
      const failure = error instanceof StatementError ? error : new StatementError('INTERNAL_ERROR', String(error))
      results.push({ type: 'error', error: { message: failure.message, code: failure.code } })
    }
  }
  return results
}
