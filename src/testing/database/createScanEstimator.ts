import type { SqlConnection } from '../engine/SqlEngine.js'
import type { PlanCache, PlanLine } from './PlanCache.js'

const explained = /^\s*(SELECT|WITH|VALUES|INSERT|REPLACE|UPDATE|DELETE)\b/i
const onceSubquery = /^(SCALAR SUBQUERY|LIST SUBQUERY|MATERIALIZE|CO-ROUTINE|COMPOUND QUERY|MULTI-INDEX OR|LEFT-MOST SUBQUERY|UNION|EXCEPT|INTERSECT|INDEX )/
const correlated = /^CORRELATED (SCALAR|LIST) SUBQUERY/
// `SELECT … FROM t LIMIT n [OFFSET m]` with nothing that needs every row first: the scan stops early.
const plainLimit = /\bLIMIT\s+(\d+)(?:\s+OFFSET\s+(\d+))?\s*;?\s*$/i
const needsAllRows = /\b(WHERE|ORDER\s+BY|GROUP\s+BY|DISTINCT|HAVING|JOIN|count|sum|total|avg|min|max|group_concat|json_group_array|json_group_object)\b/i

/**
 * Estimates the rows a statement reads (Turso bills rows *scanned*) from its `EXPLAIN QUERY PLAN`, walking the
 * plan's loops as SQLite nests them:
 * - `SCAN t` reads every row of `t` once per row of the loops outside it;
 * - `SEARCH t USING …` reads one row per outer row (a range counts as one); an AUTOMATIC index first reads all of
 *   `t` once; a bare `SEARCH t` (nothing to search with) is a scan;
 * - a correlated subquery runs once per outer row, other subqueries once;
 * - a plain `LIMIT n` over one scan with no filter, order or aggregate stops after `n (+ offset)` rows.
 * Writes are explained too (UPDATE/DELETE filters, INSERT … SELECT sources). The caller takes the larger of this and
 * the rows returned or changed. It is an upper-bound model: filters that cut outer loops short are not seen.
 */
export const createScanEstimator = (conn: SqlConnection, cache: PlanCache): ((sql: string) => number) => {
  const schemaVersion = conn.prepare('PRAGMA schema_version')
  const tableNames = conn.prepare("SELECT json_group_array(lower(name)) FROM sqlite_schema WHERE type = 'table'")
  const counts = new Map<string, number>()

  const explain = (sql: string): PlanLine[] => {
    try {
      const statement = conn.prepare(`EXPLAIN QUERY PLAN ${sql}`)
      const rows = statement.all([])
      statement.first([])
      return rows.map((row) => ({ id: Number(row[0]), parent: Number(row[1]), detail: String(row[3] ?? '') }))
    } catch {
      // Statements that cannot be explained (SQL that fails to prepare) scan nothing.
      return []
    }
  }

  const rowsOf = (name: string, sql: string, known: ReadonlySet<string>): number => {
    let table = name.toLowerCase()
    if (!known.has(table)) {
      // The plan names an alias (`FROM t AS a`); find the table it stands for.
      const alias = new RegExp(`([A-Za-z_][A-Za-z0-9_]*)\\s+(?:AS\\s+)?${name}\\b`, 'i').exec(sql)?.[1]?.toLowerCase()
      if (alias === undefined || !known.has(alias)) return 0
      table = alias
    }
    let count = counts.get(table)
    if (count === undefined) {
      count = Number(conn.prepare(`SELECT count(*) FROM "${table.replaceAll('"', '""')}"`).first([])?.[0] ?? 0)
      counts.set(table, count)
    }
    return count
  }

  return (sql: string): number => {
    if (!explained.test(sql)) return 0
    const schema = schemaVersion.first([])?.[0]
    const lines = cache.plan(sql, typeof schema === 'bigint' ? schema : -1n, () => explain(sql))
    if (lines.length === 0) return 0
    const known = new Set(JSON.parse(String(tableNames.first([])?.[0] ?? '[]')) as string[])
    counts.clear()
    const children = (parent: number): PlanLine[] => lines.filter((line) => line.parent === parent)

    const walk = (parent: number, outer: number): number => {
      let rows = outer
      let read = 0
      for (const line of children(parent)) {
        // A SEARCH with no index to use (no USING) still visits every row.
        const scan = /^SCAN (\S+)/.exec(line.detail) ?? /^SEARCH (\S+)$/.exec(line.detail)
        const search = /^SEARCH (\S+) USING/.exec(line.detail)
        if (scan?.[1] && !/VIRTUAL TABLE|CONSTANT ROW/.test(line.detail) && !scan[1].startsWith('(')) {
          const n = rowsOf(scan[1], sql, known)
          read += rows * n
          rows *= Math.max(1, n)
        } else if (search?.[1]) {
          if (/AUTOMATIC/.test(line.detail)) read += rowsOf(search[1], sql, known)
          read += rows
        } else if (correlated.test(line.detail)) {
          read += walk(line.id, rows)
        } else if (onceSubquery.test(line.detail)) {
          read += walk(line.id, 1)
        }
      }
      return read
    }

    const top = children(0)
    const limit = plainLimit.exec(sql)
    const only = top.length === 1 ? /^SCAN (\S+)/.exec(top[0]?.detail ?? '') : null
    if (limit && only?.[1] && !needsAllRows.test(sql)) {
      return Math.min(rowsOf(only[1], sql, known), Number(limit[1]) + Number(limit[2] ?? 0))
    }
    return walk(0, 1)
  }
}
