import { tables, type SyncedTableName } from '../../../schema/tables'
import type { OutgoingChange, QuarantinedChange, Row } from '../../ports'
import { BASE, QUARANTINE, STATE, UNUSABLE, basePk, quarantinePk, type BaseSnapshot } from '../layout'
import { isTombstone, keyColumnsOf, versionOf } from '../record'
import type { UnusableRow } from '../unusable'
import type { TxPort } from '../port'
import { requeue } from './settle'
import { removeSent } from './slots'
import { rowKey, type ScriptTools } from './tools'

/** A change the server refused (R8, R9): it leaves the outbox and waits in the quarantine for the user. */
export const quarantineScript = async (port: TxPort, change: OutgoingChange, error: Omit<QuarantinedChange, 'table' | 'key' | 'mutationId'>): Promise<void> => {
  await removeSent(port, change.table, change.key, change.mutationId)
  await port.put(QUARANTINE, { pk: quarantinePk(change.table, change.key), table: change.table, key: change.key, mutationId: change.mutationId, ...error })
}

/**
 * The user's retry or discard of a quarantined record (one transaction). A server version set aside (R14) is only
 * dismissed from the list. A retry queues the record again as a new mutation; a discard takes the server version the
 * pull held while the change was refused, else the merge base, else (never synced) deletes the record.
 */
export const releaseQuarantineScript = async (port: TxPort, t: ScriptTools, table: SyncedTableName, key: string, action: 'retry' | 'discard'): Promise<void> => {
  const pulled = ((await port.get(STATE, UNUSABLE))?.['v'] ?? []) as UnusableRow[]
  if (pulled.some((u) => u.table === table && u.key === key)) {
    await port.put(STATE, { k: UNUSABLE, v: pulled.filter((u) => u.table !== table || u.key !== key) })
    if ((await port.get(QUARANTINE, quarantinePk(table, key))) === undefined) return
  }
  const held = ((await port.get(QUARANTINE, quarantinePk(table, key))) as { server?: Row } | undefined)?.server
  await port.delete(QUARANTINE, quarantinePk(table, key))
  const kv = rowKey(table, { [tables[table].key[0] as string]: key })
  const row = (await port.get(table, kv)) ?? null
  if (row === null) return
  if (action === 'discard' && held !== undefined) {
    if (isTombstone(held)) await port.delete(table, kv)
    else await port.put(table, held)
    await port.delete(BASE, basePk(table, key))
    return
  }
  if (action === 'retry') {
    await requeue(port, t, { table, key, row: { ...row, mutation_id: t.newId() }, baseVersion: versionOf(row), keyColumns: keyColumnsOf(table, row) })
    return
  }
  const base = ((await port.get(BASE, basePk(table, key))) as BaseSnapshot | undefined)?.row
  if (base !== undefined) await port.put(table, base)
  else if (versionOf(row) === 0) await port.delete(table, kv)
}
