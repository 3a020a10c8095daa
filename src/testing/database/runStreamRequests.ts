import { StatementError } from '../errors.js'
import type { HranaStreamRequest, HranaStreamResponse, HranaStreamResult } from '../hrana/protocol.js'
import { executeBatch } from './executeBatch.js'
import type { SqlExecutor, StatementScope } from './SqlExecutor.js'

/** The state a Hrana stream keeps between HTTP requests. */
export interface StreamState extends StatementScope {
  readonly sqls: Map<number, string>
  closed: boolean
}

const respond = (request: HranaStreamRequest, stream: StreamState, executor: SqlExecutor): HranaStreamResponse => {
  if (stream.closed) throw new StatementError('STREAM_CLOSED', 'The stream is closed')
  switch (request.type) {
    case 'close':
      stream.closed = true
      return { type: 'close' }
    case 'execute':
      return { type: 'execute', result: executor.execute(request.stmt, stream) }
    case 'batch':
      return { type: 'batch', result: executeBatch(request.batch, executor, stream) }
    case 'sequence':
      executor.sequence(executor.resolveSql(request, stream))
      return { type: 'sequence' }
    case 'describe':
      return { type: 'describe', result: executor.describe(executor.resolveSql(request, stream)) }
    case 'store_sql':
      if (stream.sqls.has(request.sql_id)) {
        throw new StatementError('SQL_ID_IN_USE', `SQL text id ${request.sql_id} is already in use`)
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

/** Runs every request of a pipeline in order; a failing request yields an error result and the rest still run. */
export const runStreamRequests = (
  requests: readonly HranaStreamRequest[],
  stream: StreamState,
  executor: SqlExecutor,
): HranaStreamResult[] =>
  requests.map((request): HranaStreamResult => {
    try {
      return { type: 'ok', response: respond(request, stream, executor) }
    } catch (error) {
      const failure = error instanceof StatementError ? error : new StatementError('INTERNAL_ERROR', String(error))
      return { type: 'error', error: { message: failure.message, code: failure.code } }
    }
  })
