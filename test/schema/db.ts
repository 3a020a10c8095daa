// Helpers for the schema tests: an in-memory libSQL database with schema.sql loaded, and valid rows built from the
// table description so each test states only the columns it is about.
import { createClient, type Client, type InArgs } from '@libsql/client'
import schemaSql from '../../schema.sql?raw'
import { tables, type TableName } from '../../src/schema'

export { schemaSql }

export async function openSchemaDb(): Promise<Client> {
  const client = createClient({ url: ':memory:' })
  await client.executeMultiple(schemaSql)
  return client
}

type Row = Record<string, string | number | null>

/** Values that satisfy the CHECK constraints; every other column gets a plain value of its kind. */
const valid: Partial<Record<string, string | number>> = {
  type: 'postgres',
  host: 'db.example.com',
  port: 5432,
  status: 'success',
  privacy_mode: 'normal',
  role: 'user',
  content_encoding: 'identity',
  is_favorite: 0,
  is_active: 1,
  device_type: 'desktop',
  strategy: 'last-write-wins',
  resolution: 'remote',
  resolved_by: 'auto',
  entity_type: 'saved_queries',
  checksum: 'sha256:00',
  version: 7,
}

let counter = 0

/** A valid row for `table`, every described column filled (server-only ones left to the database). */
export function validRow(table: TableName, overrides: Row = {}): Row {
  counter += 1
  const row: Row = {}
  for (const column of tables[table].columns) {
    if ('serverOnly' in column && column.serverOnly) continue
    const preset = valid[column.name]
    row[column.name] =
      preset !== undefined
        ? preset
        : column.kind === 'json'
          ? '{"n":1}'
          : column.kind === 'integer' || column.kind === 'real'
            ? 1
            : column.kind === 'blob'
              ? null
              : `${column.name}-${counter}`
  }
  if (table === 'user_preferences') row['device_id'] = null
  if ('deleted_at' in row) row['deleted_at'] = null
  return { ...row, ...overrides }
}

export async function insert(client: Client, table: TableName, row: Row): Promise<void> {
  const names = Object.keys(row)
  await client.execute({
    sql: `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
    args: Object.values(row) as InArgs,
  })
}

/** Resolves to the libSQL error code of a failed insert, or 'OK'. */
export async function insertCode(client: Client, table: TableName, row: Row): Promise<string> {
  try {
    await insert(client, table, row)
    return 'OK'
  } catch (error) {
    return String((error as { extendedCode?: unknown; code?: unknown }).extendedCode ?? (error as { code?: unknown }).code)
  }
}
