import { localColumns, tables, PULLED_TABLES, type SyncedTableName } from '../schema/tables'
import { tombstoneClears } from '../schema/tombstone'

/**
 * The SQL of the protocol, generated once per table from the table description.
 *
 * Upserts are `INSERT OR IGNORE … ON CONFLICT DO UPDATE`: a record that breaks a constraint (CHECK, NOT NULL, type)
 * is skipped instead of failing the whole batch, and the outcome query shows it as neither applied nor conflicting,
 * i.e. rejected (I9). One poison record costs nothing extra; everything else in the request still applies.
 *
 * Push, per record (inside one write batch, I3 and I2): one version-checked upsert (or tombstone) that applies only if
 * the server row is still at the base version. That check is also the exactly-once guard: versions of a key only
 * grow, so once a mutation committed the row is past its base and a retry of it can never apply again.
 * The row itself records who wrote its current version (`mutation_id`, `origin_device_id`); `sync_metadata` holds a
 * device's last mutation only once another writer has overwritten it (the `<table>_exactly_once` triggers in
 * schema.sql), so an ordinary push writes one row per record, not two. The outcome query reads "this device's last
 * applied mutation" from the row when the device wrote it last, else from `sync_metadata`.
 * The server sequence (I1) is `sync_sequence.seq + k` for the k-th record, and the batch bumps it once at the end:
 * every write happens inside the batch's transaction, so the sequence is assigned and committed atomically.
 */
const MANAGED = new Set(['sync_version', 'server_seq'])

/**
 * The server's clock, in ms, read inside the statement's own transaction (R3). Tombstones carry it in `deleted_at`,
 * and retention compares against it, so no device clock decides what is purged.
 */
export const SERVER_NOW_MS = `CAST(unixepoch('subsec') * 1000 AS INTEGER)`

const keyColumn = (table: SyncedTableName): string => {
  const key = tables[table].key
  if (key.length !== 1) throw new Error(`${table} has a compound key; it is not a pushable table`)
  return key[0] as string
}

const dataColumnsByTable = new Map<SyncedTableName, readonly string[]>()
/** The device-side columns the push writes (all but the two the server assigns), computed once per table. */
export const dataColumns = (table: SyncedTableName): readonly string[] => {
  let cols = dataColumnsByTable.get(table)
  if (cols === undefined) {
    cols = localColumns(table)
      .map((c) => c.name)
      .filter((c) => !MANAGED.has(c))
    dataColumnsByTable.set(table, cols)
  }
  return cols
}

const NEXT_SEQ = `(SELECT seq FROM sync_sequence WHERE id = 1) + :k`

/**
 * The binding guard of every push write (R12): the database belongs to the pushing user and, once the device knows
 * it, is the database the device is bound to (`:db` NULL before the first contact). A row that fails it is not
 * written; the push then reads the identity and fails with `identity`. Defence in depth: the engine checks first.
 */
const bound = (user: string): string =>
  `EXISTS (SELECT 1 FROM sync_identity WHERE id = 1 AND user_id = ${user} AND (:db IS NULL OR database_id = :db)) AND ${CURRENT}`

/**
 * The server is still the one the device last saw (R13): the generation it knows, the last push it saw still in the
 * log (unless retention removed it), and the sequence not below its cursors. A restored server reuses version numbers,
 * so a change based on "version 3" may meet another history's version 3 there: it must not apply until the device
 * has reconciled. `:gen` and `:seen_seq` are NULL before the device knows them. A push that fails it writes no
 * record (its sequence bump and log entry stay, harmless gaps: guarding them too costs reads on every push).
 */
const CURRENT =
  '(:gen IS NULL OR EXISTS (SELECT 1 FROM sync_identity WHERE id = 1 AND generation = :gen)) ' +
  'AND (:seen_seq IS NULL OR :seen_seq <= (SELECT purged_seq FROM sync_sequence WHERE id = 1) ' +
  'OR EXISTS (SELECT 1 FROM sync_log WHERE seq = :seen_seq AND head = :seen_head)) ' +
  'AND (SELECT seq FROM sync_sequence WHERE id = 1) >= :top'

/** Statement 2 of every push: whether {@link CURRENT} holds, read before any write of the batch. */
export const CURRENT_SQL = `SELECT ${CURRENT} AS current`

/** The first push claims an unclaimed database for its user; ids are random on the server, not a device's choice. */
export const CLAIM_IDENTITY_SQL =
  'INSERT OR IGNORE INTO sync_identity (id, database_id, user_id, generation, created_at) ' +
  `VALUES (1, lower(hex(randomblob(16))), :user, lower(hex(randomblob(16))), ${SERVER_NOW_MS})`

/**
 * Which database this is, whose, and its generation (R12, R13), with the sequence before the push: a device whose
 * cursor lies above it is pushing to a restored database, even when its push moves the sequence past every cursor.
 */
export const IDENTITY_SQL =
  'SELECT i.database_id, i.user_id, i.generation, s.seq FROM sync_identity i, sync_sequence s WHERE i.id = 1 AND s.id = 1'

/**
 * A device saw the database go back in time: a new generation tells every other device, even one whose cursor the
 * sequence has passed again since the restore (R13). Only the generation the device saw is replaced, so two devices
 * detecting the same rewind make one new generation.
 */
export const RENEW_GENERATION_SQL = 'UPDATE sync_identity SET generation = lower(hex(randomblob(16))) WHERE id = 1 AND generation = :seen'

/**
 * The version a write gives the record: one past its base, and for a record the server does not hold (base 0), one
 * past the retention watermark. Versions of one key never repeat, even across a purge and a re-creation: every
 * version of a purged incarnation is at most its last server sequence (the k-th write of a record has a sequence
 * of at least k), and that is at most `purged_seq`. So a device that still holds the old incarnation sees the new
 * one as newer, never as "already known" (I6, I12).
 */
const newVersion = (base: string): string => `CASE ${base} WHEN 0 THEN (SELECT purged_seq FROM sync_sequence WHERE id = 1) + 1 ELSE ${base} + 1 END`

const memo = <T>(build: (table: SyncedTableName) => T): ((table: SyncedTableName) => T) => {
  const cache = new Map<SyncedTableName, T>()
  return (table) => {
    let value = cache.get(table)
    if (value === undefined) cache.set(table, (value = build(table)))
    return value
  }
}

export const upsertSql = memo((table) => {
  const key = keyColumn(table)
  const cols = dataColumns(table)
  const updates = [...cols.filter((c) => c !== key), 'sync_version', 'server_seq'].map((c) => `${c} = excluded.${c}`)
  return (
    `INSERT OR IGNORE INTO ${table} (${cols.join(', ')}, sync_version, server_seq) ` +
    `SELECT ${cols.map((c) => `:c_${c}`).join(', ')}, ${newVersion(':base')}, ${NEXT_SEQ} ` +
    `WHERE coalesce((SELECT sync_version FROM ${table} WHERE ${key} = :id), 0) = :base AND ${bound(':c_user_id')} ` +
    `ON CONFLICT (${key}) DO UPDATE SET ${updates.join(', ')}`
  )
})

const sqlLiteral = (value: string | number | null): string =>
  value === null ? 'NULL' : typeof value === 'number' ? String(value) : `'${value.replace(/'/g, "''")}'`

/** A tombstone leaves no content behind (R4, R11): see `tombstoneClears`. */
export const tombstoneSql = memo((table) => {
  const key = keyColumn(table)
  const clears = tombstoneClears(table).map((c) => `${c.name} = ${sqlLiteral(c.value)}, `).join('')
  return (
    `UPDATE ${table} SET ${clears}deleted_at = ${SERVER_NOW_MS}, updated_at = :deleted_at, hlc = :hlc, mutation_id = :mutation, ` +
    `origin_device_id = :device, sync_version = :base + 1, server_seq = ${NEXT_SEQ} ` +
    `WHERE ${key} = :id AND sync_version = :base AND ${bound(':user')}`
  )
})

export const BUMP_SEQUENCE_SQL = 'UPDATE sync_sequence SET seq = seq + :n WHERE id = 1'

/** Right after the bump: this push's entry in `sync_log` (R13), read back by the next statement. */
export const LOG_PUSH_SQL = 'INSERT OR REPLACE INTO sync_log (seq, head) SELECT seq, lower(hex(randomblob(8))) FROM sync_sequence WHERE id = 1'
export const LOG_HEAD_SQL = 'SELECT seq, head FROM sync_log WHERE seq = (SELECT seq FROM sync_sequence WHERE id = 1)'

/**
 * The bulk form of the upsert: every upsert of one table in one statement, reading the records from a JSON array
 * (`[{ id, mutation, base, k, c_<column>… }]`), so a push of 1,000 records is a handful of statements, not 2,000.
 * Same conditions as {@link upsertSql}, per record.
 */
export const bulkUpsertSql = memo((table) => {
  const key = keyColumn(table)
  const cols = dataColumns(table)
  const field = (name: string): string => `j.value ->> '$.${name}'`
  const updates = [...cols.filter((c) => c !== key), 'sync_version', 'server_seq'].map((c) => `${c} = excluded.${c}`)
  return (
    `INSERT OR IGNORE INTO ${table} (${cols.join(', ')}, sync_version, server_seq) ` +
    `SELECT ${cols.map((c) => field(`c_${c}`)).join(', ')}, ${newVersion(`(${field('base')})`)}, (SELECT seq FROM sync_sequence WHERE id = 1) + (${field('k')}) ` +
    `FROM json_each(:records) AS j ` +
    `WHERE coalesce((SELECT sync_version FROM ${table} WHERE ${key} = ${field('id')}), 0) = ${field('base')} AND ${bound(':user')} ` +
    `ON CONFLICT (${key}) DO UPDATE SET ${updates.join(', ')}`
  )
})

/** The server rows behind pushed records, with this device's last applied mutation for each (I2). */
export const pushOutcomeSql = memo((table) => {
  const key = keyColumn(table)
  const cols = [...dataColumns(table), 'sync_version', 'server_seq'].map((c) => `t.${c}`)
  // For AI sessions, the totals over the server's non-deleted messages (the union of every device's uploads,
  // this request's included): the merge strategy recomputes the counts from them (I7).
  const totals =
    table === 'ai_memory_sessions'
      ? `, (SELECT count(*) FROM ai_memory_messages mm WHERE mm.session_id = t.id AND mm.deleted_at IS NULL) AS _message_count` +
        `, (SELECT coalesce(sum(mm.token_count), 0) FROM ai_memory_messages mm WHERE mm.session_id = t.id AND mm.deleted_at IS NULL) AS _token_count`
      : ''
  // The device wrote the current version: the row is its last applied mutation. Otherwise another writer came after
  // it, and the trigger kept the device's last one in sync_metadata (looked up only then).
  const mine = `t.origin_device_id IS :device`
  const last = (row: string, meta: string): string => `CASE WHEN ${mine} THEN t.${row} ELSE m.${meta} END`
  return (
    `SELECT ${cols.join(', ')}, ${last('mutation_id', 'last_mutation_id')} AS _mutation, ${last('sync_version', 'last_version')} AS _version, ` +
    `${last('server_seq', 'server_seq')} AS _seq${totals} ` +
    `FROM ${table} t LEFT JOIN sync_metadata m ON NOT (${mine}) AND m.entity_type = '${table}' AND m.entity_id = t.${key} AND m.device_id = :device ` +
    `WHERE t.${key} IN (SELECT value FROM json_each(:ids))`
  )
})

/**
 * Keyset-paged pull on the server sequence (I1); served by `idx_<table>_pull`. A page is bounded by rows and by bytes
 * (R9): rows are taken while the bytes before them stay under the budget (`?3`), so one page always makes progress
 * and stays under the server's response limit. `_bytes` is the running total, which tells the caller the budget ended
 * the page. Args: cursor, row limit, byte budget.
 */
export const pullSql = memo((table) => {
  const cols = [...dataColumns(table), 'sync_version', 'server_seq']
  const size = cols.map((c) => `coalesce(length(${c}), 0)`).join(' + ')
  return (
    `SELECT ${cols.join(', ')}, _bytes FROM (SELECT ${cols.join(', ')}, sum(${size}) OVER w AS _bytes, ` +
    `sum(${size}) OVER w - (${size}) AS _before FROM ` +
    `(SELECT * FROM ${table} WHERE server_seq > ?1 AND server_seq <= ?4 ORDER BY server_seq LIMIT ?2) ` +
    `WINDOW w AS (ORDER BY server_seq ROWS UNBOUNDED PRECEDING)) WHERE _before < ?3 ORDER BY server_seq`
  )
})

/**
 * The first sequence after a cursor (one index seek on `idx_<table>_pull`) and the sequence after this batch's bump
 * (so the caller knows which sequences this very transaction assigned).
 */
export const firstAfterSql = memo(
  (table) => `SELECT min(server_seq) AS first, (SELECT seq FROM sync_sequence WHERE id = 1) AS top FROM ${table} WHERE server_seq > ?`,
)

/** The server sequence and the retention watermark, read in the pull's own snapshot (one row, R3). */
export const SEQUENCE_SQL =
  'SELECT s.seq, s.purged_seq, i.database_id, i.user_id, i.generation, ' +
  // The device's last seen log entry, still there? And the newest one, for the device to remember (R13).
  '(SELECT head FROM sync_log WHERE seq = ?1) AS seen_head, l.seq AS log_seq, l.head AS log_head ' +
  'FROM sync_sequence s LEFT JOIN sync_identity i ON i.id = 1 LEFT JOIN (SELECT seq, head FROM sync_log ORDER BY seq DESC LIMIT 1) l ON 1 WHERE s.id = 1'

/** The idle probe: the server sequence alone, one row read (billed as one). */
export const PROBE_SQL = 'SELECT seq FROM sync_sequence WHERE id = 1'

export const countSql = memo((table) => `SELECT count(*) AS n FROM ${table} WHERE server_seq > ?`)

export { PULLED_TABLES, keyColumn }
