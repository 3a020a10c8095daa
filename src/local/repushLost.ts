import type { Row } from '../core/ports'
import { planRepush } from '../core/protocol/repush'
import type { SyncedTableName } from '../schema/tables'
import { ALL_SYNC_TABLES, QUARANTINE, basePk } from './layout'
import type { LocalSyncControls } from './database'
import { keyColumnsOf, requeue, type SettleTools } from './settle'

/**
 * Carries out `planRepush` after a full pull from a restored server (R13), in one uncaptured transaction: a lost
 * version is queued again on top of what the server holds now (its merge base becomes that server row), and a row
 * the server moved past is taken. Returns how many records were queued.
 */
export const repushLost = async (
  t: SettleTools,
  controls: LocalSyncControls,
  server: ReadonlyMap<SyncedTableName, ReadonlyMap<string, Row>>,
): Promise<number> =>
  controls.writeUncaptured([...ALL_SYNC_TABLES], async () => {
    const outbox = await t.outbox.toArray()
    const quarantined = (await t.db.table(QUARANTINE).toArray()) as Array<{ table: string; key: string }>
    let queued = 0
    for (const [table, rows] of server) {
      const busy = new Set([...outbox, ...quarantined].filter((e) => e.table === table).map((e) => e.key))
      const steps = planRepush({ table, rows: (await t.db.table(table).toArray()) as Row[], server: rows, busy })
      for (const step of steps) {
        if (step.kind === 'align') {
          await t.db.table(table).put(step.row)
          continue
        }
        if (step.kind === 'take') {
          await t.db.table(table).put(step.server)
          await t.bases.put({ pk: basePk(table, step.key), table, key: step.key, row: step.server })
          continue
        }
        if (step.kind === 'contest') {
          // Based on nothing: the server's row meets it as a concurrent edit (merge base unknown), decided at the push.
          const row = { ...step.row, origin_device_id: t.context()?.deviceId ?? step.row['origin_device_id'] ?? null, sync_version: 0, server_seq: 0 }
          await t.db.table(table).put(row)
          await t.bases.delete(basePk(table, step.key))
          await requeue(t, { table, key: step.key, row, baseVersion: 0, keyColumns: keyColumnsOf(table, row) })
          queued += 1
          continue
        }
        const base = step.base
        // This device re-authors the lost version (the server records the pusher as its origin).
        const row = { ...step.row, origin_device_id: t.context()?.deviceId ?? step.row['origin_device_id'] ?? null, sync_version: Number(base?.['sync_version'] ?? 0), server_seq: Number(base?.['server_seq'] ?? 0) }
        await t.db.table(table).put(row)
        if (base === null) await t.bases.delete(basePk(table, step.key))
        else await t.bases.put({ pk: basePk(table, step.key), table, key: step.key, row: base })
        await requeue(t, { table, key: step.key, row, baseVersion: Number(row.sync_version), keyColumns: keyColumnsOf(table, row) })
        queued += 1
      }
    }
    return queued
  })
