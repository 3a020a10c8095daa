/**
 * The rule a record broke.
 *
 * - `not-null`: a NOT NULL column is missing or null (and has no DEFAULT).
 * - `type`: the value is outside the column's value domain (`valueDomain.ts`): a float or BigInt in an INTEGER
 *   column, a number in a TEXT column, NaN, -0, a lone surrogate.
 * - `check`: a CHECK constraint of `schema.sql` is false (enum, 0/1 flag, range, JSON validity).
 * - `unknown-column`: the record carries a field that is not a column of the table.
 * - `natural-key`: the record's id is not the one its natural key derives (user_preferences, {@link preferenceId}).
 * - `user`: a server row that belongs to another user.
 * - `size`: the record is larger than {@link MAX_RECORD_BYTES} (strings as UTF-8, JSON serialized).
 */
export type SchemaRule = 'not-null' | 'type' | 'check' | 'unknown-column' | 'natural-key' | 'user' | 'size'

export interface SchemaViolation {
  readonly table: string
  /** The record key (`keyOf`), or `undefined` when the record has none. */
  readonly key: string | undefined
  readonly column: string
  readonly rule: SchemaRule
  /** The name of the broken CHECK in `schema.sql`, for `check`. */
  readonly constraint?: string
  /** What the rule expects, e.g. `INTEGER` for `type`. Never the value itself. */
  readonly expected?: string
}

const explain = (v: SchemaViolation): string => {
  switch (v.rule) {
    case 'not-null':
      return 'is required (NOT NULL)'
    case 'type':
      return `must be ${v.expected ?? 'of the column type'} (STRICT)`
    case 'check':
      return `breaks CHECK ${v.constraint ?? ''}`.trimEnd()
    case 'unknown-column':
      return 'is not a column of the table'
    case 'natural-key':
      return `must be ${v.expected ?? 'derived from the natural key'}`
    case 'user':
      return "is not this user's"
    case 'size':
      return `makes the record larger than ${v.expected ?? 'the limit'}`
  }
}

/** The message of a violation: table, key, column and rule, never the value (it may be private). */
export const describeViolation = (v: SchemaViolation): string =>
  `${v.table} record ${v.key ?? '(without key)'}: column ${v.column} ${explain(v)} [${v.rule}]`

/**
 * A write the server would refuse, refused at the write. Thrown by every write to a synced table (`put`, `add`,
 * `bulkPut`, `update`, `syncedPersist`) before anything of it is stored or queued.
 */
export class SchemaError extends Error implements SchemaViolation {
  override readonly name = 'SchemaError'
  readonly table: string
  readonly key: string | undefined
  readonly column: string
  readonly rule: SchemaRule
  readonly constraint?: string
  readonly expected?: string

  constructor(violation: SchemaViolation, options?: { cause?: unknown }) {
    super(describeViolation(violation), options)
    this.table = violation.table
    this.key = violation.key
    this.column = violation.column
    this.rule = violation.rule
    if (violation.constraint !== undefined) this.constraint = violation.constraint
    if (violation.expected !== undefined) this.expected = violation.expected
  }
}

export const isSchemaError = (error: unknown): error is SchemaError => error instanceof SchemaError
