import { readQuoted } from './quoted'
import { readsAsPassword } from './valueShape'
import { isCredentialName } from './secretKeys'
import type { SecretSpan } from './types'

/**
 * Credentials that SQL passes by position rather than by name:
 * - table functions and crypto functions whose Nth argument is a password or key: ClickHouse `mysql(…, 'user',
 *   'pw')`, `postgresql(…)`, `remote(…)`, `mongodb(…)`, `s3(url, 'KEY_ID', 'SECRET', …)`, Postgres `crypt('pw', …)`,
 *   `pgp_sym_encrypt(data, 'pw')`, MySQL `AES_ENCRYPT(x, 'key')`, T-SQL `ENCRYPTBYPASSPHRASE('pw', …)`;
 * - `INSERT INTO t (…, password, …) VALUES (…, 'pw', …), (…)`: the literal in a credential column's position;
 * - a credential keyword followed by a literal, without `=`: Redshift `SECRET_ACCESS_KEY '…' SESSION_TOKEN '…'`.
 *
 * Only quoted literals are values; columns, parameters and function calls in those positions are left alone.
 */
const SECRET_ARGS: Record<string, (args: readonly Arg[]) => number[]> = {
  mysql: () => [4],
  postgresql: () => [4],
  remote: () => [4],
  remotesecure: () => [4],
  mongodb: () => [4],
  azureblobstorage: () => [4],
  s3: (args) => (args.length >= 3 && args[1]?.literal === true && args[2]?.literal === true && /^[A-Z0-9]{16,}$/.test(args[1].text) ? [1, 2] : []),
  s3cluster: (args) => (args.length >= 4 && args[2]?.literal === true && args[3]?.literal === true && /^[A-Z0-9]{16,}$/.test(args[2].text) ? [2, 3] : []),
  gcs: (args) => (args.length >= 3 && args[1]?.literal === true && /^GOOG[A-Z0-9]{10,}$|^[A-Z0-9]{16,}$/.test(args[1].text) ? [1, 2] : []),
  crypt: () => [0],
  pgp_sym_encrypt: () => [1],
  pgp_sym_decrypt: () => [1],
  pgp_sym_encrypt_bytea: () => [1],
  pgp_sym_decrypt_bytea: () => [1],
  aes_encrypt: () => [1],
  aes_decrypt: () => [1],
  encryptbypassphrase: () => [0],
  decryptbypassphrase: () => [0],
}

interface Arg {
  readonly text: string
  readonly start: number
  readonly end: number
  readonly literal: boolean
}

/** Splits the argument list that starts after `(` at `open`, respecting quotes and nested parentheses. */
const argumentsAt = (text: string, open: number): Arg[] => {
  const args: Arg[] = []
  let depth = 0
  let start = open
  let literal: { start: number; end: number } | undefined
  let other = false
  const close = (end: number): void => {
    const raw = text.slice(start, end).trim()
    if (literal !== undefined && !other) args.push({ text: text.slice(literal.start, literal.end), start: literal.start, end: literal.end, literal: true })
    else args.push({ text: raw, start, end, literal: false })
    literal = undefined
    other = false
  }
  for (let i = open; i < text.length && i < open + 4000; i += 1) {
    const c = text[i]
    if ((c === "'" || c === '"') && depth === 0) {
      const prefixed = /[ENn]/.test(text[i - 1] ?? '') && !/\w/.test(text[i - 2] ?? '')
      const q = readQuoted(text, i)
      if (q === undefined) break
      if (literal !== undefined || (text.slice(start, prefixed ? i - 1 : i).trim() !== '')) other = true
      literal = { start: q.start, end: q.end }
      i = q.next - 1
      continue
    }
    if (c === "'" || c === '"') {
      const q = readQuoted(text, i)
      if (q === undefined) break
      i = q.next - 1
      continue
    }
    if (c === '(') depth += 1
    else if (c === ')') {
      if (depth === 0) {
        close(i)
        return args
      }
      depth -= 1
    } else if (c === ',' && depth === 0) {
      close(i)
      start = i + 1
    } else if (depth === 0 && !/\s/.test(c ?? '') && literal !== undefined) other = true
  }
  return args
}

const FUNCTION = new RegExp(`(?<![\\w$.])(${Object.keys(SECRET_ARGS).join('|')})\\s*\\(`, 'gi')
const INSERT = /\bINSERT\s+(?:INTO\s+)?[\w."`[\]]+\s*\(([^()]*)\)\s*VALUES\s*/gi
const KEYWORD_LITERAL = /(?<![\w$.@])([A-Za-z_][\w]*)\s+(?=[NE]?')/g
const NOT_BEFORE_LITERAL = new Set(['like', 'ilike', 'is', 'as', 'in', 'not', 'and', 'or', 'then', 'else', 'when', 'values', 'set', 'by', 'to', 'from', 'where', 'select', 'comment', 'default', 'similar', 'escape', 'return', 'returns', 'language'])

export const sqlArgumentSpans = (text: string): SecretSpan[] => {
  const spans: SecretSpan[] = []
  const push = (arg: Arg | undefined): void => {
    if (arg?.literal === true && readsAsPassword(arg.text)) spans.push({ start: arg.start, end: arg.end, kind: 'sql-password' })
  }
  if (text.includes('(')) {
    for (const m of text.matchAll(FUNCTION)) {
      const args = argumentsAt(text, m.index + m[0].length)
      for (const i of SECRET_ARGS[(m[1] ?? '').toLowerCase()]?.(args) ?? []) push(args[i])
    }
    for (const m of text.matchAll(INSERT)) {
      const columns = (m[1] ?? '').split(',').map((c) => c.trim().replace(/^["`[]|["`\]]$/g, ''))
      const secret = columns.flatMap((c, i) => (isCredentialName(c) ? [i] : []))
      if (secret.length === 0) continue
      let at = m.index + m[0].length
      for (let row = 0; row < 1000 && text[at] === '('; row += 1) {
        const args = argumentsAt(text, at + 1)
        for (const i of secret) push(args[i])
        const last = args[args.length - 1]
        if (last === undefined) break
        let next = text.indexOf(')', last.end)
        if (next === -1) break
        next += 1
        const comma = /^\s*,\s*/.exec(text.slice(next))
        if (comma === null) break
        at = next + comma[0].length
      }
    }
  }
  if (text.includes("'")) {
    for (const m of text.matchAll(KEYWORD_LITERAL)) {
      const word = m[1] ?? ''
      if (NOT_BEFORE_LITERAL.has(word.toLowerCase()) || !isCredentialName(word)) continue
      let at = m.index + m[0].length
      if (text[at] !== "'") at += 1
      const q = readQuoted(text, at)
      // A literal of `key=value` pairs (`CREDENTIALS 'aws_access_key_id=…;…'`) is left to the pair reader.
      if (q !== undefined && !/\w=/.test(text.slice(q.start, q.end))) push({ text: text.slice(q.start, q.end), start: q.start, end: q.end, literal: true })
    }
  }
  return spans
}
