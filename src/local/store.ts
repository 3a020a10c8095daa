import { Dexie, type Table } from 'dexie'
import { parseHlc } from '../core/hlc'
import { keyOf, SYNCED_TABLES, tables, type SyncedTableName } from '../schema/tables'
import type { ApplyStats, CaptureContext, LocalStore, PersistedState, QuarantinedChange, Row } from '../core/ports'
import { keyInTable, recordId } from '../schema/record'
import { ALL_SYNC_TABLES, BASE, OUTBOX, QUARANTINE, STATE, UNUSABLE, basePk, quarantinePk, type BaseSnapshot, type OutboxEntry } from './layout'
import type { LocalSyncControls, SyncDatabase } from './syncDatabase'
import { groupBy } from './groupBy'
import { keyValue, type SettleTools } from './settle'
import { recountWaitingSessions, settleRecord } from '../core/protocol/scripts/settle'
import { dexiePort, idbKey } from './port'
import { inApplyOrder, sessionsToRecount } from '../core/protocol/applyOrder'
import { isLocalOnly, isTombstone } from '../core/protocol/record'
import { planPrune, planRetiredBases } from '../core/protocol/prune'
import { newestPerRecord, routePulled } from '../core/protocol/settle'
import { planUnusable, type UnusableRow } from '../core/protocol/unusable'
import { acknowledgeScript } from '../core/protocol/scripts/acknowledge'
import { runUncaptured } from './port'
import { takeOutgoingScript } from '../core/protocol/scripts/upload'
import { resolveHeldScript } from '../core/protocol/scripts/manual'
import { quarantineScript, releaseQuarantineScript } from '../core/protocol/scripts/quarantine'
import { repushLost } from './repushLost'

/** The Dexie implementation of the engine's {@link LocalStore} port. Hot paths work in bulk, one call per table. */
export const createDexieLocalStore = (
  db: SyncDatabase,
  controls: LocalSyncControls,
  setContext: (ctx: CaptureContext) => void,
): LocalStore => {
  const outbox: Table<OutboxEntry, string> = db.table(OUTBOX)
  const bases: Table<BaseSnapshot, string> = db.table(BASE)
  const state: Table<{ k: string; v: unknown }, string> = db.table(STATE)
  const inFlight = new Map<string, Row>()
  /**
   * Tables that held nothing but rows this store pulled (a bootstrap), with their row count after the last page
   * applied to them: while the count is unchanged, no one else has written to the table since, and a pulled row
   * needs no lookup (its key can only match a row an earlier page brought, which it replaces).
   */
  const pulledOnly = new Map<string, number>()
  const tools: SettleTools = {
    db,
    outbox,
    bases,
    newId: () => controls.context()?.newId() ?? crypto.randomUUID(),
    tick: () => controls.context()?.tick() ?? '',
    now: () => controls.context()?.now() ?? Date.now(),
    context: () => controls.context(),
  }
  /**
   * Pending entries per record, oldest first; a sent entry always precedes unsent ones (it was taken first, even if a
   * clock that went backwards across a restart stamped the later edit with a smaller order).
   */
  const pendingByKey = async (from: Table<OutboxEntry, string> = outbox): Promise<Map<string, OutboxEntry[]>> => {
    const groups = groupBy(await from.orderBy('order').toArray(), (e) => recordId(e.table, e.key))
    for (const entries of groups.values()) entries.sort((a, b) => b.sent - a.sent)
    return groups
  }

  return {
    name: db.name,
    async loadState(createDeviceId) {
      return db.transaction('rw', [STATE, OUTBOX], async () => {
        const rows = await state.toArray()
        const result: Record<string, unknown> = { cursors: {} }
        for (const { k, v } of rows) result[k] = v
        if (typeof result['deviceId'] !== 'string') {
          result['deviceId'] = createDeviceId()
          await state.put({ k: 'deviceId', v: result['deviceId'] })
        }
        // Edits stamped after the clock was last saved: the clock must restart after them (monotonic across restarts).
        const latest = (await outbox.orderBy('order').last())?.order
        if (latest !== undefined && parseHlc(latest) !== undefined && latest > String(result['hlc'] ?? '')) result['hlc'] = latest
        return result as unknown as PersistedState
      })
    },
    async saveState(patch) {
      await db.transaction('rw', STATE, async () => {
        const entries = Object.entries(patch)
        if (patch.hlc !== undefined) {
          // The clock only moves forward: another tab's capture may have stamped past this engine's clock.
          const stored = (await state.get('hlc'))?.v
          if (typeof stored === 'string' && stored > patch.hlc) entries.splice(entries.findIndex(([k]) => k === 'hlc'), 1)
        }
        await state.bulkPut(entries.map(([k, v]) => ({ k, v })))
      })
    },
    configure: setContext,

    async takeOutgoing(limit) {
      // A cycle begins with its push: what earlier cycles pulled is no longer known to be all a table holds.
      pulledOnly.clear()
      return runUncaptured(controls, ALL_SYNC_TABLES, (port) => takeOutgoingScript(port, limit, inFlight))
    },

    acknowledge: (results, decide) =>
      runUncaptured(controls, ALL_SYNC_TABLES, (port) => acknowledgeScript(port, tools, { results, decide, inFlight, stripSecrets: controls.stripSecrets })),

    resolveHeld: (decision) => runUncaptured(controls, ALL_SYNC_TABLES, (port) => resolveHeldScript(port, tools, decision)),

    releaseQuarantine: (table, key, action) =>
      runUncaptured(controls, [...ALL_SYNC_TABLES, STATE], (port) => releaseQuarantineScript(port, tools, table, key, action)),

    async quarantine(change, error) {
      inFlight.delete(change.mutationId)
      await runUncaptured(controls, [OUTBOX, QUARANTINE], (port) => quarantineScript(port, change, error))
    },

    async advanceCursors(next) {
      await db.transaction('rw', STATE, async () => {
        const current = ((await state.get('cursors'))?.v ?? {}) as Record<string, number>
        const merged = { ...current }
        for (const [table, seq] of Object.entries(next)) if (seq !== undefined && seq > (merged[table] ?? 0)) merged[table] = seq
        await state.put({ k: 'cursors', v: merged })
      })
    },
    async applyPage(page, decide) {
      const stats = { applied: 0, skipped: 0, conflicts: 0 }
      // Secret fields never reach IndexedDB, whoever wrote them (I10): a server row is stripped like a local write.
      const rows = page.rows.map(({ table, row }) => ({ table, row: controls.stripSecrets(table, row) }))
      await controls.writeUncaptured([...ALL_SYNC_TABLES, STATE], async (tx) => {
        // Every request goes through this transaction explicitly: the scripts below are native async functions, and
        // a request that relied on Dexie's zone after them could open a transaction of its own.
        const port = dexiePort(tx)
        const db = tx
        const outbox: Table<OutboxEntry, string> = tx.table(OUTBOX)
        const state: Table<{ k: string; v: unknown }, string> = tx.table(STATE)
        const pending = await pendingByKey(outbox)
        const refused = new Set((await db.table(QUARANTINE).toCollection().primaryKeys()) as string[])
        for (const [table, pulled] of inApplyOrder(groupBy(rows, (r) => r.table))) {
          const name = table as SyncedTableName
          const group = newestPerRecord(name, pulled)
          // A table with no rows yet (a bootstrap), or only the rows earlier pages brought, has nothing to compare with:
          // one key read or count instead of a lookup per row. Only a tombstone is looked up (it deletes what an
          // earlier page brought).
          const known = pulledOnly.get(name)
          const bulk = known !== undefined ? (await db.table(name).count()) === known : (await db.table(name).limit(1).primaryKeys()).length === 0
          const lookup = bulk ? group.flatMap((r, i) => (isTombstone(r.row) ? [i] : [])) : group.map((_, i) => i)
          const locals = new Array<Row | undefined>(group.length)
          if (lookup.length > 0) {
            const found = (await db.table(name).bulkGet(lookup.map((i) => idbKey(keyValue(name, (group[i] as { row: Row }).row))))) as Array<Row | undefined>
            lookup.forEach((at, j) => (locals[at] = found[j]))
          }
          const puts: Row[] = []
          const deletes: unknown[] = []
          for (const [i, { row }] of group.entries()) {
            const entries = pending.get(recordId(name, keyOf(name, row)))
            const refusedPk = quarantinePk(name, keyOf(name, row))
            const route = routePulled(name, row, locals[i], entries !== undefined, refused.has(refusedPk), page.rewound === true ? tools.context()?.deviceId : undefined)
            if (route === 'hold') {
              await db.table(QUARANTINE).update(refusedPk, { server: row })
              stats.skipped += 1
              continue
            }
            if (route === 'settle') {
              const result = await settleRecord(port, tools, name, row, decide, entries ?? [], undefined, page.rewound === true)
              stats[result === 'applied' ? 'applied' : result === 'skipped' ? 'skipped' : 'conflicts'] += 1
              continue
            }
            if (route === 'skip') {
              stats.skipped += 1
              continue
            }
            if (route === 'put') puts.push(row)
            else deletes.push(keyValue(name, row))
            stats.applied += 1
          }
          if (puts.length > 0) await db.table(name).bulkPut(puts)
          if (deletes.length > 0) await db.table(name).bulkDelete(deletes.map(idbKey))
          if (bulk) pulledOnly.set(name, await db.table(name).count())
          else pulledOnly.delete(name)
        }
        // I7: a waiting session change counts the messages this page brought (`sessionsToRecount`).
        await recountWaitingSessions(port, sessionsToRecount(rows))
        const current = ((await state.get('cursors'))?.v ?? {}) as Record<string, number>
        await state.put({ k: 'cursors', v: { ...current, ...page.cursors } })
        const setAside = ((await state.get(UNUSABLE))?.v ?? []) as UnusableRow[]
        if (setAside.length > 0 || (page.unusable?.length ?? 0) > 0) {
          const applied = rows.map(({ table, row }) => ({ table, key: keyOf(table, row) }))
          await state.put({ k: UNUSABLE, v: planUnusable(setAside, { rows: applied, unusable: page.unusable ?? [] }) })
        }
      })
      return stats satisfies ApplyStats
    },

    // A held record waits for the user, not for the network. Device rows are the engine's own bookkeeping (this
    // device's registration and heartbeat): a fresh device has nothing of the user's waiting.
    pendingCount: async () =>
      (await outbox.count()) -
      (await outbox.where('held').equals(1).count()) -
      (await outbox.where('[table+key]').between(['device_registry', Dexie.minKey], ['device_registry', Dexie.maxKey]).filter((e) => e.held !== 1).count()),
    async outbox() {
      const entries = await outbox.orderBy('order').toArray()
      return entries.map((e) => ({ table: e.table, key: e.key, op: e.op, mutationId: e.mutationId, baseVersion: e.baseVersion, state: e.held === 1 ? 'held' : e.sent === 1 ? 'sent' : 'queued' }) as const)
    },
    async quarantined() {
      const rows = (await db.table(QUARANTINE).toArray()) as Array<QuarantinedChange & { pk: string; server?: Row }>
      const pulled = ((await state.get(UNUSABLE))?.v ?? []) as UnusableRow[]
      return [...rows.map(({ pk: _pk, server: _held, ...rest }) => rest), ...pulled.map(asQuarantined)]
    },
    onLocalChange(listener) {
      const handler = (parts: Record<string, unknown>): void => {
        if (Object.keys(parts).some((p) => p.includes(`/${OUTBOX}/`))) listener()
      }
      Dexie.on('storagemutated', handler)
      return () => Dexie.on('storagemutated').unsubscribe(handler)
    },
    async write(table, row) {
      await db.table(table).put(row)
    },
    async read(table, key) {
      return ((await db.table(table).get(key)) as Row | undefined) ?? null
    },
    list: (table) => db.table(table).toArray() as Promise<Row[]>,
    async statistics() {
      // Rows that never leave the device are not the server's to count (R4).
      const count = (table: SyncedTableName): Promise<number> =>
        db.table(table).filter((row: Row) => !isLocalOnly(table, row)).count()
      const counts = await Promise.all(
        (['connection_templates', 'saved_queries', 'query_history', 'ai_memory_sessions', 'ai_memory_messages', 'device_registry'] as const).map(count),
      )
      let storageBytes = 0
      let lastActivityAt: number | null = null
      for (const table of SYNCED_TABLES) {
        await db.table(table).each((row: Row) => {
          if (isLocalOnly(table, row)) return
          storageBytes += JSON.stringify(row).length
          const at = Number(row['updated_at'] ?? 0)
          if (at > (lastActivityAt ?? 0)) lastActivityAt = at
        })
      }
      const [connections = 0, savedQueries = 0, queryHistory = 0, aiSessions = 0, aiMessages = 0, devices = 0] = counts
      return { connections, savedQueries, queryHistory, aiSessions, aiMessages, devices, storageBytes, lastActivityAt }
    },
    async purgeLocal(archiveCutoff) {
      await controls.writeUncaptured(['sync_conflicts_archive', OUTBOX], async () => {
        const old = (await db.table('sync_conflicts_archive').where('resolved_at').below(archiveCutoff).primaryKeys()) as string[]
        const queued = new Set((await outbox.where('[table+key]').between(['sync_conflicts_archive', Dexie.minKey], ['sync_conflicts_archive', Dexie.maxKey]).toArray()).map((e) => e.key))
        const done = old.filter((id) => !queued.has(id))
        if (done.length > 0) await db.table('sync_conflicts_archive').bulkDelete(done)
      })
    },
    repushLost: (server, purgedSeq) => repushLost(tools, controls, server, purgedSeq),
    async prune(seen) {
      let pruned = 0
      await controls.writeUncaptured([...ALL_SYNC_TABLES], async () => {
        const pending = await pendingByKey()
        const quarantined = new Set(((await db.table(QUARANTINE).toArray()) as Array<{ pk: string }>).map((q) => q.pk))
        for (const [table, keys] of seen) {
          const rows = (await db.table(table).toArray()) as Row[]
          const within = (prefix: Set<string> | Map<string, unknown>): Set<string> =>
            new Set([...prefix.keys()].map((id) => keyInTable(table, id)).filter((k): k is string => k !== undefined))
          const gone = planPrune({ table, rows, seen: keys, pending: within(pending), quarantined: within(quarantined) })
          if (gone.length > 0) await db.table(table).bulkDelete(gone.map((k) => idbKey(keyValue(table, { [tables[table].key[0] as string]: k }))))
          pruned += gone.length
          const retired = planRetiredBases({ table, rows, seen: keys, pending: within(pending) }, tools.now())
          for (const { key, row } of retired) {
            if ((await bases.get(basePk(table, key))) !== undefined) await bases.put({ pk: basePk(table, key), table, key, row })
          }
        }
      })
      return pruned
    },
  }
}

const asQuarantined = (u: UnusableRow): QuarantinedChange => ({
  table: u.table,
  key: u.key,
  mutationId: '',
  code: u.code,
  message: u.message,
  ...(u.column === undefined ? {} : { field: u.column }),
  at: u.at,
  source: 'pull',
})
