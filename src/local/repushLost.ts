import type { Row } from '../core/ports'
import { planRebase, planRedelete, planRepush, planResend } from '../core/protocol/repush'
import type { OutboxEntry } from '../core/protocol/outbox'
import { isTombstone, keyOf } from '../core/protocol/record'
import type { SyncedTableName } from '../schema/tables'
import { ALL_SYNC_TABLES, QUARANTINE, basePk, behindPk, entryPk } from './layout'
import type { LocalSyncControls } from './syncDatabase'
import { idbKey } from './port'
import { keyColumnsOf, keyValue, requeue, type SettleTools } from './settle'

/**
 * Carries out `planRepush` after a full pull from a restored server (R13), in one uncaptured transaction: a lost
 * version is queued again on top of what the server holds now (its merge base becomes that server row), and a row
 * the server moved past is taken. Returns how many records were queued.
 */
export const repushLost = async (
  t: SettleTools,
  controls: LocalSyncControls,
  server: ReadonlyMap<SyncedTableName, ReadonlyMap<string, Row>>,
  purgedSeq?: number,
): Promise<number> =>
  controls.writeUncaptured([...ALL_SYNC_TABLES], async () => {
    const outbox = await t.outbox.toArray()
    const quarantined = (await t.db.table(QUARANTINE).toArray()) as Array<{ table: string; key: string }>
    let queued = 0
    for (const [table, rows] of server) {
      const busy = new Set([...outbox, ...quarantined].filter((e) => e.table === table).map((e) => e.key))
      // Changes waiting on a version the server lost are based again on what it holds now (or on nothing).
      const parked = new Set(quarantined.filter((e) => e.table === table).map((e) => e.key))
      const waiting = new Map<string, OutboxEntry[]>()
      for (const e of outbox as OutboxEntry[]) if (e.table === table && !parked.has(e.key)) waiting.set(e.key, [...(waiting.get(e.key) ?? []), e])
      const locals = waiting.size === 0 ? new Map<string, Row>() : new Map(((await t.db.table(table).toArray()) as Row[]).map((r) => [keyOf(table, r), r]))
      for (const [key, entries] of waiting) {
        if (entries.some((e) => e.held === 1)) continue
        const base = (await t.bases.get(basePk(table, key)))?.row ?? null
        const resend = planResend({ entries, base, server: rows.get(key) })
        if (resend !== null) {
          // The lost version goes up first, as a retry of itself; the changes behind it, as one queued change on the
          // local row, are rebased on its version when it is acknowledged.
          const ordered = [...entries].sort((x, y) => (x.order < y.order ? -1 : 1))
          const last = ordered[ordered.length - 1] as OutboxEntry
          const first = (ordered[0] as OutboxEntry).order
          for (const e of entries) await t.outbox.delete(e.pk)
          const { row: _frozen, held: _held, ...rest } = last
          // The sent entry holds the record's slot; the queued change waits behind it (`entryPk`).
          await t.outbox.put({ ...rest, pk: behindPk(table, key), sent: 0, order: first, baseVersion: Math.min(...entries.map((e) => e.baseVersion)) })
          await t.outbox.put({
            pk: entryPk(table, key),
            table,
            key,
            op: 'upsert',
            mutationId: resend.mutationId,
            baseVersion: resend.baseVersion,
            // A sent entry goes before any queued change of its record.
            order: first,
            sent: 1,
            keyColumns: keyColumnsOf(table, resend.row),
            row: resend.row,
          })
          continue
        }
        const plan = planRebase({ entries, base, server: rows.get(key) })
        if (plan === null) continue
        for (const e of entries) {
          await t.outbox.put({ ...e, baseVersion: plan.baseVersion, ...(e.row === undefined ? {} : { row: { ...e.row, sync_version: plan.baseVersion } }) })
        }
        const local = locals.get(key)
        if (local !== undefined) await t.db.table(table).put({ ...local, sync_version: plan.baseVersion, server_seq: Number(plan.base?.['server_seq'] ?? 0) })
        if (plan.base === null) await t.bases.delete(basePk(table, key))
        else await t.bases.put({ pk: basePk(table, key), table, key, row: plan.base })
      }
      // Deletes the server lost: the tombstones this device keeps as merge bases (R13).
      const tombstones = ((await t.bases.toArray()) as Array<{ table: string; row: Row }>).filter((b) => b.table === table).map((b) => b.row)
      if (tombstones.some((row) => isTombstone(row))) {
        const current = new Map(((await t.db.table(table).toArray()) as Row[]).map((r) => [keyOf(table, r), r]))
        for (const step of planRedelete({ table, tombstones, locals: current, server: rows, busy })) {
          const local = current.get(step.key)
          if (local !== undefined) await t.db.table(table).delete(idbKey(keyValue(table, local)))
          await t.bases.put({ pk: basePk(table, step.key), table, key: step.key, row: step.server })
          await requeue(t, { table, key: step.key, row: null, baseVersion: Number(step.server['sync_version'] ?? 0), keyColumns: keyColumnsOf(table, step.server) })
          queued += 1
        }
      }
      const steps = planRepush({ table, rows: (await t.db.table(table).toArray()) as Row[], server: rows, busy, deviceId: t.context()?.deviceId, purgedSeq })
      for (const step of steps) {
        if (step.kind === 'align') {
          await t.db.table(table).put(step.row)
          continue
        }
        if (step.kind === 'prune') {
          // Deleted on the server and its tombstone purged before the backup: gone, as a reconcile would find (I6).
          const local = ((await t.db.table(table).toArray()) as Row[]).find((r) => keyOf(table, r) === step.key)
          if (local !== undefined) await t.db.table(table).delete(idbKey(keyValue(table, local)))
          await t.bases.delete(basePk(table, step.key))
          continue
        }
        if (step.kind === 'take') {
          await t.db.table(table).put(step.server)
          await t.bases.put({ pk: basePk(table, step.key), table, key: step.key, row: step.server })
          continue
        }
        if (step.kind === 'contest') {
          // Based on nothing: the server's row meets it as a concurrent edit (no common base known), decided at the push.
          const row = { ...step.row, sync_version: 0, server_seq: 0 }
          await t.db.table(table).put(row)
          await t.bases.delete(basePk(table, step.key))
          await resendLost(t, table, step.key, row, 0)
          queued += 1
          continue
        }
        const base = step.base
        // This device re-authors the lost version (the server records the pusher as its origin).
        const row = { ...step.row, origin_device_id: t.context()?.deviceId ?? step.row['origin_device_id'] ?? null, sync_version: Number(base?.['sync_version'] ?? 0), server_seq: Number(base?.['server_seq'] ?? 0) }
        await t.db.table(table).put(row)
        if (base === null) await t.bases.delete(basePk(table, step.key))
        else await t.bases.put({ pk: basePk(table, step.key), table, key: step.key, row: base })
        await resendLost(t, table, step.key, row, Number(row.sync_version))
        queued += 1
      }
    }
    return queued
  })

/**
 * Queues a lost version to go up again as itself: a sent entry (a retry) with its own mutation and its row frozen.
 * An edit made meanwhile queues behind it and goes up on top of it, so what the server receives descends from the lost
 * version (by version and by clock) and no device holding it takes it for another history; a second device re-sending
 * the same version finds it there as its own echo.
 */
const resendLost = async (t: SettleTools, table: SyncedTableName, key: string, row: Row, baseVersion: number): Promise<unknown> => {
  const mutationId = row['mutation_id']
  if (typeof mutationId !== 'string' || mutationId === '') return requeue(t, { table, key, row, baseVersion, keyColumns: keyColumnsOf(table, row) })
  // The record has nothing queued (`planRepush` skips busy records): its slot is free.
  return t.outbox.put({ pk: entryPk(table, key), table, key, op: 'upsert', mutationId, baseVersion, order: t.tick(), sent: 1, keyColumns: keyColumnsOf(table, row), row })
}
