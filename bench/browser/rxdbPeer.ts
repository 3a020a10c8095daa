import { createClient, type Client, type InStatement } from '@libsql/client/web'
import { createRxDatabase, type RxCollection, type RxDatabase, type RxJsonSchema } from 'rxdb'
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie'
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication'
import { tables, type SyncedTableName } from '../../src/schema/tables'
import type { Row } from '../lib/records'

/**
 * The peer of bench/browser: RxDB 17 set up as its docs recommend (bench/README.md, "Peers"): `createRxDatabase` on
 * `getRxStorageDexie()`, no dev-mode plugin, no validator, `eventReduce: true`, `multiInstance: false` (one tab, as
 * ours runs with no Web Locks or BroadcastChannel in the bench), one collection per table, and `replicateRxCollection`
 * against handlers that read and write the same Turso emulator over `@libsql/client/web`.
 */
type Doc = Record<string, unknown>

const columnsOf = (table: SyncedTableName): ReadonlyArray<{ name: string; kind: string; nullable: boolean }> =>
  tables[table].columns.filter((c) => !('serverOnly' in c && c.serverOnly === true))

const jsonColumns = (table: SyncedTableName): readonly string[] => columnsOf(table).filter((c) => c.kind === 'json').map((c) => c.name)

/**
 * One RxDB schema per table, from the same column list as ours. Secondary indexes: the ones our Dexie mirror has that
 * RxDB's Dexie storage accepts (required fields only; it refuses nullable ones, DXE1). `server_seq` is left out: RxDB
 * checkpoints with its own `_meta.lwt` index.
 */
export const rxSchemaOf = (table: SyncedTableName): RxJsonSchema<Doc> => {
  const columns = columnsOf(table)
  const required = new Set(columns.filter((c) => !c.nullable).map((c) => c.name))
  const primaryKey = tables[table].key[0] as string
  const indexes = tables[table].localIndexes
    .map((spec) => spec.replace(/^\[|\]$/g, '').split('+'))
    .filter((fields) => fields.every((f) => required.has(f) && f !== 'server_seq'))
  const indexed = new Set([primaryKey, ...indexes.flat()])
  const properties: Record<string, object> = {}
  for (const c of columns) {
    const number = c.kind === 'integer' || c.kind === 'real'
    if (indexed.has(c.name)) properties[c.name] = number ? { type: 'number', minimum: 0, maximum: 1e15, multipleOf: 1 } : { type: 'string', maxLength: 200 }
    else properties[c.name] = c.kind === 'json' ? {} : { type: number ? (c.nullable ? ['number', 'null'] : 'number') : c.nullable ? ['string', 'null'] : 'string' }
  }
  return {
    version: 0,
    primaryKey,
    type: 'object',
    properties,
    required: [...indexed],
    ...(indexes.length === 0 ? {} : { indexes: indexes.map((f) => (f.length === 1 ? (f[0] as string) : f)) }),
  } as RxJsonSchema<Doc>
}

export interface RxPeer {
  readonly db: RxDatabase
  readonly collections: ReadonlyMap<SyncedTableName, RxCollection<Doc>>
  readonly client: Client
  close: () => Promise<void>
}

let opened = 0

/** Setup, never timed: the database, its collections (opened), and a libSQL client for the handlers. */
export const openRxPeer = async (
  names: readonly SyncedTableName[],
  remote: { url: string; authToken: string },
  fetch?: typeof globalThis.fetch,
): Promise<RxPeer> => {
  const db = await createRxDatabase({ name: `bench-rxdb-${++opened}-${Date.now()}`, storage: getRxStorageDexie(), multiInstance: false, eventReduce: true })
  const added = await db.addCollections(Object.fromEntries(names.map((t) => [t, { schema: rxSchemaOf(t) }])))
  const collections = new Map(names.map((t) => [t, added[t] as RxCollection<Doc>]))
  // Opens each collection's Dexie database now, as ours is opened before its clock starts.
  for (const c of collections.values()) await c.count().exec()
  const client = createClient({ url: remote.url, authToken: remote.authToken, intMode: 'number', ...(fetch === undefined ? {} : { fetch }) } as never)
  return {
    db,
    collections,
    client,
    async close() {
      client.close()
      await db.remove()
    },
  }
}

/** The upsert a plain RxDB backend would run per pushed document: every column the document has. */
const upsertSql = new Map<string, string>()
const upsertOf = (table: SyncedTableName, doc: Doc): InStatement => {
  const json = new Set(jsonColumns(table))
  const names = Object.keys(doc).filter((k) => !k.startsWith('_'))
  const signature = `${table}:${names.join(',')}`
  let sql = upsertSql.get(signature)
  if (sql === undefined) {
    const key = tables[table].key[0] as string
    sql = `INSERT INTO ${table} (${names.join(', ')}, deleted_at) VALUES (${names.map(() => '?').join(', ')}, ?) ON CONFLICT(${key}) DO UPDATE SET ${[...names, 'deleted_at'].filter((n) => n !== key).map((n) => `${n} = excluded.${n}`).join(', ')}`
    upsertSql.set(signature, sql)
  }
  const args = names.map((n) => {
    const v = doc[n]
    return v === undefined || v === null ? null : json.has(n) ? JSON.stringify(v) : (v as string | number)
  })
  args.push(doc['_deleted'] === true ? (doc['updated_at'] as number) : null)
  return { sql, args }
}

/**
 * Push-only live replication of each collection, started (and in sync, on an empty collection) before the clock
 * starts; every push call is one `batch` of upserts to the emulator. `lastAckAt` is when the last batch answered.
 */
export const replicatePush = (peer: RxPeer, batchSize: number): { states: RxReplicationState<Doc, unknown>[]; lastAckAt: () => number; calls: () => number } => {
  let lastAckAt = 0
  let calls = 0
  const states = [...peer.collections].map(([table, collection]) =>
    replicateRxCollection<Doc, unknown>({
      collection,
      replicationIdentifier: `bench-push-${table}`,
      live: true,
      waitForLeadership: false,
      push: {
        batchSize,
        async handler(rows) {
          if (rows.length === 0) return []
          calls += 1
          await peer.client.batch(rows.map((r) => upsertOf(table, r.newDocumentState as Doc)), 'write')
          lastAckAt = performance.now()
          return []
        },
      },
    }),
  )
  return { states, lastAckAt: () => lastAckAt, calls: () => calls }
}

/** A server row (libSQL) as the RxDB document a pull handler returns: JSON columns parsed, tombstones `_deleted`. */
const toDoc = (table: SyncedTableName, columns: readonly string[], row: ArrayLike<unknown>): Doc => {
  const json = jsonColumns(table)
  const doc: Doc = {}
  columns.forEach((c, i) => (doc[c] = row[i]))
  for (const c of json) if (typeof doc[c] === 'string') doc[c] = JSON.parse(doc[c] as string)
  doc['_deleted'] = doc['deleted_at'] !== null && doc['deleted_at'] !== undefined
  return doc
}

/**
 * Pull-only, non-live replication of each collection: checkpoint = the last `server_seq`, the same keyset query ours
 * runs (`server_seq > ? ORDER BY server_seq LIMIT batchSize`). The first handler call of each waits for `gate`, so
 * RxDB's own setup (its replication meta storage) is done before the clock starts.
 */
export const replicatePull = (
  peer: RxPeer,
  batchSize: number,
  gate: Promise<void>,
): { states: RxReplicationState<Doc, { seq: number }>[]; waiting: Promise<void>; calls: () => number } => {
  let calls = 0
  const arrived: Promise<void>[] = []
  const states = [...peer.collections].map(([table, collection]) => {
    const select = `SELECT ${columnsOf(table).map((c) => c.name).join(', ')} FROM ${table} WHERE server_seq > ? ORDER BY server_seq LIMIT ?`
    let first = true
    let signal!: () => void
    arrived.push(new Promise<void>((resolve) => (signal = resolve)))
    return replicateRxCollection<Doc, { seq: number }>({
      collection,
      replicationIdentifier: `bench-pull-${table}`,
      live: false,
      waitForLeadership: false,
      pull: {
        batchSize,
        async handler(checkpoint, size) {
          if (first) {
            first = false
            signal()
            await gate
          }
          calls += 1
          const result = await peer.client.execute({ sql: select, args: [checkpoint?.seq ?? 0, size] })
          const documents = result.rows.map((r) => toDoc(table, result.columns, r as unknown as ArrayLike<unknown>))
          const last = documents[documents.length - 1]
          return { documents: documents as never, checkpoint: last === undefined ? checkpoint : { seq: Number(last['server_seq']) } }
        },
      },
    })
  })
  return { states, waiting: Promise.all(arrived).then(() => undefined), calls: () => calls }
}

/** The rows of `byTable` as RxDB documents: what an RxDB app stores (the app row plus its owner and times). */
export const rxDocsOf = (byTable: ReadonlyMap<SyncedTableName, readonly Row[]>, userId: string, now: number): Map<SyncedTableName, Doc[]> =>
  new Map([...byTable].map(([t, rows]) => [t, rows.map((r) => ({ ...structuredClone(r), user_id: userId, created_at: now, updated_at: now }))]))
