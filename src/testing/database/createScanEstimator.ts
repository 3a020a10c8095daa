import type { SqlConnection } from '../engine/SqlEngine.js'

/**
 * Estimates how many table rows a statement scans, from its `EXPLAIN QUERY PLAN`: the sum of the row counts of
 * every table the plan reads with a full `SCAN` (with or without a covering index). Lookups (`SEARCH`) cost
 * nothing here; the caller adds the rows returned or changed. Plans are cached per SQL text and schema version.
 *
 * Only reads are explained. Resetting an explained write (which must be done, or COMMIT fails as "statements in
 * progress") counts as a completed write of zero rows, so it would zero `changes()` for the next statement. Writes
 * are estimated by the rows they change.
 */
export const createScanEstimator = (conn: SqlConnection): ((sql: string) => number) => {
  const plans = new Map<string, readonly string[]>()
  let planSchema = -1n
  const schemaVersion = conn.prepare('PRAGMA schema_version')
  const tables = conn.prepare("SELECT json_group_array(name) FROM sqlite_schema WHERE type = 'table'")

  const scannedTables = (sql: string): readonly string[] => {
    const version = schemaVersion.first([])?.[0]
    if (version !== planSchema) {
      plans.clear()
      planSchema = typeof version === 'bigint' ? version : -1n
    }
    const cached = plans.get(sql)
    if (cached) return cached
    if (!/^\s*(SELECT|WITH|VALUES)\b/i.test(sql)) {
      plans.set(sql, [])
      return []
    }
    let found: string[] = []
    try {
      const names = JSON.parse(String(tables.first([])?.[0] ?? '[]')) as string[]
      const known = new Set(names.map((name) => name.toLowerCase()))
      const explain = conn.prepare(`EXPLAIN QUERY PLAN ${sql}`)
      const plan = explain.all([])
      // Explaining a write can leave the statement "in progress", which blocks COMMIT; first() resets it.
      explain.first([])
      found = plan.flatMap((row) => {
        const match = /^SCAN (\S+)(?: AS (\S+))?/.exec(String(row[3] ?? ''))
        if (!match?.[1] || / VIRTUAL TABLE/.test(String(row[3]))) return []
        const name = match[1].toLowerCase()
        if (known.has(name)) return [name]
        // The plan names an alias (`FROM t AS a`); find the table it stands for.
        const alias = new RegExp(`([A-Za-z_][A-Za-z0-9_]*)\\s+(?:AS\\s+)?${match[1]}\\b`, 'i').exec(sql)?.[1]
        return alias && known.has(alias.toLowerCase()) ? [alias.toLowerCase()] : []
      })
    } catch {
      // Statements that cannot be explained (BEGIN, or SQL that fails to prepare) scan nothing.
    }
    plans.set(sql, found)
    return found
  }

  return (sql: string): number =>
    scannedTables(sql).reduce((sum, table) => {
      const count = conn.prepare(`SELECT count(*) FROM "${table.replaceAll('"', '""')}"`).first([])?.[0]
      return sum + Number(count ?? 0)
    }, 0)
}
