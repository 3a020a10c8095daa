import { sanitizeRecord } from '@howlerops/sync/security'
import { PULLED_TABLES, SYNC_COLUMN_NAMES, isLocalOnly, isSyncedTableName, keyOf, localColumns, sealedColumns, tables, type ConflictRecord, type SyncedTableName, type TableName } from '@howlerops/sync'
import type { SyncDatabase } from '@howlerops/sync/dexie'
import type { EditTable, Plan } from './plan'
import { markersIn, plainMarkersIn } from './records'
import type { Tab, World } from './world'

/**
 * The checks after a run, once every device has synced until nothing moves.
 *
 * Convergence (I12) compares every device-side column, the sync columns included (`hlc`, `mutation_id`,
 * `origin_device_id`, `sync_version`, `server_seq`, `updated_at`): the device stores the server's row, so they must
 * match too. Two things differ by design and are normalised first: a device keeps its own SQL text while the server
 * holds the redacted text (so device rows go through `sanitizeRecord` before comparing), and records that never
 * leave the device (private history, device-specific preferences) are compared with nothing.
 */
export interface LedgerEdit {
  readonly marker: string
  readonly step: number
  readonly device: number
  readonly table: EditTable
  readonly key: string
  readonly field: string
  /** The record was local-only (private history, device-specific preference) right after the write. */
  readonly isPrivate: boolean
  /** The device had seen the server's current version and nobody else had anything pending (R2). */
  readonly causal: boolean
}

export interface LedgerWrite {
  readonly step: number
  readonly device: number
  readonly table: EditTable
  readonly key: string
  /** The write changed the record's privacy. */
  readonly privacy: boolean
}

export interface Ledger {
  /** The step being run (plan length during the settle phase). */
  step: number
  readonly edits: LedgerEdit[]
  /** Every app write and delete, the app's own side writes (session counts) and user answers included. */
  readonly writes: LedgerWrite[]
  /** Markers that a later edit overwrote knowingly (the writing device held them when it wrote). */
  readonly superseded: Set<string>
  readonly deletes: Array<{
    readonly step: number
    readonly device: number
    readonly table: EditTable
    readonly key: string
    readonly contested: boolean
    /** Archive rows about the record when it was deleted (an uncontested delete adds none, R5). */
    readonly archiveIds: Set<string>
  }>
  readonly secrets: string[]
  /** Markers written while their record was local-only and not published since by their device (R4). */
  readonly privateMarkers: Map<string, LedgerEdit>
  readonly leaked: Set<string>
  /** `table/key` of shared records that went through a privacy transition. */
  readonly flipped: Set<string>
  /** Records the server refuses; they stay on their device, quarantined (or are refused at the write). */
  readonly poison: Array<{ readonly device: number; readonly key: string; readonly marker: string; readonly refused: boolean }>
  /** Sessions whose counts the app's own bookkeeping cannot vouch for (a message or the session was deleted). */
  readonly touchedSessions: Set<string>
  readonly appCounts: boolean
  readonly manualTables: Set<string>
  /** Records (`table/key`) whose server version a restore took back: a device may hold a lost version (issue 26). */
  readonly rewound: Set<string>
  /** Step at which each held conflict was first seen. */
  readonly heldSince: Map<string, number>
  /** Every archive row the server held at some point (archive retention purges rows during long aways). */
  readonly archive: Map<string, Row>
  /** Failures found while the steps ran (unstamped writes, private content on the wire, held values replaced). */
  readonly findings: string[]
  find(failure: string): void
}

export const createLedger = (plan: Plan): Ledger => {
  const findings: string[] = []
  return {
    step: 0,
    edits: [],
    writes: [],
    superseded: new Set(),
    deletes: [],
    secrets: [],
    privateMarkers: new Map(),
    leaked: new Set(),
    flipped: new Set(),
    poison: [],
    touchedSessions: new Set(),
    appCounts: plan.appCounts === true,
    manualTables: new Set(Object.keys(plan.strategies ?? {})),
    rewound: new Set(),
    heldSince: new Map(),
    archive: new Map(),
    findings,
    find(failure) {
      if (findings.length < 40) findings.push(failure)
    },
  }
}

export type Row = Record<string, unknown>

export const keyColumn = (table: TableName): string => tables[table].key[0] as string

/** The user fields a held conflict asks about: changed on both sides since the base, to different values. */
export const heldFields = (held: ConflictRecord): string[] => {
  const local = held.local ?? {}
  const remote = held.remote ?? {}
  const base = held.base ?? {}
  return Object.keys(local).filter(
    (f) => !SYNC_COLUMN_NAMES.has(f) && stable(local[f]) !== stable(base[f]) && stable(remote[f]) !== stable(base[f]) && stable(local[f]) !== stable(remote[f]),
  )
}

export const snapshotArchive = async (world: World, ledger: Ledger): Promise<void> => {
  for (const row of await serverRows(world, 'sync_conflicts_archive')) ledger.archive.set(String(row['id']), row)
}

export const stable = (value: unknown): string => {
  if (value === undefined) return 'null'
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`
  return `{${Object.keys(value as Row).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Row)[k])}`).join(',')}}`
}

const jsonColumns = (table: TableName): Set<string> => new Set(localColumns(table).filter((c) => c.kind === 'json').map((c) => c.name))

const normalise = (table: TableName, row: Row): Row =>
  Object.fromEntries(localColumns(table).map((c) => [c.name, row[c.name] ?? null]))

export const serverRows = async (world: World, table: TableName): Promise<Row[]> => {
  const cols = localColumns(table).map((c) => c.name)
  const json = jsonColumns(table)
  const rows = await world.emulator.query(world.dbName, `SELECT ${cols.join(', ')} FROM ${table}`)
  // Every device seals (R11): the server's rows are read as a device reads them, opened with the user's key.
  return Promise.all(
    rows.map((row) => {
      const out: Row = {}
      for (const c of cols) {
        const v = row[c]
        out[c] = json.has(c) && typeof v === 'string' ? JSON.parse(v) : v
      }
      return world.openRow(table, out)
    }),
  )
}

/** Every table's rows as the server holds them, opened (the R4 oracle reads content, sealed or not). */
const serverTextOpened = async (world: World, table: TableName): Promise<string> =>
  JSON.stringify(isSyncedTableName(table) ? await serverRows(world, table) : await world.emulator.query(world.dbName, `SELECT * FROM ${table}`))

/** The device's row as the server should hold it: plain columns sanitized, sealed columns exactly as written (R11). */
const asSent = (table: TableName, row: Row): Row => {
  const sanitized: Row = { ...sanitizeRecord(table, row) }
  for (const { name } of sealedColumns(table)) if (name in row) sanitized[name] = row[name]
  return sanitized
}

const SYNC_COLUMNS = new Set(['user_id', 'created_at', 'updated_at', 'deleted_at', 'sync_version', 'server_seq', 'hlc', 'mutation_id', 'origin_device_id'])

const isLive = (row: Row): boolean => row['deleted_at'] === null || row['deleted_at'] === undefined

const dbOf = (world: World, d: number): SyncDatabase => ((world.devices[d]?.tabs[0] as Tab).db) as SyncDatabase

/**
 * Divergences that a known, open bug explains (REPORT.md, regressions.test.ts). They are reported in `known`, not
 * as failures, so the normal seeds keep testing everything else; `SIM_STRICT=1` makes them failures again.
 */
export interface KnownBugs {
  /** Bug 1: a replayed upload re-records its mutation with a fresh server sequence; the device keeps that one. */
  readonly replayServerSeq: boolean
}

export const NO_KNOWN_BUGS: KnownBugs = { replayServerSeq: false }

export const checkWorld = async (world: World, ledger: Ledger, bugs: KnownBugs = NO_KNOWN_BUGS, known: string[] = []): Promise<string[]> => {
  const failures: string[] = []
  const serverLive = new Map<SyncedTableName, Row[]>()
  const poisonKeys = new Set(ledger.poison.map((p) => p.key))
  const flippedKeys = (table: string): Set<string> => new Set([...ledger.flipped].filter((k) => k.startsWith(`${table}/`)).map((k) => k.slice(table.length + 1)))

  // 1. Outboxes drained, nothing quarantined but the records the server refuses.
  for (const device of world.devices) {
    const db = dbOf(world, device.index)
    const outbox = await db._outbox.toArray()
    if (outbox.length > 0) failures.push(`d${device.index}: outbox not empty: ${outbox.map((e) => `${e.table}/${e.key} ${e.op} sent=${e.sent}`).join('; ')}`)
    const quarantined = (await db.sync.quarantined()).filter((q) => !(q.table === 'saved_queries' && poisonKeys.has(q.key)))
    if (quarantined.length > 0) failures.push(`d${device.index}: quarantined: ${quarantined.map((q) => `${q.table}/${q.key} ${q.code}`).join('; ')}`)
  }

  // 2. Identical data everywhere (I12).
  for (const table of PULLED_TABLES) {
    const all = await serverRows(world, table)
    const live = all.filter(isLive)
    serverLive.set(table, live)
    const server = new Map(live.map((r) => [keyOf(table, r), stable(normalise(table, r))]))
    const serverAll = new Map(all.map((r) => [keyOf(table, r), r]))
    const flipped = flippedKeys(table)
    for (const device of world.devices) {
      const rows = (await dbOf(world, device.index).table(table).toArray()) as Row[]
      const diffs: string[] = []
      const seen = new Set<string>()
      for (const row of rows) {
        const key = keyOf(table, row)
        if (isLocalOnly(table, row)) {
          // A record made local-only while another device edited it may stay live there; this device keeps its own.
          seen.add(key)
          if (!flipped.has(key) && serverAll.has(key) && isLive(serverAll.get(key) as Row)) diffs.push(`${key}: private on the device but live on the server`)
          continue
        }
        if (table === 'saved_queries' && poisonKeys.has(key)) {
          seen.add(key)
          continue
        }
        seen.add(key)
        const mine = normalise(table, asSent(table, row))
        const theirs = server.get(key)
        if (theirs === undefined) {
          const tomb = serverAll.get(key)
          diffs.push(`${key}: on the device but ${tomb === undefined ? 'not on the server' : `deleted on the server (v${String(tomb['sync_version'])})`}`)
        } else if (stable(mine) !== theirs) {
          const s = JSON.parse(theirs) as Row
          const cols = Object.keys(mine).filter((c) => stable(mine[c]) !== stable(s[c]))
          if (bugs.replayServerSeq && cols.length === 1 && cols[0] === 'server_seq') {
            known.push(`bug 1: d${device.index} ${table}/${key} server_seq ${String(mine['server_seq'])} vs ${String(s['server_seq'])}`)
            continue
          }
          diffs.push(`${key}: differs in ${cols.map((c) => `${c} (device ${stable(mine[c]).slice(0, 60)} / server ${stable(s[c]).slice(0, 60)})`).join(', ')}`)
        }
      }
      for (const key of server.keys()) if (!seen.has(key)) diffs.push(`${key}: on the server, missing on the device`)
      if (diffs.length > 0) failures.push(`d${device.index} ${table} diverges from the server (I12): ${diffs.slice(0, 6).join('; ')}${diffs.length > 6 ? ` … ${diffs.length - 6} more` : ''}`)
    }
  }

  // R1: every row on the server carries the writer's clock, device and user.
  for (const table of PULLED_TABLES) {
    const rows = await world.emulator.query(world.dbName, `SELECT ${keyColumn(table)} AS k, hlc, origin_device_id, user_id FROM ${table}`)
    const bad = rows.filter((r) => [r['hlc'], r['origin_device_id'], r['user_id']].some((v) => typeof v !== 'string' || v === ''))
    if (bad.length > 0) {
      failures.push(`UNSTAMPED rows on the server (R1): ${table} ${bad.slice(0, 4).map((r) => `${String(r['k'])} (hlc ${JSON.stringify(r['hlc'])}, origin ${JSON.stringify(r['origin_device_id'])}, user ${JSON.stringify(r['user_id'])})`).join('; ')}${bad.length > 4 ? ` … ${bad.length - 4} more` : ''}`)
    }
  }

  // 3. The archive: every conflict a device recorded reached the server.
  await snapshotArchive(world, ledger)
  const archive = [...ledger.archive.values()]
  const archiveIds = new Set(archive.map((r) => String(r['id'])))
  const archiveText = archive.map((r) => JSON.stringify(r)).join('\n')
  const localArchive: Row[] = []
  for (const device of world.devices) {
    const local = (await dbOf(world, device.index).table('sync_conflicts_archive').toArray()) as Row[]
    localArchive.push(...local)
    const missing = local.filter((r) => !archiveIds.has(String(r['id'])))
    if (missing.length > 0) failures.push(`d${device.index}: ${missing.length} archived conflicts never reached the server`)
  }

  // Oracle (a): no local-only content in any server row or archive row, tombstones and every table included (R4).
  const serverText: string[] = [archiveText]
  for (const table of Object.keys(tables) as TableName[]) serverText.push(await serverTextOpened(world, table))
  const onServer = new Set(markersIn(serverText.join('\n')))
  // Oracle (sealed, R11): no user-authored marker in plaintext in any server row, tombstones and archive included.
  for (const table of Object.keys(tables) as TableName[]) {
    const plain = plainMarkersIn(JSON.stringify(await world.emulator.query(world.dbName, `SELECT * FROM ${table}`)))
    if (plain.length > 0) failures.push(`PLAINTEXT user content on the server (R11): ${table} holds ${plain.slice(0, 3).join(', ')} unsealed`)
  }
  for (const [m, e] of ledger.privateMarkers) {
    if (onServer.has(m)) failures.push(`PRIVATE content on the server (R4): ${m} (step ${e.step}, d${e.device} ${e.table}/${e.key}.${e.field}, local-only when written) is in a server row or archive snapshot`)
  }

  // 4. No acknowledged edit lost, none duplicated.
  const liveText = new Map<SyncedTableName, string[]>()
  for (const [table, rows] of serverLive) liveText.set(table, rows.map((r) => JSON.stringify(r)))
  for (const e of ledger.edits) {
    if (ledger.superseded.has(e.marker)) continue
    if (ledger.privateMarkers.has(e.marker)) {
      const rows = (await dbOf(world, e.device).table(e.table).toArray()) as Row[]
      if (!rows.some((r) => JSON.stringify(r).includes(e.marker))) {
        const now = rows.find((r) => keyOf(e.table, r) === e.key)
        const how = now === undefined ? 'the record is gone from its device (pruned, or deleted by a pull)' : isLocalOnly(e.table, now) ? 'overwritten while local-only' : 'overwritten by a shared version (a pull or a resolution touched a local-only row)'
        failures.push(`LOST private edit ${e.marker} (step ${e.step}, d${e.device} ${e.table}/${e.key}.${e.field}): ${how} (R4)`)
      }
      continue
    }
    const holders = (liveText.get(e.table) ?? []).filter((t) => t.includes(e.marker))
    if (holders.length === 0 && !archiveText.includes(e.marker)) {
      // Made private (or device-specific) after it was written, by its own device or by one that had pulled it (a
      // withdrawal based on the version carrying the edit): R4 keeps it on that device and nowhere else.
      let kept = false
      for (const device of world.devices) {
        const rows = (await dbOf(world, device.index).table(e.table).toArray()) as Row[]
        if (rows.some((r) => keyOf(e.table, r) === e.key && isLocalOnly(e.table, r) && JSON.stringify(r).includes(e.marker))) kept = true
      }
      if (kept) continue
      failures.push(`LOST edit ${e.marker} (step ${e.step}, d${e.device} ${e.table}/${e.key}.${e.field}): not in any live row nor in the archive (I12)`)
    }
  }

  // Records the server refuses stay on their device, quarantined, and never reach the server (I9, R4).
  for (const p of ledger.poison) {
    if (p.refused) continue
    const row = (await dbOf(world, p.device).table('saved_queries').get(p.key)) as Row | undefined
    if (row === undefined || !JSON.stringify(row).includes(p.marker)) failures.push(`LOST quarantined record saved_queries/${p.key} (d${p.device}, ${p.marker}): gone from its device (R4)`)
    if ((serverLive.get('saved_queries') ?? []).some((r) => r['id'] === p.key)) failures.push(`POISON record saved_queries/${p.key} is live on the server`)
  }

  // Retries and second tabs must not duplicate a record: no two live rows of one record family (a key and its
  // conflicted copies) may hold the same data. A keep-both copy always differs from the row it was split from.
  for (const [table, rows] of serverLive) {
    const title = (tables[table] as { titleColumn?: string }).titleColumn
    const keyColumn = tables[table].key[0] as string
    const families = new Map<string, string[]>()
    for (const row of rows) {
      const data: Row = {}
      for (const c of localColumns(table)) {
        if (c.name === keyColumn || SYNC_COLUMNS.has(c.name)) continue
        data[c.name] = c.name === title ? String(row[c.name] ?? '').replace(/ \(conflicted copy[^)]*\)/g, '') : row[c.name]
      }
      const signature = `${String(row[keyColumn]).split('~')[0]}\u0000${stable(data)}`
      families.set(signature, [...(families.get(signature) ?? []), String(row[keyColumn])])
    }
    for (const keys of families.values()) if (keys.length > 1) failures.push(`DUPLICATE ${table} records with the same data: ${keys.join(', ')}`)
  }

  // 5. Deletes that nobody contested stay deleted (I6), unless the record was written again later; and they raise
  //    no conflict (R5: a delete after a lost response is based on what the server committed).
  const allArchive = [...archive, ...localArchive]
  for (const del of ledger.deletes) {
    if (del.contested) continue
    if (ledger.writes.some((w) => w.step > del.step && w.table === del.table && w.key === del.key)) continue
    const live = (serverLive.get(del.table) ?? []).some((r) => keyOf(del.table, r) === del.key)
    if (live) failures.push(`RESURRECTED: ${del.table}/${del.key} deleted at step ${del.step} (uncontested) is live on the server (I6)`)
    const spurious = new Set(allArchive.filter((r) => r['entity_type'] === del.table && r['entity_id'] === del.key && !del.archiveIds.has(String(r['id']))).map((r) => String(r['id'])))
    if (spurious.size > 0) failures.push(`SPURIOUS conflict (R5): ${del.table}/${del.key} deleted at step ${del.step} by d${del.device} (uncontested) was archived as a conflict: ${[...spurious].slice(0, 2).join(', ')}`)
  }

  // R2: an edit made after its device saw the record's last change, and not followed by anyone else's write, is
  //     what the server keeps, whatever the device clocks say.
  for (const e of ledger.edits) {
    if (!e.causal || ledger.superseded.has(e.marker)) continue
    if (ledger.writes.some((w) => w.step > e.step && w.table === e.table && w.key === e.key && (w.device !== e.device || w.privacy))) continue
    const row = (serverLive.get(e.table) ?? []).find((r) => keyOf(e.table, r) === e.key)
    if (row === undefined || !markersIn(row[e.field]).includes(e.marker)) {
      failures.push(`CAUSAL edit lost (R2): ${e.marker} (step ${e.step}, d${e.device} ${e.table}/${e.key}.${e.field}) was made after d${e.device} saw the record's last change and nobody wrote it later, but the server holds ${row === undefined ? 'no live row' : stable(row[e.field]).slice(0, 50)}`)
    }
  }

  // Merge strategy (I7): a session's counts are those of the union of its messages.
  if (ledger.appCounts) {
    const messages = serverLive.get('ai_memory_messages') ?? []
    for (const session of serverLive.get('ai_memory_sessions') ?? []) {
      const id = String(session['id'])
      if (ledger.touchedSessions.has(id)) continue
      const mine = messages.filter((m) => m['session_id'] === id)
      const count = mine.length
      const tokens = mine.reduce((sum, m) => sum + Number(m['token_count'] ?? 0), 0)
      if (Number(session['message_count']) !== count || Number(session['token_count']) !== tokens) {
        failures.push(`SESSION COUNTS wrong (I7 merge): ai_memory_sessions/${id} says ${String(session['message_count'])} messages / ${String(session['token_count'])} tokens, the union of its messages is ${count} / ${tokens}`)
      }
    }
  }

  // 6. No secret on the server (I10), no connection secret in IndexedDB.
  if (ledger.secrets.length > 0) {
    for (const table of Object.keys(tables) as TableName[]) {
      const rows = await world.emulator.query(world.dbName, `SELECT * FROM ${table}`)
      const text = JSON.stringify(rows)
      const found = ledger.secrets.filter((s) => text.includes(s))
      if (found.length > 0) failures.push(`SECRET on the server in ${table}: ${found.length} credential(s) (I10)`)
    }
    for (const device of world.devices) {
      const db = dbOf(world, device.index)
      for (const name of ['connection_templates', '_base', 'sync_conflicts_archive', '_outbox'] as const) {
        const rows = (await db.table(name).toArray()) as Row[]
        const leaking = rows.filter((r) => r['table'] !== 'query_history' && r['entity_type'] !== 'query_history' && ledger.secrets.some((s) => JSON.stringify(r).includes(s)))
        if (leaking.length > 0) failures.push(`d${device.index}: connection secret stored in IndexedDB table ${name} (I10)`)
      }
    }
  }
  return failures
}
