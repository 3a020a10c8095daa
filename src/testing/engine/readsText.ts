import { skipQuotedOrComment } from '../hrana/sqlParams'
/**
 * The native binding reads TEXT through C strings and Rust's `str`: it cuts a value at its first NUL and aborts the
 * whole process on text that is not valid UTF-8 (`CAST(x'ff' AS TEXT)`, `char(0xd800)`). sqld keeps NUL and never
 * dies on a value. So the rows of a query or of a RETURNING list are read through a rewrite that returns every TEXT
 * value as its bytes (with flag words telling real BLOBs apart), and the bytes are decoded here: exactly, or with an
 * error for that statement.
 */

/** Columns per flag word: bit `i` of a flag word says column `i` of its group holds a real BLOB. */
const GROUP = 62

const query = /^\s*(SELECT|WITH|VALUES)\b/i
const trailing = /[\s;]+$/

/** The SELECT list that returns `expressions` with flag words first and TEXT as bytes. */
const selectList = (expressions: readonly string[]): string => {
  const flags = Array.from({ length: Math.ceil(expressions.length / GROUP) }, (_, g) =>
    expressions.slice(g * GROUP, (g + 1) * GROUP).map((e, k) => `((typeof(${e}) = 'blob') << ${k})`).join(' | '),
  )
  return [...flags, ...expressions.map((e) => `CASE WHEN typeof(${e}) = 'text' THEN CAST(${e} AS BLOB) ELSE ${e} END`)].join(', ')
}

/**
 * Rewrites of `sql` that read its `columnCount` columns with TEXT as bytes, to try in order; none fits when empty
 * (then the statement is read as it is). A rewrite adds no parameter, so positional binding is unchanged.
 * - A query becomes the body of a CTE whose column list names its columns (duplicate or odd names do not matter).
 * - A statement with RETURNING gets each returned expression wrapped; `*` alone is spelled out as `names`. An item
 *   the split cannot read (a bare alias) makes the rewrite fail to prepare, and the next one (or none) is used.
 */
export const textAsBytesSql = (sql: string, columnCount: number, names: readonly string[]): string[] => {
  if (columnCount === 0) return []
  const body = sql.replace(trailing, '')
  const columns = Array.from({ length: columnCount }, (_, i) => `c${i}`)
  // The newline ends a trailing `--` comment before the closing parenthesis.
  const asQuery = query.test(sql) ? [`WITH __text_as_bytes(${columns.join(', ')}) AS (${body}\n) SELECT ${selectList(columns)} FROM __text_as_bytes`] : []
  const parts = topLevel(body)
  const returning = parts.words.filter((w) => w.word === 'RETURNING').at(-1)
  if (returning === undefined) return asQuery
  const bounds = [returning.end, ...parts.commas.filter((c) => c > returning.end).map((c) => c + 1)]
  let items = bounds.map((start, i) => {
    const end = i + 1 < bounds.length ? (bounds[i + 1] as number) - 1 : body.length
    const as = parts.words.filter((w) => w.word === 'AS' && w.start >= start && w.end <= end).at(-1)
    return body.slice(start, as === undefined ? end : as.start).trim()
  })
  if (items.length === 1 && items[0] === '*') items = names.map((n) => `"${n.replaceAll('"', '""')}"`)
  if (items.length !== columnCount || items.some((e) => e === '' || e.endsWith('*'))) return asQuery
  return [...asQuery, `${body.slice(0, returning.end)} ${selectList(items.map((e) => `(${e}\n)`))}`]
}

/** Top-level words (outside quotes, comments and parentheses) and commas of `sql`. */
const topLevel = (sql: string): { words: Array<{ word: string; start: number; end: number }>; commas: number[] } => {
  const words: Array<{ word: string; start: number; end: number }> = []
  const commas: number[] = []
  let depth = 0
  let i = 0
  while (i < sql.length) {
    const skipped = skipQuotedOrComment(sql, i)
    if (skipped !== i) {
      i = skipped
      continue
    }
    const c = sql[i] ?? ''
    if (c === '(') depth += 1
    else if (c === ')') depth -= 1
    else if (c === ',' && depth === 0) commas.push(i)
    else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1
      while (j < sql.length && identChar.test(sql[j] ?? '')) j += 1
      if (depth === 0) words.push({ word: sql.slice(i, j).toUpperCase(), start: i, end: j })
      i = j
      continue
    }
    i += 1
  }
  return { words, commas }
}


const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/** An error of the statement that read text which is not UTF-8, in the shape the engine's own errors have. */
export class InvalidTextError extends Error {
  override readonly name = 'InvalidTextError'
  readonly code = 'SQLITE_MISMATCH'
  constructor(column: number) {
    super(`the text value of result column ${column + 1} is not valid UTF-8`)
  }
}

/**
 * Turns a wrapped row (flag words, then one value per column, TEXT as bytes) back into the original row of
 * `columnCount` columns, decoding TEXT exactly.
 */
export const decodeWrappedRow = (row: readonly unknown[], columnCount: number): unknown[] => {
  const groups = Math.ceil(columnCount / GROUP)
  const out = row.slice(groups)
  for (let i = 0; i < columnCount; i += 1) {
    const value = out[i]
    // `ArrayBuffer.isView`, not `instanceof`: under a DOM test environment the driver's bytes come from another realm.
    if (!ArrayBuffer.isView(value) || value instanceof DataView || isBlob(row[Math.floor(i / GROUP)], i % GROUP)) continue
    try {
      out[i] = utf8.decode(value)
    } catch {
      throw new InvalidTextError(i)
    }
  }
  return out
}

const isBlob = (flags: unknown, bit: number): boolean => ((BigInt(flags as bigint) >> BigInt(bit)) & 1n) === 1n

const explain = /^\s*EXPLAIN\b(?!\s+QUERY\b)/i
const identChar = /[A-Za-z0-9_$]/

/**
 * `EXPLAIN` shows each blob literal's bytes as the text of its `Blob` instruction, which aborts the process when the
 * bytes are not UTF-8 (`x'ff'`). The program is the same for any blob value, so an EXPLAIN is prepared with every
 * blob literal empty (`x''`); any other SQL is returned as it is.
 */
export const explainableSql = (sql: string): string => {
  if (!explain.test(sql)) return sql
  let out = ''
  let i = 0
  while (i < sql.length) {
    const c = sql[i] ?? ''
    if ((c === 'x' || c === 'X') && sql[i + 1] === "'" && !identChar.test(sql[i - 1] ?? '')) {
      const end = sql.indexOf("'", i + 2)
      out += "x''"
      i = end === -1 ? sql.length : end + 1
      continue
    }
    const skipped = skipQuotedOrComment(sql, i)
    out += sql.slice(i, Math.max(skipped, i + 1))
    i = Math.max(skipped, i + 1)
  }
  return out
}
