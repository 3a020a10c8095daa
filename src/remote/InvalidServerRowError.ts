import { MalformedResponseError } from '../core/errors'
import { describeViolation, type SchemaRule, type SchemaViolation } from '../schema/SchemaError'

/**
 * A row from the server that breaks the schema: a wrong type, a NULL in a NOT NULL column, an unknown column,
 * a CHECK, invalid JSON, another user's `user_id`, or a size over {@link MAX_RECORD_BYTES}. A pull sets such a row aside
 * alone (`UnusableRow`): the rest of the page applies and the row is listed beside the quarantine. In a push
 * outcome, the change waits in quarantine.
 */
export class InvalidServerRowError extends MalformedResponseError {
  override readonly name: string = 'InvalidServerRowError'
  readonly table: string
  readonly key: string | undefined
  readonly column: string
  readonly rule: SchemaRule

  constructor(violation: SchemaViolation, cause?: unknown) {
    super(`invalid server row: ${describeViolation(violation)}`, cause)
    this.table = violation.table
    this.key = violation.key
    this.column = violation.column
    this.rule = violation.rule
  }
}
