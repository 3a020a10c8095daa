import { Dexie, type Table } from 'dexie'
import { parseHlc } from '../core/hlc'
import { keyOf, SYNCED_TABLES, tables, type SyncedTableName } from '../schema/tables'
import type { ApplyStats, CaptureContext, LocalStore, OutgoingChange, PersistedState, QuarantinedChange, Row } from '../core/ports'
import { ALL_SYNC_TABLES, BASE, OUTBOX, QUARANTINE, SEP, STATE, basePk, sentPk, unsentPk, type BaseSnapshot, type OutboxEntry } from './layout'
import type { LocalSyncControls, SyncDatabase } from './database'
import { groupBy } from './groupBy'
import { keyValue, requeue, sessionTotals, settle, type SettleTools } from './settle'
import { planUpload } from '../core/protocol/upload'
import { inApplyOrder, sessionsToRecount } from '../core/protocol/applyOrder'
import { isLocalOnly, isTombstone, keyColumnsOf, sameData, versionOf } from '../core/protocol/record'
import { planPrune, planRetiredBases } from '../core/protocol/prune'
import { routePulled } from '../core/protocol/settle'
import { acknowledge } from './acknowledge'

/** The sync columns of a fresh local edit made by the sync layer on the user's behalf (uncaptured writes). */
const stampLocal = (t: SettleTools, controls: LocalSyncControls, row: Row): Row => ({
  ...row,
  user_id: row['user_id'] ?? controls.context()?.userId ?? '',
  created_at: row['created_at'] ?? t.now(),
  updated_at: t.now(),
  deleted_at: null,
  hlc: t.tick(),
  mutation_id: t.newId(),
  origin_device_id: controls.context()?.deviceId ?? null,
})

/** The Dexie implementation of the engine's {@link LocalStore} port. Hot paths work in bulk, one call per table. */
export const createDexieLocalStore = (
  db: SyncDatabase,
  controls: LocalSyncControls,
  setContext: (ctx: CaptureContext) => void,
): LocalStore => {
  const outbox: Table<OutboxEntry, string> = db.table(OUTBOX)
  const bases: Table<BaseSnapshot, string> = db.table(BASE)
  const state: Table<{ k: string; v: unknown }, string> = db.table(STATE)
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
  const pendingByKey = async (): Promise<Map<string, OutboxEntry[]>> => {
    const groups = groupBy(await outbox.orderBy('order').toArray(), (e) => `${e.table}\u001f${e.key}`)
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
      return controls.writeUncaptured([...ALL_SYNC_TABLES], async () => {
        // Sent entries (possibly committed) go first and are few; then the oldest unsent ones, read with a limit
        // instead of the whole outbox (a 10,000-change upload would otherwise read it ten times).
        const sent = await outbox.where('pk').startsWith(`s${SEP}`).toArray()
        const busy = new Set(sent.map((e) => `${e.table}${SEP}${e.key}`))
        const chosen: OutboxEntry[] = []
        const chosenKeys = new Set<string>()
        for (const entry of sent.sort((a, b) => (a.order < b.order ? -1 : 1))) {
          const id = `${entry.table}${SEP}${entry.key}`
          if (chosen.length < limit && !chosenKeys.has(id)) {
            chosen.push(entry)
            chosenKeys.add(id)
          }
        }
        if (chosen.length < limit) {
          const unsent = await outbox
            .orderBy('order')
            .filter((e) => e.sent === 0 && e.held !== 1 && !busy.has(`${e.table}${SEP}${e.key}`))
            .limit(limit - chosen.length)
            .toArray()
          chosen.push(...unsent)
        }
        const withRows: Array<{ entry: OutboxEntry; row: Row | null }> = []
        for (const [table, entries] of groupBy(chosen, (e) => e.table)) {
          const rows = (await db.table(table).bulkGet(entries.map((e) => keyValue(e.table, e.keyColumns)) as never[])) as Array<Row | undefined>
          entries.forEach((entry, i) => withRows.push({ entry, row: rows[i] ?? null }))
        }
        const plan = planUpload(withRows, (e) => sentPk(e.table, e.key, e.mutationId))
        if (plan.drop.length > 0) await outbox.bulkDelete(plan.drop)
        if (plan.markSent.length > 0) await outbox.bulkPut(plan.markSent)
        return plan.changes
      })
    },

    acknowledge: (results, decide) => acknowledge({ db, controls, tools, outbox, bases }, results, decide),

    async resolveHeld({ table, key, resolve, archive }) {
      await controls.writeUncaptured([...ALL_SYNC_TABLES], async () => {
        const kv = keyValue(table, { [tables[table].key[0] as string]: key })
        const current = ((await db.table(table).get(kv as never)) as Row | undefined) ?? null
        const server = (await bases.get(basePk(table, key)))?.row ?? null
        await outbox.delete(unsentPk(table, key))
        const { fields, copy } = resolve(current, server)
        const serverVersion = versionOf(server ?? current)
        let resolved: Row | null = null
        if (fields === null) {
          await db.table(table).delete(kv as never)
        } else {
          const next: Row = { ...(server ?? current ?? {}), ...fields, sync_version: serverVersion, server_seq: (server ?? current)?.['server_seq'] ?? 0 }
          if (server !== null && !isTombstone(server) && sameData(next, server)) {
            resolved = server
            await db.table(table).put(server)
          } else {
            resolved = stampLocal(tools, controls, next)
            await db.table(table).put(resolved)
            await requeue(tools, { table, key, row: resolved, baseVersion: serverVersion, keyColumns: keyColumnsOf(table, resolved) })
          }
        }
        if (copy !== undefined) {
          const row = stampLocal(tools, controls, { ...copy, sync_version: 0, server_seq: 0 })
          await db.table(table).put(row)
          await requeue(tools, { table, key: keyOf(table, row), row, baseVersion: 0, keyColumns: keyColumnsOf(table, row) })
        }
        // A new write of the archive row: its own clock and mutation id (reusing the held row's would read as a retry
        // the server already applied, and the decision would never reach it).
        const record = stampLocal(tools, controls, archive(resolved, server, current))
        await db.table('sync_conflicts_archive').put(record)
        // The archive row was uploaded when the conflict was held: the decision updates it, based on that version.
        await requeue(tools, { table: 'sync_conflicts_archive', key: String(record['id']), row: record, baseVersion: versionOf(record), keyColumns: { id: record['id'] } })
      })
    },

    async releaseQuarantine(table, key, action) {
      await controls.writeUncaptured([...ALL_SYNC_TABLES], async () => {
        await db.table(QUARANTINE).delete(`${table}${SEP}${key}`)
        const kv = keyValue(table, { [tables[table].key[0] as string]: key })
        const row = ((await db.table(table).get(kv as never)) as Row | undefined) ?? null
        if (row === null) return
        if (action === 'retry') {
          await requeue(tools, { table, key, row: { ...row, mutation_id: tools.newId() }, baseVersion: versionOf(row), keyColumns: keyColumnsOf(table, row) })
          return
        }
        const base = (await bases.get(basePk(table, key)))?.row
        if (base !== undefined) await db.table(table).put(base)
        else if (versionOf(row) === 0) await db.table(table).delete(kv as never)
      })
    },

    async quarantine(change, error) {
      await controls.writeUncaptured([OUTBOX, QUARANTINE], async () => {
        await outbox.delete(sentPk(change.table, change.key, change.mutationId))
        await db.table(QUARANTINE).put({ pk: `${change.table}\u001f${change.key}`, table: change.table, key: change.key, mutationId: change.mutationId, ...error })
      })
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
      await controls.writeUncaptured([...ALL_SYNC_TABLES, STATE], async () => {
        const pending = await pendingByKey()
        for (const [table, group] of inApplyOrder(groupBy(rows, (r) => r.table))) {
          const name = table as SyncedTableName
          // A table with no rows yet (a bootstrap) has nothing to compare with: one key read instead of a lookup per row.
          const empty = (await db.table(name).limit(1).primaryKeys()).length === 0
          const locals = empty ? new Array<Row | undefined>(group.length) : ((await db.table(name).bulkGet(group.map((r) => keyValue(name, r.row)) as never[])) as Array<Row | undefined>)
          const puts: Row[] = []
          const deletes: unknown[] = []
          for (const [i, { row }] of group.entries()) {
            const entries = pending.get(`${name}\u001f${keyOf(name, row)}`)
            const route = routePulled(name, row, locals[i], entries !== undefined)
            if (route === 'settle') {
              const result = await settle(tools, name, row, decide, entries ?? [])
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
          if (deletes.length > 0) await db.table(name).bulkDelete(deletes as never[])
        }
        // I7: a waiting session change counts the messages this page brought (`sessionsToRecount`).
        for (const id of sessionsToRecount(rows)) {
          if ((await outbox.get(unsentPk('ai_memory_sessions', id))) === undefined) continue
          const session = (await db.table('ai_memory_sessions').get(id)) as Row | undefined
          if (session === undefined) continue
          const totals = await sessionTotals(tools, id)
          if (session['message_count'] !== totals.count || session['token_count'] !== totals.tokens) {
            await db.table('ai_memory_sessions').put({ ...session, message_count: totals.count, token_count: totals.tokens })
          }
        }
        const current = ((await state.get('cursors'))?.v ?? {}) as Record<string, number>
        await state.put({ k: 'cursors', v: { ...current, ...page.cursors } })
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
      const rows = (await db.table(QUARANTINE).toArray()) as Array<QuarantinedChange & { pk: string }>
      return rows.map(({ pk: _pk, ...rest }) => rest)
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
    async prune(seen) {
      let pruned = 0
      await controls.writeUncaptured([...ALL_SYNC_TABLES], async () => {
        const pending = await pendingByKey()
        const quarantined = new Set(((await db.table(QUARANTINE).toArray()) as Array<{ pk: string }>).map((q) => q.pk))
        for (const [table, keys] of seen) {
          const rows = (await db.table(table).toArray()) as Row[]
          const within = (prefix: Set<string> | Map<string, unknown>): Set<string> =>
            new Set([...prefix.keys()].filter((k) => k.startsWith(`${table}\u001f`)).map((k) => k.slice(table.length + 1)))
          const gone = planPrune({ table, rows, seen: keys, pending: within(pending), quarantined: within(quarantined) })
          if (gone.length > 0) await db.table(table).bulkDelete(gone.map((k) => keyValue(table, { [tables[table].key[0] as string]: k })) as never[])
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
