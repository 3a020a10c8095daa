import { isNonSecretValue } from './nonSecretValue'
import { readsAsPassword } from './valueShape'
import type { SecretSpan } from './types'

/**
 * The password of `scheme://user:password@host`. Passwords pasted into URIs are often not percent-encoded and
 * contain `@`, `:` or `/`, so the password runs to the LAST `@` that is followed by a host, as long as no query
 * or fragment (`?`, `#`) has started after an earlier host. Only the password is replaced: the user, host, port,
 * path and query survive (`postgres://bob:[REDACTED]@db:5432/app`).
 */
const SCHEME = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\//g
/** Bounds the work per URI so adversarial text stays linear; no real password is this long. */
const MAX_USERINFO = 2048
const USER = /[^\s:@/?#'"`<>]*:/y
const TOKEN_END = /[\s'"`<>]/g
const HOST = /(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_~%-]+(?:\.[A-Za-z0-9_~%-]+)*)(?::\d{1,5})?/y
const AFTER_HOST = new Set(['/', '?', '#', ',', ';', ')', ']', '}'])
/** `host:8080/path/@scope` is a host and port, not a user and password. */
const PORT_THEN_PATH = /^\d{1,5}\//

const tokenEnd = (text: string, from: number): number => {
  TOKEN_END.lastIndex = from
  return TOKEN_END.exec(text)?.index ?? text.length
}

/** The index of the `@` that ends the password, or -1. */
const passwordEnd = (text: string, from: number, end: number): number => {
  let chosen = -1
  for (let at = text.indexOf('@', from); at !== -1 && at < end; at = text.indexOf('@', at + 1)) {
    HOST.lastIndex = at + 1
    const host = HOST.exec(text)
    if (host === null) continue
    const hostEnd = at + 1 + host[0].length
    if (hostEnd !== end && !AFTER_HOST.has(text[hostEnd] ?? '')) continue
    chosen = at
    const next = text.indexOf('@', hostEnd)
    const rest = text.slice(hostEnd, next === -1 || next > end ? end : next)
    if (rest.includes('?') || rest.includes('#')) break
  }
  return chosen
}

/**
 * `user:password@host` without a scheme (typed into a host field, a chat): a name, a colon, a value that reads as a
 * password, `@`, a host and an optional port. `git@github.com:org/repo` and `mailto:ann@example.com` are not this.
 */
const BARE_USERINFO = /(?<![\w/@:.%+-])[A-Za-z_][\w.%+-]{0,63}:([^\s@/'"`:]{1,128})@[A-Za-z0-9][\w-]*(?:\.[\w-]+)*(?::\d{1,5})?(?![\w.-]*@)/g
/** Signed-URL parameters: a presigned S3 or GCS URL, a session token. Whatever they look like, they grant access. */
const SIGNED_PARAM = /[?&#;](?:X-Amz-Security-Token|X-Amz-Signature|X-Goog-Signature|signature)=([^&#\s'"`]{16,})/gi

export const uriPasswordSpans = (text: string): SecretSpan[] => {
  const spans: SecretSpan[] = []
  if (text.includes('=')) {
    for (const m of text.matchAll(SIGNED_PARAM)) {
      const value = m[1] ?? ''
      if (!isNonSecretValue(value)) spans.push({ start: m.index + m[0].length - value.length, end: m.index + m[0].length, kind: 'uri-password' })
    }
  }
  if (text.includes('@')) {
    for (const m of text.matchAll(BARE_USERINFO)) {
      const value = m[1] ?? ''
      const start = m.index + m[0].indexOf(':') + 1
      if (!/^\d+$/.test(value) && !isNonSecretValue(value) && readsAsPassword(value)) spans.push({ start, end: start + value.length, kind: 'uri-password' })
    }
  }
  SCHEME.lastIndex = 0
  for (let m = SCHEME.exec(text); m !== null; m = SCHEME.exec(text)) {
    USER.lastIndex = SCHEME.lastIndex
    if (USER.exec(text) === null) continue
    const start = USER.lastIndex
    const end = Math.min(tokenEnd(text, start), start + MAX_USERINFO)
    const at = passwordEnd(text, start, end)
    if (at === -1) {
      SCHEME.lastIndex = end
      continue
    }
    const password = text.slice(start, at)
    if (PORT_THEN_PATH.test(password) || isNonSecretValue(password)) continue
    spans.push({ start, end: at, kind: 'uri-password' })
    SCHEME.lastIndex = at
  }
  return spans
}
