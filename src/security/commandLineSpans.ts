import { isNonSecretValue, namesAStoredSecret } from './nonSecretValue'
import { readsAsPassword } from './valueShape'
import type { SecretSpan } from './types'

/**
 * Passwords on command lines, by each tool's own flag grammar: `mysql -pX` (glued), `--password X`, `sqlcmd -P X`,
 * `redis-cli -a X`, `sshpass -p X`, `docker login -p X`, `mongosh -p X`, `ldapsearch -w X`, `influx -password X`,
 * `curl -u user:X`, `htpasswd -b file user X`, `mysqladmin … password X`, `aws configure set aws_secret_access_key X`,
 * `az … --account-key X`, Redis `AUTH [user] X`. Each rule applies only on a line that runs the tool, so `psql -p 5432` or `ls -a` are not
 * touched. A value that is a variable (`$PASS`, `"$(cat …)"`) is left alone.
 */
interface FlagRule {
  readonly tools: RegExp
  readonly flag: RegExp
}

const VALUE = `(?:'([^'\\n]*)'|"([^"\\n]*)"|([^\\s'"]+))`
const rule = (tools: RegExp, flag: string): FlagRule => ({ tools, flag: new RegExp(`${flag}${VALUE}`, 'g') })

const MYSQL = /\b(?:mysql|mysqldump|mysqladmin|mysqlimport|mysqlshow|mysqlcheck|mariadb|mariadb-dump)\b/
const RULES: readonly FlagRule[] = [
  rule(MYSQL, '(?<=\\s)-p(?=[^\\s])'),
  rule(/./, '(?<=\\s)--?(?:password|passwd|pwd|account-key|auth-token|api-key|secret-key|access-key|client-secret|token|secret)(?:=|\\s+)(?!-)'),
  rule(/\b(?:sqlcmd|bcp|osql|isql)\b/, '(?<=\\s)-P\\s*'),
  rule(/\bredis-cli\b/, '(?<=\\s)-a\\s+'),
  rule(/\b(?:sshpass|mongosh|mongo|mongodump|mongorestore|mongoexport|mongoimport)\b|\b(?:docker|podman|buildah|helm)\s+(?:registry\s+)?login\b/, '(?<=\\s)-p\\s+'),
  rule(/\bldap(?:search|add|modify|delete|passwd|compare)\b/, '(?<=\\s)-w\\s+'),
  rule(/\bcurl\b|\bwget\b|\bhttp\b/, '(?<=\\s)(?:-u|--user)\\s+(?:[\'"]?)[^\\s:\'"]+:'),
  rule(/\bhtpasswd\b/, '(?<=\\s)-[a-zA-Z]*b[a-zA-Z]*\\s+(?:-\\S+\\s+)*\\S+\\s+\\S+\\s+'),
  rule(/\bmysqladmin\b/, '(?<=\\s)password\\s+'),
  rule(/\baws\s+configure\s+set\b/, '(?<=\\s)(?:aws_secret_access_key|aws_session_token|aws_access_key_id)\\s+'),
  rule(/\bopenssl\b/, '(?<=\\s)-k\\s+'),
]

/**
 * Redis `AUTH [user] password`, at the prompt (`127.0.0.1:6379> AUTH …`), after `redis-cli` or alone on a line. Only
 * one or two words may follow, so a sentence that starts with "AUTH" is not a command.
 */
const REDIS_AUTH = /(?:^[ \t]*|>[ \t]*|\bredis-cli\b[^\n]*?[ \t])(?:AUTH|auth)[ \t]+(?:[^\s'"]+[ \t]+)?(['"]?)([^\s'"]+)\1[ \t]*;?[ \t]*$/gm

const redisAuthSpans = (text: string): SecretSpan[] =>
  [...text.matchAll(REDIS_AUTH)].flatMap((m) => {
    const value = m[2] ?? ''
    const start = m.index + m[0].lastIndexOf(value)
    return readsAsPassword(value) ? [{ start, end: start + value.length, kind: 'connection-string' as const }] : []
  })

/**
 * A password piped into a tool that reads it from standard input: `echo 'X' | docker login -u u --password-stdin`,
 * `printf '%s' X | helm registry login … --password-stdin`, `echo X | sudo -S …`.
 */
const PIPED = /\b(?:echo(?:\s+-n)?|printf(?:\s+(['"])%s(?:\\n)?\1)?)\s+(['"]?)([^\s'"|]{4,200})\2\s*\|[^\n|]*?(?:--password-stdin\b|\bsudo\s+(?:-\w+\s+)*-S\b|\bpasswd\s+--stdin\b|\bchpasswd\b)/g

const pipedSpans = (text: string): SecretSpan[] =>
  [...text.matchAll(PIPED)].flatMap((m) => {
    const value = m[3] ?? ''
    if (isNonSecretValue(value) || /^\$|^`/.test(value) || value.includes('$(')) return []
    const start = m.index + m[0].indexOf(value, m[0].indexOf(m[2] === '' ? value : `${m[2]}${value}`))
    return [{ start, end: start + value.length, kind: 'connection-string' as const }]
  })

export const commandLineSpans = (text: string): SecretSpan[] => {
  const spans: SecretSpan[] = /auth/i.test(text) ? redisAuthSpans(text) : []
  if (text.includes('|')) spans.push(...pipedSpans(text))
  if (!/\s-/.test(text) && !/\b(?:set|password)\s/.test(text)) return spans
  let offset = 0
  for (const line of text.split('\n')) {
    for (const { tools, flag } of RULES) {
      if (!tools.test(line)) continue
      flag.lastIndex = 0
      for (const m of line.matchAll(flag)) {
        const value = m[1] ?? m[2] ?? m[3] ?? ''
        const quoted = m[1] !== undefined || m[2] !== undefined
        const start = offset + m.index + m[0].length - value.length - (quoted ? 1 : 0)
        if (value === '' || isNonSecretValue(value) || /^\$|^%\w+%$|^`/.test(value) || value.includes('$(') || value.startsWith('-')) continue
        // `-pass env:VAR`, `file:path`: where the password is, not the password.
        if (/^(?:env|file|fd|stdin):/.test(value)) continue
        // `gcloud … --secret=orders-db-password`: the name of a stored secret, not its value.
        if (/--?secrets?[=\s]+$/.test(m[0].slice(0, m[0].length - value.length - (quoted ? 1 : 0))) && namesAStoredSecret(value)) continue
        spans.push({ start, end: start + value.length, kind: 'connection-string' })
      }
    }
    offset += line.length + 1
  }
  return spans
}
