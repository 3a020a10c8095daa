import { Dexie, type Table } from 'dexie'
import { keyOf, tables, SYNCED_TABLES, type SyncedTableName } from '../schema/tables'
import type {
  ApplyStats,
  CaptureContext,
  LocalStore,
  OutgoingChange,
  PersistedState,
  Decider,
  PushResult,
  QuarantinedChange,
  Row,
} from '../core/ports'
import { BASE, OUTBOX, QUARANTINE, STATE, basePk, sentPk, unsentPk, type BaseSnapshot, type OutboxEntry } from './layout'
import type { LocalSyncControls, SyncDatabase } from './database'

const ALL_SYNC_TABLES = [...SYNCED_TABLES, OUTBOX, BASE, QUARANTINE] as const

const keyValue = (table: SyncedTableName, columns: Row): unknown => {
  const key = tables[table].key
  return key.length === 1 ? columns[key[0] as string] : key.map((k) => columns[k])
}

/** The Dexie implementation of the engine's {@link LocalStore} port. */
export const createDexieLocalStore = (
  db: SyncDatabase,
  controls: LocalSyncControls,
  setContext: (ctx: CaptureContext) => void,
): LocalStore => {
  const outbox = (): Table<OutboxEntry, string> => db.table(OUTBOX)
  const bases = (): Table<BaseSnapshot, string> => db.table(BASE)
  const state = (): Table<{ k: string; v: unknown }, string> => db.table(STATE)

  const newId = (): string => controls.context()?.newId() ?? crypto.randomUUID()
  const tick = (): string => controls.context()?.tick() ?? ''

  /** Queues `row` for upload as a fresh unsent change based on `baseVersion` (used inside remote transactions). */
  const requeue = async (table: SyncedTableName, row: Row | null, key: string, baseVersion: number, keyColumns: Row): Promise<void> => {
    const existing = await outbox().get(unsentPk(table, key))
    await outbox().put({
      pk: unsentPk(table, key),
      table,
      key,
      op: row === null ? 'delete' : 'upsert',
      mutationId: row === null ? newId() : String(row['mutation_id']),
      baseVersion,
      order: existing?.order ?? tick(),
      sent: 0,
      keyColumns: row === null ? { ...keyColumns, hlc: tick(), deleted_at: Date.now() } : keyColumns,
    })
  }

  /** Carries out a decision for one incoming server row inside a remote transaction. Returns what happened. */
  const settle = async (
    table: SyncedTableName,
    remote: Row,
    decide: Decider,
    entries: OutboxEntry[],
  ): Promise<'applied' | 'skipped' | 'conflict'> => {
    const key = keyOf(table, remote)
    const kv = keyValue(table, remote)
    const local = ((await db.table(table).get(kv as never)) as Row | undefined) ?? null
    const base = (await bases().get(basePk(table, key)))?.row ?? null
    const remoteVersion = Number(remote['sync_version'])

    // Our own write coming back after its response was lost: it is an acknowledgement, not a conflict (I2, I5).
    const echoed = entries.find((e) => e.sent === 1 && e.mutationId === remote['mutation_id'])
    if (echoed !== undefined) {
      await outbox().delete(echoed.pk)
      entries = entries.filter((e) => e !== echoed)
    }
    const knownVersion = Math.max(Number(local?.['sync_version'] ?? 0), Number(base?.['sync_version'] ?? 0))
    if (echoed === undefined && remoteVersion <= knownVersion) return 'skipped'

    const pending = entries.map((e) => toChange(e, local))
    const decision = echoed !== undefined && pending.length === 0 ? ({ kind: 'skip' } as const) : await decide({ table, remote, local, base, pending })
    await bases().put({ pk: basePk(table, key), table, key, row: remote })

    if (decision.kind === 'skip') {
      if (local !== null && Number(local['sync_version'] ?? 0) < remoteVersion) {
        await db.table(table).put({ ...local, sync_version: remoteVersion, server_seq: remote['server_seq'] })
      }
      return 'skipped'
    }
    if (decision.kind === 'apply') {
      if (remote['deleted_at'] !== null && remote['deleted_at'] !== undefined) await db.table(table).delete(kv as never)
      else await db.table(table).put(remote)
      for (const e of entries) await outbox().delete(e.pk)
      return 'applied'
    }
    // Resolved conflict.
    for (const e of entries) if (e.sent === 0) await outbox().delete(e.pk)
    if (decision.local === null) await db.table(table).delete(kv as never)
    else await db.table(table).put({ ...decision.local, sync_version: remoteVersion, server_seq: remote['server_seq'] })
    if (decision.push && decision.hold !== true) {
      await requeue(table, decision.local, key, remoteVersion, keyColumnsOf(table, remote))
    }
    for (const copy of decision.copies) {
      await db.table(copy.table).put(copy.row)
      await requeue(copy.table, copy.row, keyOf(copy.table, copy.row), 0, keyColumnsOf(copy.table, copy.row))
    }
    if (decision.archive !== null) {
      await db.table('sync_conflicts_archive').put(decision.archive)
      await requeue('sync_conflicts_archive', decision.archive, keyOf('sync_conflicts_archive', decision.archive), 0, {
        id: decision.archive['id'],
      })
    }
    return 'conflict'
  }

  const entriesFor = (table: SyncedTableName, key: string): Promise<OutboxEntry[]> =>
    outbox().where('[table+key]').equals([table, key]).sortBy('order')

  const store: LocalStore = {
    name: db.name,
    async loadState(createDeviceId) {
      return db.transaction('rw', STATE, async () => {
        const rows = await state().toArray()
        const map = new Map(rows.map((r) => [r.k, r.v]))
        let deviceId = map.get('deviceId') as string | undefined
        if (deviceId === undefined) {
          deviceId = createDeviceId()
          await state().put({ k: 'deviceId', v: deviceId })
        }
        const result: Record<string, unknown> = { cursors: {} }
        for (const [k, v] of map) result[k] = v
        result['deviceId'] = deviceId
        return result as unknown as PersistedState
      })
    },
    async saveState(patch) {
      await state().bulkPut(Object.entries(patch).map(([k, v]) => ({ k, v })))
    },
    configure: setContext,
    async takeOutgoing(limit) {
      return controls.applyRemote([...ALL_SYNC_TABLES], async () => {
        const all = await outbox().orderBy('order').toArray()
        const seen = new Set<string>()
        const taken: OutgoingChange[] = []
        for (const entry of all) {
          const id = `${entry.table}\u001f${entry.key}`
          if (seen.has(id)) continue
          seen.add(id)
          if (taken.length >= limit) break
          const row = ((await db.table(entry.table).get(keyValue(entry.table, entry.keyColumns) as never)) as Row | undefined) ?? null
          if (entry.op === 'upsert' && row === null) {
            await outbox().delete(entry.pk) // the record is gone locally; a later delete entry (if any) carries it
            continue
          }
          if (entry.sent === 0) {
            await outbox().delete(entry.pk)
            entry.pk = sentPk(entry.table, entry.key, entry.mutationId)
            entry.sent = 1
            await outbox().put(entry)
          }
          taken.push(toChange(entry, row))
        }
        return taken
      })
    },
    async acknowledge(results, decide) {
      await controls.applyRemote([...ALL_SYNC_TABLES], async () => {
        for (const { change, outcome } of results) {
          const pk = sentPk(change.table, change.key, change.mutationId)
          if (outcome.kind === 'rejected') continue
          if (outcome.kind === 'applied') {
            await outbox().delete(pk)
            const kv = keyValue(change.table, change.row)
            const local = (await db.table(change.table).get(kv as never)) as Row | undefined
            if (local !== undefined) {
              await db.table(change.table).put({ ...local, sync_version: outcome.version, server_seq: outcome.seq })
            }
            await bases().put({ pk: basePk(change.table, change.key), table: change.table, key: change.key, row: outcome.server })
            // A delete queued behind this change is now based on the new version.
            const behind = await outbox().get(unsentPk(change.table, change.key))
            if (behind !== undefined) await outbox().put({ ...behind, baseVersion: outcome.version })
            continue
          }
          // Conflict: the server row is the remote side. A missing server row means it was purged; push again from 0.
          const entries = await entriesFor(change.table, change.key)
          if (outcome.server === null) {
            await outbox().delete(pk)
            if (change.op === 'upsert' && change.row !== null) await requeue(change.table, change.row, change.key, 0, keyColumnsOf(change.table, change.row))
            continue
          }
          await settle(change.table, outcome.server, decide, entries)
          await outbox().delete(pk)
        }
      })
    },
    async quarantine(change, error) {
      await controls.applyRemote([OUTBOX, QUARANTINE], async () => {
        await outbox().delete(sentPk(change.table, change.key, change.mutationId))
        await db.table(QUARANTINE).put({
          pk: `${change.table}\u001f${change.key}`,
          table: change.table,
          key: change.key,
          mutationId: change.mutationId,
          ...error,
        })
      })
    },
    async applyPage(page, decide) {
      const stats = { applied: 0, skipped: 0, conflicts: 0 }
      await controls.applyRemote([...ALL_SYNC_TABLES, STATE], async () => {
        for (const { table, row } of page.rows) {
          const entries = await entriesFor(table, keyOf(table, row))
          const result = await settle(table, row, decide, entries)
          if (result === 'applied') stats.applied += 1
          else if (result === 'skipped') stats.skipped += 1
          else stats.conflicts += 1
        }
        const current = ((await state().get('cursors'))?.v ?? {}) as Record<string, number>
        await state().put({ k: 'cursors', v: { ...current, ...page.cursors } })
      })
      return stats satisfies ApplyStats
    },
    pendingCount: () => outbox().count(),
    async write(table, row) {
      await db.table(table).put(row)
    },
    async read(table, key) {
      return ((await db.table(table).get(key)) as Row | undefined) ?? null
    },
    list: (table) => db.table(table).toArray() as Promise<Row[]>,
    async messageTotals(sessionId) {
      const messages = (await db.table('ai_memory_messages').where('session_id').equals(sessionId).toArray()) as Row[]
      return {
        count: messages.length,
        tokens: messages.reduce((sum, m) => sum + Number(m['token_count'] ?? 0), 0),
      }
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
  }
  return store
}

const keyColumnsOf = (table: SyncedTableName, row: Row): Row =>
  Object.fromEntries(tables[table].key.map((k) => [k, row[k]]))

const toChange = (entry: OutboxEntry, row: Row | null): OutgoingChange => ({
  table: entry.table,
  key: entry.key,
  op: entry.op,
  mutationId: entry.mutationId,
  baseVersion: entry.op === 'upsert' && row !== null ? Number(row['sync_version'] ?? 0) : entry.baseVersion,
  row: entry.op === 'upsert' && row !== null ? { ...row, mutation_id: entry.mutationId } : { ...entry.keyColumns },
})
