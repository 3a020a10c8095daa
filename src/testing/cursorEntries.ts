import type { HranaBatchResult } from './hrana/protocol.js'

/** Turns a batch result into the Hrana 3 cursor entries (`step_begin`, `row`…, `step_end` or `step_error`). */
export const cursorEntries = (result: HranaBatchResult): unknown[] =>
  result.step_results.flatMap((stepResult, step): unknown[] => {
    const error = result.step_errors[step]
    if (error) return [{ type: 'step_error', step, error }]
    if (!stepResult) return []
    return [
      { type: 'step_begin', step, cols: stepResult.cols },
      ...stepResult.rows.map((row) => ({ type: 'row', row })),
      {
        type: 'step_end',
        affected_row_count: stepResult.affected_row_count,
        last_insert_rowid: stepResult.last_insert_rowid,
      },
    ]
  })
