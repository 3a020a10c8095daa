import { isNonSecretValue, namesAStoredSecret } from './nonSecretValue'
import { isCredentialName, nameWords } from './secretKeys'
import { readsAsPassword } from './valueShape'
import type { SecretSpan } from './types'

/**
 * Credentials in connection strings and config files whose grammar the generic `key=value` reader does not know:
 * - a config line `PASSWORD=…` / `password=…` whose value runs to the end of the line (`.env`, `my.cnf`,
 *   `.properties`), `&` included, up to a ` #` comment;
 * - ODBC brace-quoted values, `Pwd={a;b}`;
 * - `.pgpass` lines `host:port:db:user:password` and `.netrc` `password X`;
 * - `user/password@host` (Oracle `CONNECT`, `sqlplus`, JDBC thin) and Go's `user:password@tcp(host)`;
 * - the 40-character AWS secret that follows an access key id.
 */
const CONFIG_LINE = /^[ \t]*(?:export[ \t]+|-[ \t]+|set[ \t]+)?([A-Za-z_][\w.-]*)[ \t]*=[ \t]*(?!["'{])([^\r\n]*)$/gm
const BRACED = /(?<![\w])([A-Za-z_][\w ]*?)[ \t]*=[ \t]*\{([^}\r\n]*)\}/g
const PGPASS = /^([^\s:#]+):(?:\d+|\*):[^\s:]+:[^\s:]+:([^\r\n]+)$/gm
const NETRC = /(?:^|\s)(?:password|passwd)[ \t]+([^\s'"`]\S*)/gm
const USER_SLASH = /(?<![\w/.@$%-])([A-Za-z][\w$#]*)\/([^\s@/'"`;]+)@(?=(?:\/\/)?[\w.-])/g
const GO_DSN = /(?<![\w/])[\w.-]+:([^\s@:/'"`]+)@tcp\(/g
const AWS_PAIR = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])[^\n]{0,40}?(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g

export const configLineSpans = (text: string): SecretSpan[] => {
  const spans: SecretSpan[] = []
  const push = (start: number, value: string, kind: SecretSpan['kind'] = 'connection-string'): void => {
    if (value !== '' && !isNonSecretValue(value)) spans.push({ start, end: start + value.length, kind })
  }
  if (text.includes('=')) {
    for (const m of text.matchAll(CONFIG_LINE)) {
      if (!isCredentialName(m[1] ?? '')) continue
      let value = m[2] ?? ''
      const comment = value.search(/\s#/)
      if (comment !== -1) value = value.slice(0, comment)
      value = value.trimEnd()
      // A URL query, a connection string or a command (`PGPASSWORD=x psql …`) is left to the key=value reader.
      if (/^secrets?$/.test(nameWords(m[1] ?? '').pop() ?? '') && namesAStoredSecret(value)) continue
      if (/[;\s]/.test(value) || /^[A-Za-z_][\w.]*[([].*[)\]]$/.test(value) || /^\$/.test(value) || value.includes('${')) continue
      push(m.index + m[0].length - (m[2] ?? '').length, value)
    }
    for (const m of text.matchAll(BRACED)) {
      if (isCredentialName((m[1] ?? '').trim()) && readsAsPassword(m[2] ?? '')) push(m.index + m[0].length - 1 - (m[2] ?? '').length, m[2] ?? '')
    }
  }
  if (text.includes(':')) {
    for (const m of text.matchAll(PGPASS)) if (!/^[a-z][a-z0-9+.-]*$/i.test(m[2] ?? '') || readsAsPassword(m[2] ?? '')) push(m.index + m[0].length - (m[2] ?? '').length, m[2] ?? '')
    for (const m of text.matchAll(GO_DSN)) push(m.index + m[0].indexOf(':') + 1, m[1] ?? '')
  }
  if (/\b(?:machine|login|default)\b/.test(text)) for (const m of text.matchAll(NETRC)) if (readsAsPassword(m[1] ?? '')) push(m.index + m[0].length - (m[1] ?? '').length, m[1] ?? '')
  if (text.includes('@') && text.includes('/')) {
    for (const m of text.matchAll(USER_SLASH)) {
      const value = m[2] ?? ''
      if (readsAsPassword(value)) push(m.index + (m[1] ?? '').length + 1, value)
    }
  }
  for (const m of text.matchAll(AWS_PAIR)) {
    const value = m[1] ?? ''
    if (/\d/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value)) push(m.index + m[0].length - value.length, value, 'aws-secret')
  }
  return spans
}
