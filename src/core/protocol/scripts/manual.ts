import { keyOf, tables, type SyncedTableName } from '../../../schema/tables'
import type { Row } from '../../ports'
import { BASE, basePk, type BaseSnapshot } from '../layout'
import { isTombstone, keyColumnsOf, sameData, versionOf } from '../record'
import { stampEdit } from '../stamp'
import type { TxPort } from '../port'
import { requeue } from './settle'
import { removeEntries, unsentSlot } from './slots'
import { rowKey, type ScriptTools } from './tools'

export interface HeldDecision {
  readonly table: SyncedTableName
  readonly key: string
  /** The user's decision over the current local row and the server row (`planManualResolution`). */
  readonly resolve: (current: Row | null, server: Row | null) => { fields: Row | null; copy?: Row }
  /** The archive row that records the decision. */
  readonly archive: (resolved: Row | null, server: Row | null, current: Row | null) => Row
}

/** A fresh local edit the sync layer makes on the user's behalf, based on its own version. */
const stampLocal = (t: ScriptTools, row: Row): Row =>
  stampEdit({ userId: t.context()?.userId ?? '', deviceId: t.context()?.deviceId ?? '', now: t.now, tick: t.tick, newId: t.newId }, row, row)

/**
 * Applies a user's decision on a held conflict (one transaction, R6, I12): the held entry leaves the outbox; the
 * record becomes the decision (the server row itself when they agree, nothing to send; otherwise a new edit based on
 * the server version); a keep-both copy is a new record; the archive row is updated with its own clock and id.
 */
export const resolveHeldScript = async (port: TxPort, t: ScriptTools, { table, key, resolve, archive }: HeldDecision): Promise<void> => {
  const kv = rowKey(table, { [tables[table].key[0] as string]: key })
  const current = (await port.get(table, kv)) ?? null
  const server = ((await port.get(BASE, basePk(table, key))) as BaseSnapshot | undefined)?.row ?? null
  const held = await unsentSlot(port, table, key)
  if (held.entry !== undefined) await removeEntries(port, [held.pk])
  const { fields, copy } = resolve(current, server)
  const serverVersion = versionOf(server ?? current)
  let resolved: Row | null = null
  if (fields === null) {
    await port.delete(table, kv)
  } else {
    const next: Row = { ...(server ?? current ?? {}), ...fields, sync_version: serverVersion, server_seq: (server ?? current)?.['server_seq'] ?? 0 }
    if (server !== null && !isTombstone(server) && sameData(next, server)) {
      resolved = server
      await port.put(table, server)
    } else {
      resolved = stampLocal(t, next)
      await port.put(table, resolved)
      await requeue(port, t, { table, key, row: resolved, baseVersion: serverVersion, keyColumns: keyColumnsOf(table, resolved) })
    }
  }
  if (copy !== undefined) {
    const row = stampLocal(t, { ...copy, sync_version: 0, server_seq: 0 })
    await port.put(table, row)
    await requeue(port, t, { table, key: keyOf(table, row), row, baseVersion: 0, keyColumns: keyColumnsOf(table, row) })
  }
  // A new write of the archive row: its own clock and mutation id (reusing the held row's would read as a retry the
  // server already applied, and the decision would never reach it).
  const record = stampLocal(t, archive(resolved, server, current))
  await port.put('sync_conflicts_archive', record)
  // The archive row was uploaded when the conflict was held: the decision updates it, based on that version.
  await requeue(port, t, { table: 'sync_conflicts_archive', key: String(record['id']), row: record, baseVersion: versionOf(record), keyColumns: { id: record['id'] } })
}
