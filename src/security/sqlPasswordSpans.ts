import { readDollarQuoted, readQuoted, type QuotedContent } from './quoted'
import { isNonSecretValue, namesAStoredSecret } from './nonSecretValue'
import type { SecretSpan } from './types'

/**
 * Literal passwords in SQL: `PASSWORD '…'`, SQLCipher's `PRAGMA key = '…'`, `ENCRYPTED PASSWORD '…'`, `WITH PASSWORD = N'…'` (MSSQL),
 * `PASSWORD $$…$$` (Postgres), `SET PASSWORD [FOR u] = [PASSWORD(]'…'`, `OLD_PASSWORD('…')`, `SECRET '…'`,
 * `IDENTIFIED [WITH plugin] BY|AS '…'`, Oracle's bare `IDENTIFIED BY tiger`, MySQL's `REPLACE '…'`.
 *
 * Only literals are values. `PASSWORD NULL`, `SELECT password FROM users`, `password TEXT` and
 * `password = $1` have no literal after the keyword and are left alone.
 */
const KEYWORD =
  /(?<![\w$])(?:(PASSWORD|OLD_PASSWORD|SECRET|PRAGMA\s+(?:\w+\.)?(?:hex|text)?(?:re)?key)|IDENTIFIED\s+(?:WITH\s+(?:'[^']*'|"[^"]*"|`[^`]*`|[\w$]+)\s+)?(?:BY|AS))(?![\w$])/gi
const WS = /\s*/y
const CALL_OPEN = /(?:(?:OLD_)?PASSWORD\s*)?\(\s*/iy
const FOR_USER = /FOR\s[^=;]{1,200}?=/iy
const BARE_OPTION = /(?:PASSWORD|VALUES)\s+/iy
const BARE_WORD = /[A-Za-z][\w$#]*/y
const REPLACE = /\s+REPLACE\s+/iy
const NOT_BARE_PASSWORDS = new Set(['random', 'password', 'values', 'externally', 'globally'])
/** What may follow Oracle's bare password: the end of the statement or the next clause of CREATE/ALTER USER. */
const BARE_END = /\s*(?:$|;|\/|\r?\n|(?:DEFAULT|TEMPORARY|QUOTA|PROFILE|PASSWORD|ACCOUNT|CONTAINER|REPLACE|IDENTIFIED|ENABLE|DISABLE)\b)/iy

const skip = (re: RegExp, text: string, at: number): number => {
  re.lastIndex = at
  return re.exec(text) === null ? at : re.lastIndex
}

const literalAt = (text: string, at: number): QuotedContent | undefined => {
  const prefixed = /[ENen]/.test(text[at] ?? '') && text[at + 1] === "'" ? at + 1 : at
  return text[prefixed] === '$' ? readDollarQuoted(text, prefixed) : readQuoted(text, prefixed)
}

/** After `PASSWORD`: a separator (space, `=`, `(` or `FOR user =`) must come before the literal. */
const afterPasswordKeyword = (text: string, at: number): QuotedContent | undefined => {
  let i = skip(WS, text, at)
  const spaced = i > at
  const forEnd = skip(FOR_USER, text, i)
  if (forEnd > i) i = skip(WS, text, forEnd)
  else if (text[i] === '=') i = skip(WS, text, i + 1)
  else if (!spaced && text[i] !== '(') return undefined
  return literalAt(text, skip(CALL_OPEN, text, i))
}

/** After `IDENTIFIED BY`: a literal, or Oracle's bare identifier password. */
const afterIdentifiedBy = (text: string, at: number): QuotedContent | undefined => {
  let i = skip(WS, text, at)
  i = skip(BARE_OPTION, text, i)
  const literal = literalAt(text, i)
  if (literal !== undefined) return literal
  BARE_WORD.lastIndex = i
  const word = BARE_WORD.exec(text)?.[0]
  if (word === undefined || NOT_BARE_PASSWORDS.has(word.toLowerCase())) return undefined
  // Prose about the clause ("What does IDENTIFIED BY do in MySQL?") has a word there, and more words after it.
  BARE_END.lastIndex = i + word.length
  if (!/\d/.test(word) && !BARE_END.test(text)) return undefined
  return { start: i, end: i + word.length, next: i + word.length }
}

export const sqlPasswordSpans = (text: string): SecretSpan[] => {
  const spans: SecretSpan[] = []
  const push = (c: QuotedContent | undefined): void => {
    if (c !== undefined && !isNonSecretValue(text.slice(c.start, c.end))) {
      spans.push({ start: c.start, end: c.end, kind: 'sql-password' })
    }
  }
  KEYWORD.lastIndex = 0
  for (let m = KEYWORD.exec(text); m !== null; m = KEYWORD.exec(text)) {
    const at = KEYWORD.lastIndex
    if (m[1] !== undefined) {
      let literal = afterPasswordKeyword(text, at)
      // `'password='` inside a literal: the quote after `=` closes that literal, it opens none.
      const before = text[m.index - 1]
      if (literal !== undefined && (before === "'" || before === '"') && text[literal.start - 1] === before) literal = undefined
      // `secret "pg-credentials" not found`: a log line naming a stored secret, not a SQL secret literal.
      if (literal !== undefined && /^secret$/i.test(m[1]) && namesAStoredSecret(text.slice(literal.start, literal.end))) literal = undefined
      push(literal)
      // Resume after the literal, so a run of unterminated literals stays linear.
      if (literal !== undefined) KEYWORD.lastIndex = Math.max(at, literal.next)
      continue
    }
    const first = afterIdentifiedBy(text, at)
    push(first)
    if (first === undefined) continue
    KEYWORD.lastIndex = Math.max(at, first.next)
    const replaceEnd = skip(REPLACE, text, first.next)
    if (replaceEnd === first.next) continue
    const second = literalAt(text, replaceEnd)
    push(second)
    if (second !== undefined) KEYWORD.lastIndex = second.next
  }
  return spans
}
