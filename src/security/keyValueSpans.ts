import { readQuoted, type QuotedContent } from './quoted'
import { isNonSecretValue, namesAStoredSecret } from './nonSecretValue'
import { isCredentialName, nameWords } from './secretKeys'
import { readsAsPassword } from './valueShape'
import type { CredentialKind, SecretSpan } from './types'

/**
 * `key=value` and `key: value` pairs whose key is a credential name: connection strings (`Password=…;`,
 * `pwd=…`, `User ID=x;Password=y`), libpq (`password=…`), URL queries (`?token=…&`), env files (`PGPASSWORD=…`),
 * YAML (`password: …`), JSON (`"password": "…"`), code (`'password' => '…'`, `password := "…"`) and HTTP headers
 * (`X-Api-Key: …`). Keys use the credential scope of `isCredentialName`, so `token_type = 'x'` is not a secret.
 *
 * An unquoted value is not a secret when it reads as SQL or code rather than a value: a placeholder, a keyword,
 * a function call (`crypt($1, …)`), an identifier without digits after a spaced `=` (`SET password = new_password`),
 * or an identifier without digits that repeats the key (`password=excluded.password`). A quoted value is a literal, and
 * a literal assigned to a credential name is a credential (`WHERE token = 'abc…'`).
 */
const PAIR = /(?<![\w.$]|[\w.$]-)(["'`]?)([A-Za-z_][\w.-]*)\1[ \t]*(=>|:=|=|:)(?![=:])[ \t]*/g
const UNQUOTED_EQ = /[^\s;&'"`,)}\]]*/y
const UNQUOTED_COLON = /[^\r\n,;}\]'"`]*/y
const UNQUOTED_ADO = /[^\r\n;'"`]*/y
/** A call with plain arguments (`crypt($1, gen_salt('bf'))`, `md5(random()::text)`), then a delimiter or the end. */
const CALL = /^[A-Za-z_][\w.]*\s*\((?:[\w$:?@., \t]|'[^'\n]*'|\((?:[\w$:?@., \t]|'[^'\n]*')*\))*\)(?![^\s,;)])/
/** Placeholders that contain delimiters the unquoted readers stop at (`%(pw)s`, `${PW}`, `{{ pw }}`). */
const PLACEHOLDER_AT = /(?:%\(\w+\)[sd]|\$\{[^{}\n]*\}|\{\{[^{}\n]*\}\}|\{[\w.-]*\}|<[\w .-]*>)/y
const IDENT = /^[A-Za-z_][\w$]*(?:\.[A-Za-z_][\w$]*)*$/
/** Conversions that wrap a literal without changing what it holds. */
const CONVERSION = /^(?:\[\]byte\(|Buffer\.from\(|String::from\(|str\(|bytes\(|new\s+TextEncoder\(\)\.encode\(|Encoding\.UTF8\.GetBytes\(|(?:b|r|rb|br)(?=["']))\s*/

/** `\"…\"`: a quoted value inside JSON text (`{"dsn":"api_key = \"…\""}`). */
const readEscapedQuoted = (text: string, at: number): QuotedContent | undefined => {
  const quote = text[at + 1]
  if (text[at] !== '\\' || (quote !== '"' && quote !== "'")) return undefined
  const close = text.indexOf(`\\${quote}`, at + 2)
  return close === -1 ? { start: at + 2, end: text.length, next: text.length } : { start: at + 2, end: close, next: close + 2 }
}

const kindOf = (words: readonly string[]): CredentialKind =>
  words.includes('secret') && (words.includes('access') || words.includes('aws')) ? 'aws-secret' : 'connection-string'

const readUnquoted = (re: RegExp, text: string, at: number): { start: number; end: number } => {
  re.lastIndex = at
  let end = at + (re.exec(text)?.[0].length ?? 0)
  const comment = text.slice(at, end).indexOf('*/')
  if (comment !== -1) end = at + comment
  while (end > at && /\s/.test(text[end - 1] ?? '')) end -= 1
  return { start: at, end }
}

/** Do the parentheses opened from `start` close again before the end of the line (a call, not a value)? */
const closesOnLine = (text: string, start: number): boolean => {
  let depth = 0
  for (let i = start; i < text.length && text[i] !== '\n'; i += 1) {
    if (text[i] === '(') depth += 1
    // A call ends the value: what follows is the end, a separator or more code (`.hexdigest()`), not more characters.
    else if (text[i] === ')' && --depth === 0) return /^(?:$|[\s.,;)?\]}])/.test(text.slice(i + 1, i + 2))
  }
  return false
}

const readsAsCode = (text: string, start: number, value: string, key: string, spacedEquals: boolean, ado = false): boolean => {
  if (CALL.test(text.slice(start, start + 400))) return true
  // In `…;Password=…;` connection strings values are taken verbatim: code does not appear there.
  if (ado) return false
  // `os.environ["…"]`, `getpass.getpass()`, `input("…")`: a call or an index, not a value.
  if (/^[A-Za-z_](?:[\w.]|::)*\(/.test(value) && closesOnLine(text, start)) return true
  if (/^[A-Za-z_](?:[\w.]|::)*[([]$/.test(value) || /^[A-Za-z_][\w.]*$/.test(value) && /^[([]/.test(text.slice(start + value.length))) return true
  // `process.env.PGPASSWORD`, `os.environ.DB_PASS`, `config.db.password`: a read from the environment or a config object.
  if (/^(?:process\.env|import\.meta\.env|os\.environ|ENV|env|config|settings|secrets|vars|this|self)\.[\w.]+$/.test(value)) return true
  // Generated secrets nearly always contain a digit; SQL and code identifiers (`new_password`) rarely do.
  if (!IDENT.test(value) || /\d/.test(value)) return false
  if (spacedEquals) return true
  const keyWords = new Set(nameWords(key))
  return nameWords(value).some((w) => keyWords.has(w))
}

const precededBySemicolon = (text: string, at: number): boolean => /;[ \t]*$/.test(text.slice(Math.max(0, at - 8), at))

export const keyValueSpans = (text: string): SecretSpan[] => {
  const spans: SecretSpan[] = []
  PAIR.lastIndex = 0
  for (let m = PAIR.exec(text); m !== null; m = PAIR.exec(text)) {
    const key = m[2] ?? ''
    const sep = m[3] ?? ''
    // `existingSecret: pg-credentials` (Helm charts) names a Kubernetes secret that holds the value.
    if (!isCredentialName(key) || nameWords(key)[0] === 'existing') continue
    // `https://x-access-token:…@host` is URI user info (the URI rule keeps the host); `KEY=(…)` opens a group
    // (`CREDENTIALS=(AWS_KEY_ID=…)`), and `Pwd={…}` is an ODBC braced value: none is this pair's value.
    if (text.slice(Math.max(0, m.index - 3), m.index) === '://') continue
    // `arn:aws:secretsmanager:…:secret:prod/db` names where a secret is kept: its `secret:` is a resource type.
    if (text[m.index - 1] === ':' && /\barn:aws[\w-]*:\S*$/.test(text.slice(Math.max(0, m.index - 200), m.index))) continue
    const at = PAIR.lastIndex
    if (text[at] === '(' || text[at] === '{') continue
    // Inside a literal that closes right here (`'Token: ' || name`, `split_part(dsn, 'password=', 2)`).
    const before = text[m.index - 1]
    if ((before === "'" || before === '"' || before === '`') && text[at] === before) continue
    // A YAML flow list of names (`secrets: [db_password, api_token]`, Compose): which secrets, not their values.
    if (sep === ':' && text[at] === '[' && /^\[[ \t]*[A-Za-z_][\w.-]*(?:[ \t]*,[ \t]*[A-Za-z_][\w.-]*)*[ \t]*\]/.test(text.slice(at, at + 300))) continue
    // A literal inside a conversion (`[]byte("…")`, `Buffer.from('…')`, `String::from("…")`, `b"…"`): the literal is the value.
    const wrapper = /[[BSsbrE]/.test(text[at] ?? '') ? CONVERSION.exec(text.slice(at, at + 40)) : null
    if (wrapper !== null) {
      const inner = readQuoted(text, at + wrapper[0].length)
      if (inner !== undefined) {
        PAIR.lastIndex = inner.next
        if (!isNonSecretValue(text.slice(inner.start, inner.end))) spans.push({ start: inner.start, end: inner.end, kind: kindOf(nameWords(key)) })
        continue
      }
    }
    // psql variable interpolation: `PASSWORD :'var'`, `:var`.
    if (sep === ':' && /\s/.test(text[m.index + m[0].length - 2] ?? '') && /^:['"A-Za-z]/.test(text.slice(at - 1, at + 1))) continue
    // `N'…'` (T-SQL) and `E'…'` (Postgres) are quoted literals too.
    const prefixed = /[NnEe]/.test(text[at] ?? '') && text[at + 1] === "'" ? at + 1 : at
    const quoted = readQuoted(text, prefixed) ?? readEscapedQuoted(text, at)
    let start: number
    let end: number
    if (quoted !== undefined) {
      ;({ start, end } = quoted)
      PAIR.lastIndex = quoted.next
    } else {
      PLACEHOLDER_AT.lastIndex = at
      if (PLACEHOLDER_AT.test(text)) continue
      const re = sep === ':' ? UNQUOTED_COLON : precededBySemicolon(text, m.index) ? UNQUOTED_ADO : UNQUOTED_EQ
      ;({ start, end } = readUnquoted(re, text, at))
      // libpq style (`host=… password=A(&b0 sslmode=require`): pairs separated by spaces, so the value is the whole
      // token up to the space before the next `key=`, whatever characters it holds.
      let whole = false
      if (re === UNQUOTED_EQ) {
        const token = /^[^\s'"`]+/.exec(text.slice(at))?.[0] ?? ''
        if (token.length > end - start && !token.endsWith(',') && /^[ \t]+[A-Za-z_][\w.-]*=(?!=)/.test(text.slice(at + token.length))) {
          end = at + token.length
          whole = true
        }
      }
      // ADO style (`…;Password=A())b0;Encrypt=True`): the value runs to the `;`; one without spaces is a value, not code.
      if (re === UNQUOTED_ADO && !/\s/.test(text.slice(start, end)) && end > start) whole = true
      // A comma or bracket inside a password (`password=A[,b0 sslmode=require`) does not end it: the value goes on
      // while the delimiter is followed by more value, not by a space, another delimiter or the end. An empty value
      // stays empty (`'(password=)[^;]*'` is a pattern, not a password).
      if (re === UNQUOTED_EQ) {
        while (end > start && /[,)}\]]/.test(text[end] ?? '') && /[^\s;&'"`,)}\]]/.test(text[end + 1] ?? ' ')) {
          end = readUnquoted(UNQUOTED_EQ, text, end + 1).end
        }
      }
      if (sep === ':') {
        // `ssh_key: ssh-ed25519 AAAA… me@laptop` is a public key, whole: its first word is not a value on its own.
        if (isNonSecretValue(text.slice(start, end))) {
          PAIR.lastIndex = Math.max(at, end)
          continue
        }
        // `password: S3cret! # note` takes one token; "Password: at least 12 characters" is prose, not a value.
        const first = /^\S+/.exec(text.slice(start, end))?.[0] ?? ''
        if (first.length < end - start) {
          if (!readsAsPassword(first)) {
            PAIR.lastIndex = Math.max(at, end)
            continue
          }
          end = start + first.length
        }
        // `(using password: YES)`: a closing parenthesis with no opening one belongs to the text around the pair.
        while (text[end - 1] === ')' && !text.slice(start, end).includes('(')) end -= 1
      }
      // Resume after the value: rescanning it would make long key=key=key… runs quadratic.
      PAIR.lastIndex = Math.max(at, end)
      const spacedEquals = sep !== ':' && /\s/.test(m[0].slice(2 * (m[1] ?? '').length + key.length))
      if (!whole && readsAsCode(text, start, text.slice(start, end), key, spacedEquals, re === UNQUOTED_ADO)) continue
    }
    if (isNonSecretValue(text.slice(start, end))) continue
    const last = nameWords(key).pop() ?? ''
    if ((last === 'secret' || last === 'secrets') && namesAStoredSecret(text.slice(start, end))) continue
    spans.push({ start, end, kind: kindOf(nameWords(key)) })
  }
  return spans
}
