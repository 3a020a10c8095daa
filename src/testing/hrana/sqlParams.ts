/**
 * A small SQL scanner: it knows string literals, quoted identifiers and comments, which is enough to find the
 * parameters of a statement (numbered the way SQLite numbers them) and the statements of a sequence.
 */

const identChar = /[A-Za-z0-9_]/

/** Returns the index just past a quoted section or comment starting at `i`, or `i` when there is none. */
export const skipQuotedOrComment = (sql: string, i: number): number => {
  const c = sql[i]
  if (c === "'" || c === '"' || c === '`' || c === '[') {
    const close = c === '[' ? ']' : c
    let j = i + 1
    while (j < sql.length) {
      if (sql[j] === close) {
        if (close !== ']' && sql[j + 1] === close) j += 2
        else return j + 1
      } else j += 1
    }
    return sql.length
  }
  if (c === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i)
    return end === -1 ? sql.length : end + 1
  }
  if (c === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2)
    return end === -1 ? sql.length : end + 2
  }
  return i
}

/**
 * The parameters of a statement, where entry `i` describes parameter `i + 1`: its name with the prefix
 * (`?3`, `:name`, `@name`, `$name`) or `null` for a bare `?`. Repeated names share one index, as in SQLite.
 */
export const sqlParams = (sql: string): (string | null)[] => {
  const params: (string | null)[] = []
  let i = 0
  while (i < sql.length) {
    const skipped = skipQuotedOrComment(sql, i)
    if (skipped !== i) {
      i = skipped
      continue
    }
    const c = sql[i] ?? ''
    if (c === '?') {
      let j = i + 1
      while (j < sql.length && /[0-9]/.test(sql[j] ?? '')) j += 1
      if (j === i + 1) params.push(null)
      else {
        const index = Number(sql.slice(i + 1, j))
        while (params.length < index) params.push(null)
        // As in SQLite, `?N` names its slot only when no earlier parameter did (`:b, :a, ?1` keeps `:b`).
        params[index - 1] ??= sql.slice(i, j)
      }
      i = j
    } else if ((c === ':' || c === '@' || c === '$') && identChar.test(sql[i + 1] ?? '')) {
      let j = i + 1
      while (j < sql.length && identChar.test(sql[j] ?? '')) j += 1
      const name = sql.slice(i, j)
      if (!params.includes(name)) params.push(name)
      i = j
    } else i += 1
  }
  return params
}

/**
 * The number of non-empty statements separated by top-level semicolons. Inside `CREATE TRIGGER … BEGIN … END` a
 * semicolon ends the statement only right after `END`, the rule SQLite's own `sqlite3_complete()` uses.
 */
export const countStatements = (sql: string): number => {
  let count = 0
  let words: string[] = []
  let i = 0
  const inTrigger = (): boolean => {
    const [first, second, third] = words
    return first === 'CREATE' && (second === 'TRIGGER' || ((second === 'TEMP' || second === 'TEMPORARY') && third === 'TRIGGER'))
  }
  let pending = false
  while (i < sql.length) {
    const skipped = skipQuotedOrComment(sql, i)
    if (skipped !== i) {
      if (!sql.startsWith('--', i) && !sql.startsWith('/*', i)) {
        pending = true
        words.push('')
      }
      i = skipped
      continue
    }
    const c = sql[i] ?? ''
    if (identChar.test(c)) {
      let j = i + 1
      while (j < sql.length && identChar.test(sql[j] ?? '')) j += 1
      words.push(sql.slice(i, j).toUpperCase())
      pending = true
      i = j
      continue
    }
    if (c === ';') {
      if (pending && (!inTrigger() || words[words.length - 1] === 'END')) {
        count += 1
        pending = false
        words = []
      }
    } else if (!/\s/.test(c)) {
      pending = true
      words.push(c)
    }
    i += 1
  }
  return pending ? count + 1 : count
}
