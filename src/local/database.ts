import { Dexie } from 'dexie'
import type { TableName } from '../schema/tables'
import { tables } from '../schema/tables'
import type { CaptureContext, Row } from '../core/ports'
import { createCaptureMiddleware } from './capture'
import { LEGACY_SENT_PREFIX, OUTBOX, STATE, behindPk, entryPk, storesV1, storesV2, storesV3, type OutboxEntry } from './layout'
import { createWriterIdentity, readIdentity } from './identity'
import { createSecretStripper } from './stripSecrets'
import { createDexieLocalStore } from './store'
import type { LocalSyncControls, SyncDatabase } from './syncDatabase'
import { createSecretVault } from './secrets/secretVault'
import { createSecretKeeper } from './secrets/keepSecrets'
import { defaultSecrets } from './secrets/defaultSecrets'
import type { LocalSecretStorage } from './secrets/types'
import type { LocalSecretError } from './secrets/LocalSecretError'

export type { LocalSyncControls, MirroredTables, SyncDatabase } from './syncDatabase'

export interface LocalDatabaseOptions {
  /**
   * The signed-in user. Writes are stamped with it from the first one, before any engine exists; an engine
   * configured later remembers its user here too. @default the user of the last engine that ran on this database
   */
  userId?: string
  /** The wall clock for stamps made before an engine is configured (tests). @default Date.now */
  now?: () => number
  /** Field names (besides the built-in list) that never reach IndexedDB. */
  secretFields?: readonly string[]
  /**
   * Where the secret fields stripped from rows are kept on this device, so they survive a reload: `memorySecrets()`,
   * `sessionSecrets()`, `encryptedSecrets({ name })` or your own (an OS keychain). See docs/local-secrets.md.
   * @default encryptedSecrets({ name: `${name}-secrets` }) where IndexedDB and WebCrypto exist, else memorySecrets()
   */
  localSecrets?: LocalSecretStorage
  /** Called when the secret store fails; the record's other fields are stored and synced anyway. @default console.error */
  onLocalSecretError?: (error: LocalSecretError) => void
  /** Use another IndexedDB implementation (tests, fake-indexeddb). */
  indexedDB?: IDBFactory
  IDBKeyRange?: typeof IDBKeyRange
}

/**
 * Opens (lazily, on first use) the Dexie database with the 11 mirrored tables and the sync tables.
 * Every write to a synced table through it is captured into the outbox in the same transaction.
 */
export const createLocalDatabase = (name: string, options: LocalDatabaseOptions = {}): SyncDatabase => {
  const dexieOptions: ConstructorParameters<typeof Dexie>[1] = {}
  if (options.indexedDB !== undefined) dexieOptions.indexedDB = options.indexedDB
  if (options.IDBKeyRange !== undefined) dexieOptions.IDBKeyRange = options.IDBKeyRange
  const db = new Dexie(name, dexieOptions) as SyncDatabase

  const uncaptured = new WeakSet<object>()
  db.version(1).stores(storesV1())
  db.version(2)
    .stores(storesV2())
    .upgrade(async (tx) => {
      // A schema upgrade is not an edit: it is not captured (nothing queued, no new clock).
      uncaptured.add(tx.idbtrans)
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
  db.version(3).stores(storesV3())
  // Version 4 marks an entry sent in its record's slot instead of re-keying it (`entryPk`): a sent entry of version 3
  // moves into the slot, and the unsent entry that waited beside it moves behind it. Same stores.
  db.version(4)
    .stores(storesV3())
    .upgrade(async (tx) => {
      uncaptured.add(tx.idbtrans)
      const outbox = tx.table<OutboxEntry, string>(OUTBOX)
      const sent = await outbox.where(':id').startsWith(LEGACY_SENT_PREFIX).toArray()
      for (const entry of sent) {
        const slot = entryPk(entry.table, entry.key)
        const waiting = await outbox.get(slot)
        if (waiting !== undefined) await outbox.put({ ...waiting, pk: behindPk(entry.table, entry.key) })
        await outbox.put({ ...entry, pk: slot })
        await outbox.delete(entry.pk)
      }
    })

  // The device id exists from the moment the database does, so the very first write is stamped with it (R1).
  db.on('populate', (tx) => {
    void tx.table(STATE).put({ k: 'deviceId', v: crypto.randomUUID() })
  })

  // Deleted or upgraded by another tab, or closed by the browser (R13): closed for good, never silently re-created
  // (Dexie would re-open, and so re-create an empty database, on the next access). The engine stops; the app
  // recovers by opening the database again (a reload) and letting a new engine bind and bootstrap.
  let gone = false
  const goneListeners = new Set<() => void>()
  const closeForGood = (): void => {
    if (gone) return
    gone = true
    db.close({ disableAutoOpen: true })
    // A close the browser started (`onclose`) re-enables auto-open after its listeners ran: close again after it.
    queueMicrotask(() => db.close({ disableAutoOpen: true }))
    for (const listener of goneListeners) listener()
  }
  // Dexie's own handler (which closes but lets the next access re-open) runs after this one, unless this says stop.
  db.on('versionchange', () => {
    closeForGood()
    return false
  })
  db.on('close', closeForGood)

  let context: CaptureContext | undefined
  const strip = createSecretStripper(options.secretFields ?? [])
  const identity = createWriterIdentity(options)
  const local = options.localSecrets
  const secrets = createSecretVault(local === undefined ? defaultSecrets(name, options) : () => local, options.onLocalSecretError ?? console.error)
  db.use(createSecretKeeper(secrets, strip, uncaptured))
  db.use(
    createCaptureMiddleware({
      context: (core, trans) =>
        readIdentity(core, trans).then((stored) => {
          const ready = (ctx: CaptureContext): CaptureContext => {
            // Another tab or an earlier run may have stamped past this clock: continue after it.
            if (stored.hlc !== undefined) ctx.receive(stored.hlc)
            return ctx
          }
          if (context !== undefined) return ready(context)
          const made = identity.fallback(stored, (deviceId) => core.table(STATE).mutate({ type: 'put', trans, values: [{ k: 'deviceId', v: deviceId }] }))
          return 'then' in made ? made.then(ready) : ready(made)
        }),
      strip,
      uncaptured,
    }),
  )

  const controls: LocalSyncControls = {
    writeUncaptured: (tableNames, fn) =>
      db.transaction('rw', [...tableNames], (tx) => {
        uncaptured.add(tx.idbtrans)
        return fn(tx)
      }),
    context: () => context ?? identity.current(),
    secretFields: new Set(options.secretFields ?? []),
    stripSecrets: strip,
    secrets,
  }
  const store = createDexieLocalStore(db, controls, (next) => {
    context = next
  })
  store.onClosed = (listener) => {
    goneListeners.add(listener)
    if (gone) queueMicrotask(listener)
    return () => goneListeners.delete(listener)
  }
  store.destroy = async () => {
    gone = true
    // The secret store may live outside this database (its own IndexedDB database, an OS keychain): clear it first,
    // and still delete the database when it cannot be cleared, then say so.
    const cleared = await secrets.clear().then(() => undefined, (error: unknown) => error)
    await db.delete({ disableAutoOpen: true })
    if (cleared !== undefined) throw cleared
  }
  Object.defineProperty(db, 'sync', { value: Object.assign(store, controls), enumerable: false })
  return db
}
