import type { Dexie, EntityTable, Transaction } from 'dexie'
import type { RowOf, SyncedTableName, TableName, tables } from '../schema/tables'
import type { CaptureContext, LocalStore, QuarantinedChange, Row } from '../core/ports'
import type { SecretVault } from './secrets/secretVault'
import type { BASE, OUTBOX, QUARANTINE, BaseSnapshot, OutboxEntry } from './layout'

/** The types of the database `createLocalDatabase` opens, apart from it so the store's modules need not import it. */

type KeyName<T extends TableName> = (typeof tables)[T]['key'] extends readonly [infer K extends string] ? K : never

export type MirroredTables = {
  [T in TableName]: EntityTable<RowOf<T>, KeyName<T> extends keyof RowOf<T> ? KeyName<T> : never>
}

export type SyncDatabase = Dexie &
  MirroredTables & {
    [OUTBOX]: EntityTable<OutboxEntry, 'pk'>
    [BASE]: EntityTable<BaseSnapshot, 'pk'>
    [QUARANTINE]: EntityTable<QuarantinedChange & { pk: string }, 'pk'>
    /** The engine's port onto this database. */
    readonly sync: LocalStore & LocalSyncControls
  }

export interface LocalSyncControls {
  /**
   * Runs `fn` in a read-write transaction whose writes are NOT captured: nothing is queued, stamped or stripped
   * (the engine applying server rows and acknowledgements, I5).
   */
  writeUncaptured<R>(tableNames: readonly string[], fn: (tx: Transaction) => Promise<R>): Promise<R>
  context(): CaptureContext | undefined
  /** The extra secret field names given to `createLocalDatabase` (the zustand middleware keeps them in memory). */
  readonly secretFields: ReadonlySet<string>
  /**
   * This database's secret rule: `row` without its secret fields, at any depth (the capture applies it to every
   * write; apply it to pulled rows before they are stored).
   */
  stripSecrets(table: SyncedTableName, row: Row): Row
  /** Where the stripped secret fields are kept on this device (`localSecrets`). */
  readonly secrets: SecretVault
}

