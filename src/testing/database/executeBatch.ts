import { StatementError } from '../errors.js'
import type { HranaBatch, HranaBatchResult, HranaCondition } from '../hrana/protocol.js'
import type { SqlExecutor, StatementScope } from './SqlExecutor.js'

const evaluate = (cond: HranaCondition, result: HranaBatchResult, step: number, executor: SqlExecutor): boolean => {
  switch (cond.type) {
    case 'ok':
    case 'error':
      if (cond.step >= step) throw new StatementError('HRANA_PROTO_ERROR', `Condition refers to step ${cond.step}, not before step ${step}`)
      return cond.type === 'ok' ? result.step_results[cond.step] != null : result.step_errors[cond.step] != null
    case 'not':
      return !evaluate(cond.cond, result, step, executor)
    case 'and':
      return cond.conds.every((c) => evaluate(c, result, step, executor))
    case 'or':
      return cond.conds.some((c) => evaluate(c, result, step, executor))
    case 'is_autocommit':
      return !executor.inTransaction
  }
}

/**
 * Runs the steps in order. A failed step is reported in `step_errors` and the batch goes on; a step whose condition
 * is false is skipped (`null` in both arrays).
 */
export const executeBatch = (batch: HranaBatch, executor: SqlExecutor, scope: StatementScope): HranaBatchResult => {
  const result: HranaBatchResult = { step_results: [], step_errors: [] }
  batch.steps.forEach((step, index) => {
    result.step_results.push(null)
    result.step_errors.push(null)
    if (step.condition && !evaluate(step.condition, result, index, executor)) return
    try {
      result.step_results[index] = executor.execute(step.stmt, scope)
    } catch (error) {
      const failure = error instanceof StatementError ? error : new StatementError('INTERNAL_ERROR', String(error))
      result.step_errors[index] = { message: failure.message, code: failure.code }
    }
  })
  return result
}
