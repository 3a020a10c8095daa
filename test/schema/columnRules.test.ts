// Local and remote schema come from one source (R7): this file proves, column by column through the real schema on
// libSQL, that the table description (`tables`, what the device applies at the write) agrees with schema.sql on
// DEFAULT and CHECK. Types and NOT NULL are compared in schemaSql.test.ts.
import { beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient, type Client, type InValue } from '@libsql/client'
import { localColumns, normalizeRow, preferenceId, tables, validateRow, type ColumnSpec, type TableName, type TableSpec } from '@howlerops/sync'
import { openSchemaDb, schemaSql } from './db'

const tableNames = Object.keys(tables) as TableName[]

let db: Client
/** A file database: a probe runs in a transaction that is rolled back, which an in-memory client cannot do. */
let probeDb: Client
beforeAll(async () => {
  db = await openSchemaDb()
  probeDb = createClient({ url: `file:${join(mkdtempSync(join(tmpdir(), 'schema-probe-')), 'probe.db')}` })
  await probeDb.executeMultiple(schemaSql)
})

/** The SQL literal of a description default, as PRAGMA table_info shows it. */
const sqlLiteral = (value: string | number | undefined): string | null =>
  value === undefined ? null : typeof value === 'number' ? String(value) : `'${value.replace(/'/g, "''")}'`

/** Every named CHECK the description evaluates, per table. */
const describedConstraints = (table: TableName): Set<string> => {
  const names = new Set<string>()
  for (const column of localColumns(table)) if (column.check !== undefined) names.add(column.check.constraint)
  for (const check of (tables[table] as TableSpec).checks ?? []) names.add(check.constraint)
  return names
}

describe('the description agrees with schema.sql', () => {
  it.each(tableNames)('%s: every DEFAULT is the same', async (table) => {
    const { rows } = await db.execute(`SELECT name, dflt_value FROM pragma_table_info('${table}') ORDER BY cid`)
    const server = Object.fromEntries(rows.map((r) => [String(r['name']), r['dflt_value'] as string | null]))
    const described = Object.fromEntries(localColumns(table).map((c) => [c.name, sqlLiteral(c.default)]))
    for (const name of Object.keys(described)) expect([table, name, described[name]]).toEqual([table, name, server[name]])
  })

  it.each(tableNames)('%s: every CHECK of schema.sql is named and evaluated on the device', async (table) => {
    const { rows } = await db.execute(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?`, [table])
    const sql = String(rows[0]?.['sql'])
    const named = [...sql.matchAll(/CONSTRAINT\s+(\w+)\s+CHECK/g)].map((m) => m[1])
    expect(sql.match(/\bCHECK\b/g)?.length ?? 0).toBe(named.length) // no anonymous CHECK the device would not know
    expect(new Set(named)).toEqual(describedConstraints(table))
  })
})

// --- Behaviour: the same rows through the device's rules and through libSQL -------------------------------------

let counter = 0
const PRESETS: Record<string, unknown> = {
  type: 'postgres',
  host: 'db.example.com',
  port: 5432,
  status: 'success',
  role: 'user',
  device_type: 'desktop',
  strategy: 'keep-both',
  resolution: 'both',
  resolved_by: 'user',
  entity_type: 'saved_queries',
  checksum: 'sha256:00',
  version: 7,
  privacy_mode: 'normal',
  content_encoding: 'identity',
  is_favorite: 0,
  is_active: 1,
  device_id: null,
}

/** A valid device-form row of `table`, its key unique to this call. */
const deviceRow = (table: TableName): Record<string, unknown> => {
  counter += 1
  const row: Record<string, unknown> = {}
  for (const column of localColumns(table)) {
    row[column.name] =
      column.name in PRESETS ? PRESETS[column.name] : column.kind === 'json' ? { n: 1 } : column.kind === 'integer' ? 1 : `${column.name}-${counter}`
  }
  for (const key of tables[table].key) row[key] = key === 'version' ? 1000 + counter : `${key}-${counter}`
  if ('deleted_at' in row) row['deleted_at'] = null
  if (table === 'user_preferences') row['id'] = preferenceId(String(row['key']))
  return row
}

const PROBES: Record<ColumnSpec['kind'], readonly unknown[]> = {
  text: ['x', '', ' ', 42, 4.5, true, null, undefined, { a: 1 }],
  integer: [0, 1, 2, -1, 7.5, 65535, 65536, '42', 'abc', true, false, null, undefined, 2 ** 53],
  real: [0, 1.5, 'x', null, undefined],
  json: [{ n: 1 }, [1, 2], 'text', 5, null, undefined, [1n]],
  blob: [new Uint8Array([1]), 'x', null, undefined],
}

const probesFor = (column: ColumnSpec): unknown[] => {
  const extra = column.check?.kind === 'in' ? [...column.check.values, 'bogus'] : []
  return [...PROBES[column.kind], ...extra]
}

/** What the push sends for a device value (src/remote/codec.ts toServerValue), or `refused` when it cannot be sent. */
const toServer = (column: ColumnSpec, value: unknown): InValue | 'unsendable' => {
  if (value === null) return null
  if (column.kind === 'json') {
    try {
      return JSON.stringify(value) ?? 'unsendable'
    } catch {
      return 'unsendable'
    }
  }
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'object' && !(value instanceof Uint8Array)) return JSON.stringify(value)
  return value as InValue
}

type ServerVerdict = { ok: true; stored: Record<string, unknown> } | { ok: false; code: string } | { ok: 'skip' }

/** Inserts the row as the server would receive it (omitted columns omitted), reads it back, and rolls back. */
const serverVerdict = async (table: TableName, row: Record<string, unknown>): Promise<ServerVerdict> => {
  const columns = localColumns(table).filter((c) => row[c.name] !== undefined)
  const values = columns.map((c) => toServer(c, row[c.name]))
  if (values.includes('unsendable')) return { ok: false, code: 'unsendable' }
  const extra = Object.keys(row).filter((k) => !localColumns(table).some((c) => c.name === k))
  const names = [...columns.map((c) => c.name), ...extra]
  const args = [...values, ...extra.map(() => 1)] as InValue[]
  const tx = await probeDb.transaction('write')
  try {
    await tx.execute({ sql: `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`, args })
    const key = tables[table].key
    const found = await tx.execute({ sql: `SELECT * FROM ${table} WHERE ${key.map((k) => `${k} = ?`).join(' AND ')}`, args: key.map((k) => toServer(localColumns(table).find((c) => c.name === k) as ColumnSpec, row[k]) as InValue) })
    return { ok: true, stored: { ...(found.rows[0] as unknown as Record<string, unknown>) } }
  } catch (error) {
    const code = String((error as { extendedCode?: string; code?: string }).extendedCode ?? (error as { code?: string }).code)
    // A key collision is about the probe, not about a column rule.
    if (/PRIMARYKEY|UNIQUE/.test(code)) return { ok: 'skip' }
    return { ok: false, code }
  } finally {
    await tx.rollback()
  }
}

/** Rules where the device is stricter than SQLite by design (the device row must equal the row the server returns). */
const STRICTER = new Set(['type', 'natural-key'])

const variants = (table: TableName): Array<[string, Record<string, unknown>]> => {
  const out: Array<[string, Record<string, unknown>]> = []
  for (const column of localColumns(table)) {
    for (const value of probesFor(column)) {
      const row = deviceRow(table)
      if (value === undefined) delete row[column.name]
      else row[column.name] = value
      out.push([`${column.name} = ${typeof value === 'bigint' ? 'bigint' : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? 'bigint' : v)) ?? 'undefined'}`, row])
    }
  }
  out.push(['an unknown column', { ...deviceRow(table), bogus_column: 1 }])
  if (table === 'connection_templates') {
    out.push(['a file database without a host', { ...deviceRow(table), type: 'sqlite', host: null }])
    out.push(['duckdb with an empty host', { ...deviceRow(table), type: 'duckdb', host: '' }])
    out.push(['postgres without a host', { ...deviceRow(table), host: null }])
  }
  return out
}

describe('the device refuses exactly what libSQL refuses, and stores what libSQL would store', () => {
  it.each(tableNames)('%s', async (table) => {
    const disagreements: string[] = []
    let probes = 0
    for (const [what, row] of variants(table)) {
      const normalized = normalizeRow(table, row)
      const client = validateRow(table, normalized)
      // A derived key is a device-side rule the server has no DEFAULT for: the push always sends it.
      const keyColumn = tables[table].key[0] as string
      const sent = (tables[table] as TableSpec).derivedKey !== undefined ? { ...row, [keyColumn]: normalized[keyColumn] } : row
      const server = await serverVerdict(table, sent)
      if (server.ok === 'skip') continue
      // An INTEGER PRIMARY KEY is the rowid: SQLite assigns one for NULL. Only the server writes schema_migrations.
      if (table === 'schema_migrations' && what.startsWith('version = null')) continue
      probes += 1
      if (server.ok === false && client === undefined) disagreements.push(`${what}: the server refuses (${server.code}), the device accepts`)
      if (server.ok === true && client !== undefined && !STRICTER.has(client.rule)) {
        disagreements.push(`${what}: the device refuses (${client.rule} ${client.column}), the server accepts`)
      }
      if (server.ok === true && client === undefined) {
        // Same stored values, defaults included: the device row equals what a pull would bring back.
        for (const column of localColumns(table)) {
          const mine = toServer(column, normalized[column.name] ?? null)
          if (server.stored[column.name] !== mine) {
            disagreements.push(`${what}: ${column.name} is ${JSON.stringify(mine)} on the device, ${JSON.stringify(server.stored[column.name])} on the server`)
          }
        }
      }
    }
    expect(disagreements).toEqual([])
    expect(probes).toBeGreaterThan(20)
  })
})
