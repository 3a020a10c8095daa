import { Dexie, type EntityTable, type Transaction } from 'dexie'
import type { RowOf, SyncedTableName, TableName } from '../schema/tables'
import { tables } from '../schema/tables'
import type { CaptureContext, Row } from '../core/ports'
import { createCaptureMiddleware } from './capture'
import { BASE, OUTBOX, QUARANTINE, storesV1, storesV2, type BaseSnapshot, type OutboxEntry } from './layout'
import { createSecretStripper } from './stripSecrets'
import { createDexieLocalStore } from './store'
import type { LocalStore, QuarantinedChange } from '../core/ports'

type KeyName<T extends TableName> = (typeof tables)[T]['key'] extends readonly [infer K extends string] ? K : never

export type MirroredTables = {
  [T in TableName]: EntityTable<RowOf<T>, KeyName<T> extends keyof RowOf<T> ? KeyName<T> : never>
}

export interface LocalDatabaseOptions {
  /** Field names (besides the built-in list) that never reach IndexedDB. */
  secretFields?: readonly string[]
  /** Use another IndexedDB implementation (tests, fake-indexeddb). */
  indexedDB?: IDBFactory
  IDBKeyRange?: typeof IDBKeyRange
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
   * Runs `fn` in a read-write transaction whose writes are NOT captured (the engine applying server rows, I5).
   */
  applyRemote<R>(tableNames: readonly string[], fn: (tx: Transaction) => Promise<R>): Promise<R>
  context(): CaptureContext | undefined
  /** The extra secret field names given to `createLocalDatabase` (the zustand middleware keeps them in memory). */
  readonly secretFields: ReadonlySet<string>
  /**
   * This database's secret rule: `row` without its secret fields, at any depth (the capture applies it to every
   * write; apply it to pulled rows before they are stored).
   */
  stripSecrets(table: SyncedTableName, row: Row): Row
}

/**
 * Opens (lazily, on first use) the Dexie database with the 11 mirrored tables and the sync tables.
 * Every write to a synced table through it is captured into the outbox in the same transaction (I4).
 */
export const createLocalDatabase = (name: string, options: LocalDatabaseOptions = {}): SyncDatabase => {
  const dexieOptions: ConstructorParameters<typeof Dexie>[1] = {}
  if (options.indexedDB !== undefined) dexieOptions.indexedDB = options.indexedDB
  if (options.IDBKeyRange !== undefined) dexieOptions.IDBKeyRange = options.IDBKeyRange
  const db = new Dexie(name, dexieOptions) as SyncDatabase

  db.version(1).stores(storesV1())
  db.version(2)
    .stores(storesV2())
    .upgrade(async (tx) => {
      // v1 rows written before the HLC column existed get an empty clock, which orders before any real edit.
      for (const table of Object.keys(tables) as TableName[]) {
        if (!('hlc' in Object.fromEntries(tables[table].columns.map((c) => [c.name, true])))) continue
        await tx
          .table(table)
          .toCollection()
          .modify((row: Row) => {
            if (typeof row['hlc'] !== 'string') row['hlc'] = ''
          })
      }
    })

  let context: CaptureContext | undefined
  const remoteTransactions = new WeakSet<object>()
  const strip = createSecretStripper(options.secretFields ?? [])
  db.use(
    createCaptureMiddleware({
      context: () => context,
      strip,
      remoteTransactions,
    }),
  )

  const controls: LocalSyncControls = {
    applyRemote: (tableNames, fn) =>
      db.transaction('rw', [...tableNames], (tx) => {
        remoteTransactions.add(tx.idbtrans)
        return fn(tx)
      }),
    context: () => context,
    secretFields: new Set(options.secretFields ?? []),
    stripSecrets: strip,
  }
  const store = createDexieLocalStore(db, controls, (next) => {
    context = next
  })
  Object.defineProperty(db, 'sync', { value: Object.assign(store, controls), enumerable: false })
  return db
}
