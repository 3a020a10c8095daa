import type { SqlValue } from '../engine/SqlEngine.js'

/**
 * Every row of a database at one moment: what a backup holds. `restore` puts a database back to it, as a restore
 * from backup (or a Turso point-in-time restore into the same URL) would: rows, sequence and identity all go back;
 * nothing tells the devices (they must notice by themselves).
 */
export interface DatabaseSnapshot {
  readonly tables: Readonly<Record<string, ReadonlyArray<Record<string, SqlValue>>>>
}

type Query = (sql: string) => Promise<Array<Record<string, SqlValue>>>

/** The tables a snapshot copies: ordinary tables, not full-text indexes (their triggers rebuild them) nor SQLite's own. */
const copiedTables = async (query: Query): Promise<string[]> => {
  const all = await query("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
  const virtual = all.filter((t) => /^CREATE VIRTUAL TABLE/i.test(String(t['sql']))).map((t) => String(t['name']))
  return all.map((t) => String(t['name'])).filter((name) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)))
}

export const takeSnapshot = async (query: Query): Promise<DatabaseSnapshot> => {
  const tables: Record<string, Array<Record<string, SqlValue>>> = {}
  for (const name of await copiedTables(query)) tables[name] = await query(`SELECT * FROM "${name}"`)
  return { tables }
}

const literal = (value: SqlValue): string => {
  if (value === null) return 'NULL'
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`
  return `X'${Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('')}'`
}

/**
 * The script that puts a database back to `snapshot`, in one transaction. Rows go through the tables' triggers, so
 * full-text indexes follow; `sync_metadata` is written last, after anything a trigger wrote into it.
 */
export const restoreScript = (snapshot: DatabaseSnapshot): string => {
  const names = Object.keys(snapshot.tables).sort((a, b) => Number(a === 'sync_metadata') - Number(b === 'sync_metadata'))
  const lines: string[] = names.map((name) => `DELETE FROM "${name}";`)
  for (const name of names) {
    for (const row of snapshot.tables[name] ?? []) {
      const cols = Object.keys(row)
      lines.push(`INSERT INTO "${name}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => literal(row[c] ?? null)).join(', ')});`)
    }
  }
  if (names.includes('sync_metadata')) {
    lines.push('DELETE FROM "sync_metadata";')
    for (const row of snapshot.tables['sync_metadata'] ?? []) {
      const cols = Object.keys(row)
      lines.push(`INSERT INTO "sync_metadata" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((c) => literal(row[c] ?? null)).join(', ')});`)
    }
  }
  return lines.join('\n')
}
