import { readsAsPassword } from './valueShape'
import type { SecretSpan } from './types'

/**
 * Credentials wrapped in base64 (docker `config.json` `auth`, npm `_auth`, kubeconfig `client-key-data`, HTTP Basic
 * without its header): a base64 value is decoded, and redacted whole when what it carries is `user:password` or text
 * in which the other rules find a credential (`inner`). Values over 8 KiB are data and are not decoded.
 */
const BASE64 = /(?<![A-Za-z0-9+/_-])(?=[A-Za-z0-9+/_-]*[A-Z0-9+/])[A-Za-z0-9+/_-]{12,8192}={0,2}(?![A-Za-z0-9+/=_-])/g
const CONTROL = /[\x00-\x08\x0e-\x1f\x7f\ufffd]/
const USER_PASSWORD = /^[\w.@+-]{1,128}:(\S{1,256})$/
const utf8 = new TextDecoder('utf-8', { fatal: true })

const decodeBase64 = (run: string): string | undefined => {
  const b64 = run.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  if (b64.length % 4 === 1) return undefined
  try {
    const text = utf8.decode(Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0)))
    return text.length < 6 || CONTROL.test(text) ? undefined : text
  } catch {
    return undefined
  }
}

export const wrappedSpans = (text: string, inner: (decoded: string) => boolean): SecretSpan[] => {
  const spans: SecretSpan[] = []
  for (const m of text.matchAll(BASE64)) {
    // Most runs are binary (images, hashes): the first 16 characters tell, without decoding the rest.
    if (m[0].length > 24 && decodeBase64(m[0].slice(0, 16)) === undefined) continue
    const decoded = decodeBase64(m[0])
    if (decoded === undefined) continue
    const password = USER_PASSWORD.exec(decoded)?.[1]
    if ((password !== undefined && readsAsPassword(password)) || inner(decoded)) {
      spans.push({ start: m.index, end: m.index + m[0].length, kind: password === undefined ? 'private-key' : 'basic-auth' })
    }
  }
  return spans
}
