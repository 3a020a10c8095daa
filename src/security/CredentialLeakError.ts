import type { CredentialFinding, CredentialKind } from './types'

export interface CredentialLeakErrorOptions {
  readonly table?: string | undefined
  readonly recordId?: string | undefined
  /** The path of the first finding (`parameters.password`, `requests[1].batch.steps[4].stmt.args[2]`). */
  readonly field: string
  readonly kind: CredentialKind
  /** Every finding; the engine maps `requests[i].batch.steps[j]` back to the records it sent. */
  readonly findings?: readonly CredentialFinding[] | undefined
  readonly cause?: unknown
}

/**
 * Thrown (or used to quarantine a record) when a credential would leave the device. The message names the table,
 * record id, field path and kind, and never the value: errors are logged, shown and reported.
 */
export class CredentialLeakError extends Error {
  override readonly name = 'CredentialLeakError'
  readonly code = 'CREDENTIAL_LEAK' as const
  readonly table: string | undefined
  readonly recordId: string | undefined
  readonly field: string
  readonly kind: CredentialKind
  readonly findings: readonly CredentialFinding[]

  constructor(options: CredentialLeakErrorOptions) {
    const where = [
      options.table === undefined ? undefined : `table ${options.table}`,
      options.recordId === undefined ? undefined : `record ${options.recordId}`,
      `field ${options.field === '' ? '(value)' : options.field}`,
    ].filter((part) => part !== undefined)
    const more = (options.findings?.length ?? 1) > 1 ? ` (+${(options.findings?.length ?? 1) - 1} more)` : ''
    super(`Credential (${options.kind}) blocked from leaving the device: ${where.join(', ')}${more}`, {
      cause: options.cause,
    })
    this.table = options.table
    this.recordId = options.recordId
    this.field = options.field
    this.kind = options.kind
    this.findings = options.findings ?? [{ path: options.field, kind: options.kind }]
  }

  /** Builds the error for a non-empty list of findings. */
  static fromFindings(
    findings: readonly CredentialFinding[],
    context: { readonly table?: string | undefined; readonly recordId?: string | undefined } = {},
  ): CredentialLeakError {
    const first = findings[0] ?? { path: '', kind: 'secret-field' as const }
    return new CredentialLeakError({ ...context, field: first.path, kind: first.kind, findings })
  }
}

/**
 * Recognises a CredentialLeakError across bundles and realms (two copies of this package, a structured clone from
 * a worker), where `instanceof` fails: it checks the `code`, not the class.
 */
export const isCredentialLeakError = (error: unknown): error is CredentialLeakError =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'CREDENTIAL_LEAK'
