import type { DBCore, DBCoreMutateRequest, DBCoreTable, DBCoreTransaction, Middleware } from 'dexie'
import type { SyncedTableName } from '../../schema/tables'
import type { Row } from '../../core/ports'
import { isSyncedTable } from '../layout'
import { copyOrigin } from '../../schema/record'
import { secretPartOf, type SecretVault } from './secretVault'

type Op = (vault: SecretVault) => void

/**
 * Sits above the write capture and sees every write to a synced table, whoever makes it: a row written with secret
 * fields hands them to the vault (the capture then strips them), and a record deleted by the app, by a pulled
 * tombstone or by a reconcile's purge loses its secrets. Both happen only once the transaction has committed.
 */
export const createSecretKeeper = (
  vault: SecretVault,
  strip: (table: SyncedTableName, row: Row) => Row,
  /** Transactions applying server rows: they carry no secret of the user's, and must not overwrite one. */
  uncaptured: WeakSet<object>,
): Middleware<DBCore> => {
  const pending = new WeakMap<object, Op[]>()
  const after = (trans: DBCoreTransaction, op: Op): void => {
    let ops = pending.get(trans)
    if (ops === undefined) {
      const list: Op[] = (ops = [])
      pending.set(trans, list)
      // A DBCore transaction is the IDBTransaction itself; it ends in `complete` or `abort`, and an aborted one
      // keeps and forgets nothing.
      const idb = trans as unknown as IDBTransaction
      vault.track(
        new Promise<void>((resolve) => {
          idb.addEventListener('complete', () => {
            list.forEach((run) => run(vault))
            resolve()
          })
          idb.addEventListener('abort', () => resolve())
        }),
      )
    }
    ops.push(op)
  }
  return {
    stack: 'dbcore',
    name: 'howlerops-sync-secrets',
    // Above the capture (level 10): it must see the row before the capture strips it.
    level: 11,
    create: (down) => ({
      ...down,
      table(name) {
        const table = down.table(name)
        if (!isSyncedTable(name)) return table
        return { ...table, mutate: (req) => mutate(table, name, req) }
      },
    }),
  }

  async function mutate(table: DBCoreTable, name: SyncedTableName, req: DBCoreMutateRequest): ReturnType<DBCoreTable['mutate']> {
    if (req.type === 'deleteRange') {
      const found = await table.query({ trans: req.trans, values: false, query: { index: table.schema.primaryKey, range: req.range } })
      const res = await table.mutate(req)
      const keys = (found.result as unknown[]).map(String)
      if (keys.length > 0) after(req.trans, (v) => v.forget(name, keys))
      return res
    }
    if (req.type === 'delete') {
      const res = await table.mutate(req)
      const keys = req.keys.filter((_, i) => res.failures[i] === undefined).map(String)
      if (keys.length > 0) after(req.trans, (v) => v.forget(name, keys))
      return res
    }
    if (uncaptured.has(req.trans)) {
      const res = await table.mutate(req)
      keepForCopies(table, name, req, res)
      return res
    }
    const parts = req.values.map((value: Row, i) => {
      const part = secretPartOf(value, strip(name, value))
      const key = table.schema.primaryKey.extractKey?.(value) ?? req.keys?.[i]
      return part === undefined || key === undefined ? undefined : { key: String(key), part }
    })
    const res = await table.mutate(req)
    parts.forEach((found, i) => {
      if (found !== undefined && res.failures[i] === undefined) after(req.trans, (v) => v.keep(name, found.key, found.part))
    })
    keepForCopies(table, name, req, res)
    return res
  }

  /**
   * A keep-both copy this device makes of a record is this device's own version of it: it keeps the secrets typed
   * here for the record (the user's "use my version" still connects). Only a row the sync layer marked as a copy
   * when it made it names its origin: a record whose key merely looks like a copy's (an app's own id) gets nothing,
   * and neither does a copy pulled from another device (that device's version; it has a server sequence).
   */
  function keepForCopies(table: DBCoreTable, name: SyncedTableName, req: Extract<DBCoreMutateRequest, { type: 'add' | 'put' }>, res: Awaited<ReturnType<DBCoreTable['mutate']>>): void {
    req.values.forEach((value: Row, i) => {
      if (res.failures[i] !== undefined || Number(value['server_seq'] ?? 0) > 0) return
      const origin = copyOrigin(value)
      const key = table.schema.primaryKey.extractKey?.(value) ?? req.keys?.[i]
      if (origin !== undefined && typeof key === 'string') after(req.trans, (v) => v.copy(name, origin, key))
    })
  }
}
