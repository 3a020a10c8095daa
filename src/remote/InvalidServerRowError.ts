import { MalformedResponseError } from '../core/errors'
import { describeViolation, type SchemaRule, type SchemaViolation } from '../schema/SchemaError'

/**
 * A row from the server that breaks the schema (R7): a wrong type, a NULL in a NOT NULL column, an unknown column,
 * a CHECK, another user's `user_id`, or a size over {@link MAX_RECORD_BYTES}. Nothing of the page that carried it is
 * applied; the cycle fails with this error in status, as any malformed response does.
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
