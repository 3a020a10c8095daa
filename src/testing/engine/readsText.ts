/**
 * The native binding reads TEXT through C strings and Rust's `str`: it cuts a value at its first NUL and aborts the
 * whole process on text that is not valid UTF-8 (`CAST(x'ff' AS TEXT)`, `char(0xd800)`). sqld keeps NUL and never
 * dies on a value. So a query's rows are read through a wrapper that returns every TEXT value as its bytes, with a
 * flag saying it was TEXT, and the bytes are decoded here: exactly, or with an error for that statement.
 */

/** Columns per flag word: bit `i` of a flag word says column `i` of its group holds a real BLOB. */
const GROUP = 62

const valueOf = (i: number): string => `CASE WHEN typeof(c${i}) = 'text' THEN CAST(c${i} AS BLOB) ELSE c${i} END`
const flagsOf = (from: number, to: number): string =>
  Array.from({ length: to - from }, (_, k) => `((typeof(c${from + k}) = 'blob') << ${k})`).join(' | ')

// Only a query can be the body of a CTE; RETURNING, PRAGMA and EXPLAIN are read as they are.
const query = /^\s*(SELECT|WITH|VALUES)\b/i
const trailing = /[\s;]+$/

/**
 * The SQL that reads `sql`'s `columnCount` columns with TEXT as bytes, or `undefined` when `sql` is no plain query.
 * The wrapper adds no parameter, so positional binding is unchanged; a CTE with a column list names the columns,
 * so duplicate or odd result names do not matter.
 */
export const textAsBytesSql = (sql: string, columnCount: number): string | undefined => {
  if (!query.test(sql) || columnCount === 0) return undefined
  const names = Array.from({ length: columnCount }, (_, i) => `c${i}`).join(', ')
  const flags = Array.from({ length: Math.ceil(columnCount / GROUP) }, (_, g) => flagsOf(g * GROUP, Math.min(columnCount, (g + 1) * GROUP)))
  const columns = [...flags, ...Array.from({ length: columnCount }, (_, i) => valueOf(i))].join(', ')
  // The newline ends a trailing `--` comment before the closing parenthesis.
  return `WITH __text_as_bytes(${names}) AS (${sql.replace(trailing, '')}\n) SELECT ${columns} FROM __text_as_bytes`
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
    if (!(value instanceof Uint8Array) || isBlob(row[Math.floor(i / GROUP)], i % GROUP)) continue
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
    const next = sql[i + 1] ?? ''
    if ((c === 'x' || c === 'X') && next === "'" && !identChar.test(sql[i - 1] ?? '')) {
      const end = sql.indexOf("'", i + 2)
      out += "x''"
      i = end === -1 ? sql.length : end + 1
    } else if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c
      let j = i + 1
      while (j < sql.length && !(sql[j] === close && sql[j + 1] !== close)) j += sql[j] === close ? 2 : 1
      out += sql.slice(i, j + 1)
      i = j + 1
    } else if ((c === '-' && next === '-') || (c === '/' && next === '*')) {
      const end = c === '-' ? sql.indexOf('\n', i) : sql.indexOf('*/', i + 2)
      const stop = end === -1 ? sql.length : c === '-' ? end + 1 : end + 2
      out += sql.slice(i, stop)
      i = stop
    } else {
      out += c
      i += 1
    }
  }
  return out
}
