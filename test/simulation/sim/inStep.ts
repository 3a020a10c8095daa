import type { SyncDatabase } from '@howlerops/sync/dexie'
import type { EditTable } from './plan'
import { keyColumn, serverRows, type Ledger, type Row } from './checks'
import type { SimDevice, Tab, World } from './world'

/**
 * Where the devices stand on one record at a step: what makes a delete uncontested (I6, R5) and an edit causally
 * after everything the server holds (R2). Read straight from the emulator and the devices' IndexedDB.
 */
/** Ids of the archive rows about one record, on the server and on every device, now. */
export const archiveIdsOf = async (world: World, table: EditTable, key: string): Promise<Set<string>> => {
  const ids = new Set<string>()
  // A preference's server id is sealed (docs/sealing.md): its archive rows are found opened, by the local id.
  const server =
    table === 'user_preferences'
      ? (await serverRows(world, 'sync_conflicts_archive')).filter((r) => r['entity_type'] === table && r['entity_id'] === key)
      : await world.emulator.query(world.dbName, 'SELECT id FROM sync_conflicts_archive WHERE entity_type = ? AND entity_id = ?', [table, key])
  for (const r of server) ids.add(String(r['id']))
  for (const device of world.devices) {
    const rows = (await ((device.tabs[0] as Tab).db as SyncDatabase).table('sync_conflicts_archive').where('[entity_type+entity_id]').equals([table, key]).toArray()) as Row[]
    for (const r of rows) ids.add(String(r['id']))
  }
  return ids
}

interface ServerState {
  readonly version: number
  readonly seq: number
  readonly deleted: boolean
  readonly mutation: string
}

const serverStateOf = async (world: World, table: EditTable, key: string): Promise<ServerState | undefined> => {
  // A preference's server id is sealed: the rows are opened and found by the local id. After an upgrade or a key
  // rotation a record can have rows under two ids; the newest is its state.
  const [row] =
    table === 'user_preferences'
      ? (await serverRows(world, table)).filter((r) => r['id'] === key).sort((x, y) => Number(y['server_seq']) - Number(x['server_seq']))
      : await world.emulator.query(world.dbName, `SELECT sync_version, server_seq, deleted_at, mutation_id FROM ${table} WHERE ${keyColumn(table)} = ?`, [key])
  if (row === undefined) return undefined
  return { version: Number(row['sync_version'] ?? 0), seq: Number(row['server_seq'] ?? 0), deleted: row['deleted_at'] !== null && row['deleted_at'] !== undefined, mutation: String(row['mutation_id'] ?? '') }
}

/**
 * Is the device's copy of a record the server's current version? Also when its last upload of that record
 * committed but the answer was lost: the server holds exactly the mutation the device sent (R5).
 */
const viewsServer = async (db: SyncDatabase, table: EditTable, key: string, server: ServerState | undefined): Promise<boolean> => {
  const row = (await db.table(table).get(key)) as Row | undefined
  const entries = await db._outbox.where('[table+key]').equals([table, key]).toArray()
  const committed = server !== undefined && entries.some((e) => e.sent === 1 && e.mutationId === server.mutation)
  if (committed) return entries.filter((e) => e.sent === 1).length === 1
  if (entries.some((e) => e.sent === 1)) return false
  if (row !== undefined) return server !== undefined && !server.deleted && Number(row['sync_version'] ?? 0) === server.version
  if (server === undefined) return true
  if (!server.deleted) return false
  // No local row, a tombstone on the server: seen if this device's pull went past it.
  const cursors = ((await db.table('_state').get('cursors')) as { v?: Record<string, number> } | undefined)?.v ?? {}
  return (cursors[table] ?? 0) >= server.seq
}

/**
 * A delete is uncontested when every device is in step with the server for that record: same version, nothing
 * pending, no sync in flight. Such a delete must stick unless someone writes the record again later.
 */
export const isContested = async (world: World, deleter: SimDevice, table: EditTable, key: string): Promise<boolean> => {
  const server = await serverStateOf(world, table, key)
  if (server?.deleted === true) return true
  for (const device of world.devices) {
    if (device.tabs.some((t) => t.inflight !== undefined)) return true
    const db = (device.tabs[0] as Tab).db as SyncDatabase
    if (device === deleter) {
      // The deleter's own pending edits are causally before its delete; so is an upload whose answer was lost.
      const row = (await db.table(table).get(key)) as Row | undefined
      if (Number(row?.['sync_version'] ?? 0) === (server?.version ?? 0)) continue
      const entries = await db._outbox.where('[table+key]').equals([table, key]).toArray()
      if (server !== undefined && entries.some((e) => e.sent === 1 && e.mutationId === server.mutation)) continue
      return true
    }
    if ((await db._outbox.where('[table+key]').equals([table, key]).count()) > 0) return true
    const row = (await db.table(table).get(key)) as Row | undefined
    if (row !== undefined && Number(row['sync_version'] ?? 0) !== (server?.version ?? 0)) return true
  }
  return false
}

const EDIT_TABLES: readonly EditTable[] = ['user_preferences', 'connection_templates', 'query_history', 'saved_queries', 'ai_memory_sessions', 'ai_memory_messages']

/** Restores the server to a backup, noting every record whose server version went back or vanished (issue 26). */
export const rewind = async (world: World, backup: NonNullable<World['backup']>, ledger: Ledger): Promise<void> => {
  const versions = async (): Promise<Map<string, string>> => {
    const all = new Map<string, string>()
    for (const table of EDIT_TABLES) {
      for (const r of await world.emulator.query(world.dbName, `SELECT ${keyColumn(table)} AS k, mutation_id FROM ${table}`)) all.set(`${table}/${String(r['k'])}`, String(r['mutation_id']))
    }
    return all
  }
  const before = await versions()
  await world.emulator.restore(world.dbName, backup)
  const after = await versions()
  for (const [record, mutation] of before) if (after.get(record) !== mutation) ledger.rewound.add(record)
}

/**
 * An edit is in step (causally after every change the server holds for the record) when the editing device has
 * seen the server's current version and no other device has anything pending for it, and no sync is in flight.
 * Nothing can then legitimately beat it, whatever the clocks say (R2).
 */
export const isInStep = async (world: World, editor: SimDevice, table: EditTable, key: string, ledger: Ledger): Promise<boolean> => {
  if (ledger.manualTables.has(table) || ledger.flipped.has(`${table}/${key}`)) return false
  const server = await serverStateOf(world, table, key)
  for (const device of world.devices) {
    if (device.tabs.some((t) => t.inflight !== undefined)) return false
    const db = (device.tabs[0] as Tab).db as SyncDatabase
    if (device === editor) {
      if (!(await viewsServer(db, table, key, server))) return false
      // Its own unsent edits are causally before this one; a sent one may still be decided against the server.
      const pending = await db._outbox.where('[table+key]').equals([table, key]).toArray()
      if (pending.some((e) => e.sent === 1)) return false
    } else if ((await db._outbox.where('[table+key]').equals([table, key]).count()) > 0) return false
    // After a restore, another device may hold a version the server lost: it goes up again, concurrent with this edit.
    else if (ledger.rewound.has(`${table}/${key}`) && !(await viewsServer(db, table, key, server)) && (await db.table(table).get(key)) !== undefined) return false
  }
  return true
}

