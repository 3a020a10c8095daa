import { readQuoted } from './quoted'
import { readsAsPassword } from './valueShape'
import { isCredentialName } from './secretKeys'
import type { SecretSpan } from './types'

/**
 * Credentials that SQL passes by position rather than by name:
 * - table functions and crypto functions whose Nth argument is a password or key: ClickHouse `mysql(…, 'user',
 *   'pw')`, `postgresql(…)`, `remote(…)`, `mongodb(…)`, `s3(url, 'KEY_ID', 'SECRET', …)`, Postgres `crypt('pw', …)`,
 *   `pgp_sym_encrypt(data, 'pw')`, MySQL `AES_ENCRYPT(x, 'key')`, T-SQL `ENCRYPTBYPASSPHRASE('pw', …)`;
 * - procedures, driver calls and authentication calls whose Nth argument is a password, by family: T-SQL
 *   `EXEC sp_setapprole 'App', 'pw'`, JDBC `getConnection(url, user, 'pw')`, PHP `mysqli_connect(host, user, 'pw')`,
 *   `new PDO(dsn, user, 'pw')`, `oci_connect(user, 'pw', db)`, MongoDB `db.auth('u', 'pw')`, `ftp.login(u, 'pw')`,
 *   LDAP `simple_bind_s(dn, 'pw')`, SQLCipher `sqlite3_key(db, 'pw', n)`, `setPassword('pw')`;
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
  // T-SQL procedures, called with or without parentheses (`EXEC sp_setapprole 'App', 'pw'`).
  sp_setapprole: () => [1],
  sp_addapprole: () => [1],
  sp_approlepassword: () => [1],
  sp_addlogin: () => [1],
  sp_password: () => [0, 1],
  sp_addlinkedsrvlogin: () => [4],
  sp_change_users_login: () => [3],
  // Drivers: (url or host, user, password, …), (user, password, db), (link, dn, password), (db, key, length).
  getconnection: (args) => (args.length >= 3 ? [2] : []),
  mysql_connect: () => [2],
  mysql_pconnect: () => [2],
  mysqli_connect: () => [2],
  mysqli: () => [2],
  pdo: () => [2],
  odbc_connect: () => [2],
  odbc_pconnect: () => [2],
  db2_connect: () => [2],
  oci_connect: () => [1],
  oci_pconnect: () => [1],
  ldap_bind: () => [2],
  sqlite3_key: () => [1],
  sqlite3_rekey: () => [1],
  // Authentication calls: `db.auth('u', 'pw')` (MongoDB), `redis.auth('pw')`, `ftp.login(u, pw)`, `simple_bind_s(dn, pw)`.
  auth: (args) => [args.length - 1],
  authenticate: (args) => (args.length >= 2 ? [1] : []),
  login: (args) => (args.length === 2 ? [1] : []),
  simple_bind_s: () => [1],
  simple_bind: () => [1],
  bind_s: () => [1],
  setpassword: () => [0],
  withpassword: () => [0],
}

interface Arg {
  readonly text: string
  readonly start: number
  readonly end: number
  readonly literal: boolean
}

/** Splits the argument list that starts after `(` at `open`, respecting quotes and nested parentheses. */
const argumentsAt = (text: string, open: number): Arg[] => readArguments(text, open, false)

/** The arguments of `EXEC proc a, b`: they run to `;`, a line break or the end. */
const execArguments = (text: string, at: number): Arg[] => readArguments(text, at, true)

const readArguments = (text: string, open: number, bare: boolean): Arg[] => {
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
    if (bare && depth === 0 && (c === ';' || c === '\n')) {
      close(i)
      return args
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
  if (bare) close(Math.min(text.length, open + 4000))
  return args
}

const FUNCTION = new RegExp(`(?<![\\w$])(${Object.keys(SECRET_ARGS).join('|')})\\s*\\(`, 'gi')
/** `EXEC [dbo.]sp_setapprole 'App', 'pw'`: a procedure's arguments without parentheses, up to the end of the statement. */
const EXEC = /\bEXEC(?:UTE)?\s+(?:[\w[\]]+\.)*\[?(sp_\w+)\]?\s+(?=[N@'"])/gi
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
  if (/exec/i.test(text)) {
    for (const m of text.matchAll(EXEC)) {
      const positions = SECRET_ARGS[(m[1] ?? '').toLowerCase()]
      if (positions === undefined) continue
      // Named arguments (`@password = N'…'`) are the key=value reader's; positional ones are read here.
      const args = execArguments(text, m.index + m[0].length)
      for (const i of positions(args)) push(args[i])
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
