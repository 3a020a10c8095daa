import type { SqlStatement } from '../engine/SqlEngine.js'
import { HranaProtocolError, StatementError } from '../errors.js'
import type { HranaBatch, HranaBatchResult, HranaCondition } from '../hrana/protocol.js'
import { DEFAULT_MAX_RESPONSE_BYTES } from './ResponseBudget.js'
import { runStatement } from './runStatement.js'
import type { StreamRuntime } from './StreamRuntime.js'

const checkCondition = (cond: HranaCondition, step: number): void => {
  switch (cond.type) {
    case 'ok':
    case 'error':
      if (cond.step >= step) throw new HranaProtocolError('Invalid reference to step in a batch condition')
      return
    case 'not':
      return checkCondition(cond.cond, step)
    case 'and':
    case 'or':
      return cond.conds.forEach((c) => checkCondition(c, step))
    case 'is_autocommit':
      return
  }
}

const evaluate = (cond: HranaCondition, result: HranaBatchResult, stream: StreamRuntime): boolean => {
  switch (cond.type) {
    case 'ok':
      return result.step_results[cond.step] != null
    case 'error':
      return result.step_errors[cond.step] != null
    case 'not':
      return !evaluate(cond.cond, result, stream)
    case 'and':
      return cond.conds.every((c) => evaluate(c, result, stream))
    case 'or':
      return cond.conds.some((c) => evaluate(c, result, stream))
    case 'is_autocommit':
      return !stream.executor.inTransaction
  }
}

const syntaxChecked = (stream: StreamRuntime, sql: string): SqlStatement | undefined => {
  try {
    return stream.executor.prepare(sql)
  } catch (error) {
    // Only what sqld's parser refuses fails the whole batch; a missing table may be created by an earlier step.
    if (error instanceof StatementError && error.code === 'SQL_PARSE_ERROR') throw error
    return undefined
  }
}

/**
 * Runs a batch as sqld does. First every step is parsed: an unknown sql_id or a bad condition breaks the protocol,
 * and a parse error, an empty or multi-statement SQL or mixed arguments fails the whole batch. Then the steps run in
 * order; a failed step is reported in `step_errors` and the batch goes on; a step whose condition is false is
 * skipped (`null` in both arrays). Running out of response size fails the whole batch.
 */
export const executeBatch = async (
  batch: HranaBatch,
  stream: StreamRuntime,
  maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES,
): Promise<HranaBatchResult> => {
  const steps = batch.steps.map((step, index) => {
    const sql = stream.executor.resolveSql(step.stmt, stream)
    if (step.condition) checkCondition(step.condition, index)
    stream.executor.checkShape(sql, step.stmt)
    return { ...step, sql, prepared: syntaxChecked(stream, sql) }
  })
  const budget = { remaining: maxResponseBytes }
  const result: HranaBatchResult = { step_results: [], step_errors: [] }
  for (const [index, step] of steps.entries()) {
    result.step_results.push(null)
    result.step_errors.push(null)
    if (step.condition && !evaluate(step.condition, result, stream)) continue
    try {
      result.step_results[index] = await runStatement(stream, step.sql, step.stmt, budget, step.prepared)
    } catch (error) {
      const failure = error instanceof StatementError ? error : new StatementError('INTERNAL_ERROR', String(error))
      if (failure.code === 'RESPONSE_TOO_LARGE' || failure.code === 'TRANSACTION_TIMEOUT') throw failure
      result.step_errors[index] = { message: failure.message, code: failure.code }
    }
  }
  return result
}
