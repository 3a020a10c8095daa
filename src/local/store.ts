import { Dexie, type Table } from 'dexie'
import { parseHlc } from '../core/hlc'
import { keyOf, SYNCED_TABLES, tables, type SyncedTableName } from '../schema/tables'
import type { ApplyStats, CaptureContext, LocalStore, OutgoingChange, PersistedState, QuarantinedChange, Row } from '../core/ports'
import { keyInTable, recordId } from '../schema/record'
import { ALL_SYNC_TABLES, BASE, OUTBOX, QUARANTINE, SENT_PREFIX, STATE, basePk, quarantinePk, sentPk, unsentPk, type BaseSnapshot, type OutboxEntry } from './layout'
import type { LocalSyncControls, SyncDatabase } from './syncDatabase'
import { groupBy } from './groupBy'
import { keyValue, requeue, sessionTotals, settle, type SettleTools } from './settle'
import { planUpload } from '../core/protocol/upload'
import { inApplyOrder, sessionsToRecount } from '../core/protocol/applyOrder'
import { isLocalOnly, isTombstone, keyColumnsOf, sameData, versionOf } from '../core/protocol/record'
import { planPrune, planRetiredBases } from '../core/protocol/prune'
import { routePulled } from '../core/protocol/settle'
import { planUnusable, type UnusableRow } from '../core/protocol/unusable'
import { acknowledge } from './acknowledge'
import { repushLost } from './repushLost'
import { stampEdit } from '../core/protocol/stamp'

/** A fresh local edit made by the sync layer on the user's behalf (uncaptured writes), based on its own version. */
const stampLocal = (t: SettleTools, controls: LocalSyncControls, row: Row): Row =>
  stampEdit({ userId: controls.context()?.userId ?? '', deviceId: controls.context()?.deviceId ?? '', now: t.now, tick: t.tick, newId: t.newId }, row, row)

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
  const pendingByKey = async (): Promise<Map<string, OutboxEntry[]>> => {
    const groups = groupBy(await outbox.orderBy('order').toArray(), (e) => recordId(e.table, e.key))
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
      return controls.writeUncaptured([...ALL_SYNC_TABLES], async () => {
        // Sent entries (possibly committed) go first and are few; then the oldest unsent ones, read with a limit
        // instead of the whole outbox (a 10,000-change upload would otherwise read it ten times).
        const sent = await outbox.where('pk').startsWith(SENT_PREFIX).toArray()
        const busy = new Set(sent.map((e) => recordId(e.table, e.key)))
        const chosen: OutboxEntry[] = []
        const chosenKeys = new Set<string>()
        for (const entry of sent.sort((a, b) => (a.order < b.order ? -1 : 1))) {
          const id = recordId(entry.table, entry.key)
          if (chosen.length < limit && !chosenKeys.has(id)) {
            chosen.push(entry)
            chosenKeys.add(id)
          }
        }
        if (chosen.length < limit) {
          const unsent = await outbox
            .orderBy('order')
            .filter((e) => e.sent === 0 && e.held !== 1 && !busy.has(recordId(e.table, e.key)))
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
        for (const entry of [...chosen, ...plan.markSent]) if (entry.sent === 1 && entry.row !== undefined) inFlight.set(entry.pk, entry.row)
        return plan.changes
      })
    },

    acknowledge: (results, decide) => acknowledge({ db, controls, tools, outbox, bases, inFlight }, results, decide),

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
      await controls.writeUncaptured([...ALL_SYNC_TABLES, STATE], async () => {
        // A server version set aside is only dismissed from the list: there is no local change to retry or discard.
        const pulled = ((await state.get(UNUSABLE))?.v ?? []) as UnusableRow[]
        if (pulled.some((u) => u.table === table && u.key === key)) {
          await state.put({ k: UNUSABLE, v: pulled.filter((u) => u.table !== table || u.key !== key) })
          if ((await db.table(QUARANTINE).get(quarantinePk(table, key))) === undefined) return
        }
        const held = ((await db.table(QUARANTINE).get(quarantinePk(table, key))) as { server?: Row } | undefined)?.server
        await db.table(QUARANTINE).delete(quarantinePk(table, key))
        const kv = keyValue(table, { [tables[table].key[0] as string]: key })
        const row = ((await db.table(table).get(kv as never)) as Row | undefined) ?? null
        if (row === null) return
        // A server version pulled while the change was refused: a discard goes to it (a retry meets it as a conflict).
        if (action === 'discard' && held !== undefined) {
          if (isTombstone(held)) await db.table(table).delete(kv as never)
          else await db.table(table).put(held)
          await bases.delete(basePk(table, key))
          return
        }
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
      inFlight.delete(sentPk(change.table, change.key, change.mutationId))
      await controls.writeUncaptured([OUTBOX, QUARANTINE], async () => {
        await outbox.delete(sentPk(change.table, change.key, change.mutationId))
        await db.table(QUARANTINE).put({ pk: quarantinePk(change.table, change.key), table: change.table, key: change.key, mutationId: change.mutationId, ...error })
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
        const refused = new Set((await db.table(QUARANTINE).toCollection().primaryKeys()) as string[])
        for (const [table, group] of inApplyOrder(groupBy(rows, (r) => r.table))) {
          const name = table as SyncedTableName
          // A table with no rows yet (a bootstrap), or only the rows earlier pages brought, has nothing to compare with:
          // one key read or count instead of a lookup per row. Only a tombstone is looked up (it deletes what an
          // earlier page brought).
          const known = pulledOnly.get(name)
          const bulk = known !== undefined ? (await db.table(name).count()) === known : (await db.table(name).limit(1).primaryKeys()).length === 0
          const lookup = bulk ? group.flatMap((r, i) => (isTombstone(r.row) ? [i] : [])) : group.map((_, i) => i)
          const locals = new Array<Row | undefined>(group.length)
          if (lookup.length > 0) {
            const found = (await db.table(name).bulkGet(lookup.map((i) => keyValue(name, (group[i] as { row: Row }).row)) as never[])) as Array<Row | undefined>
            lookup.forEach((at, j) => (locals[at] = found[j]))
          }
          const puts: Row[] = []
          const deletes: unknown[] = []
          for (const [i, { row }] of group.entries()) {
            const entries = pending.get(recordId(name, keyOf(name, row)))
            const refusedPk = quarantinePk(name, keyOf(name, row))
            const route = routePulled(name, row, locals[i], entries !== undefined, refused.has(refusedPk))
            if (route === 'hold') {
              await db.table(QUARANTINE).update(refusedPk, { server: row })
              stats.skipped += 1
              continue
            }
            if (route === 'settle') {
              const result = await settle(tools, name, row, decide, entries ?? [], undefined, page.rewound === true)
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
          if (bulk) pulledOnly.set(name, await db.table(name).count())
          else pulledOnly.delete(name)
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
    repushLost: (server) => repushLost(tools, controls, server),
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

/** `_state` key of the pulled rows set aside (R14): a list beside the quarantine, no schema version needed. */
const UNUSABLE = 'unusable'

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
