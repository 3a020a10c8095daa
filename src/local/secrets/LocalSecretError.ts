import { SyncError } from '../../core/errors'

export type LocalSecretOperation = 'read' | 'write' | 'remove' | 'clear'

/**
 * The local secret store failed (quota, a missing or changed device key after a browser reset, storage disabled).
 * Reported through `createLocalDatabase({ onLocalSecretError })`, never thrown into a write: the record's other
 * fields are stored and sync as usual, only its secret is missing. The message names the table and record, never
 * a value; `cause` is the storage's own error.
 */
export class LocalSecretError extends SyncError {
  override readonly name: string = 'LocalSecretError'
  readonly operation: LocalSecretOperation
  readonly table: string | undefined
  readonly recordId: string | undefined

  constructor(operation: LocalSecretOperation, target: { table?: string; key?: string }, cause: unknown) {
    const what = target.table === undefined ? 'the local secret store' : `the secrets of ${target.table} "${target.key ?? ''}"`
    super('local', `Could not ${operation} ${what}`, { cause, transient: false })
    this.operation = operation
    this.table = target.table
    this.recordId = target.key
  }
}

export const isLocalSecretError = (error: unknown): error is LocalSecretError => error instanceof LocalSecretError
