import type { SqlConnection } from '../engine/SqlEngine.js'

// INSERT and DELETE write every index entry of the row. An UPDATE rewrites only the entries of indexes over the
// columns it sets, which this does not work out, so an UPDATE counts its rows only.
const target = /^\s*(?:WITH\b[\s\S]*?\)\s*)?(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|DELETE\s+FROM)\s+(?:main\.)?["`[]?([A-Za-z_][\w]*)/i

/**
 * The number of indexes on the table an INSERT or DELETE targets (UNIQUE constraints included, the rowid excluded),
 * so that every row it changes counts once more per index entry. 0 for anything else.
 */
export const createIndexCounter = (conn: SqlConnection): ((sql: string) => number) => {
  const indexes = conn.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? COLLATE NOCASE")
  return (sql: string): number => {
    const table = target.exec(sql)?.[1]
    return table === undefined ? 0 : Number(indexes.first([table])?.[0] ?? 0)
  }
}
