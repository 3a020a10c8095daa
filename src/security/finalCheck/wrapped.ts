import { looksRandom, looksSecret } from './entropy'

/**
 * Credentials wrapped in base64: docker `config.json` `auth` and npm `_auth` (`user:password`), kubeconfig
 * `client-key-data` (a PEM private key), HTTP Basic. Runs of base64 long enough to hold a credential and short
 * enough to be one are decoded; text that comes out is checked like any other text. A run longer than 8 KiB is data
 * (an image, a tool's output), not a credential, and is not decoded.
 */
const BASE64 = /(?<![A-Za-z0-9+/_-])(?=[A-Za-z0-9+/_-]*[A-Z0-9+/])[A-Za-z0-9+/_-]{12,8192}={0,2}(?![A-Za-z0-9+/=_-])/g
const PRINTABLE = /^[^\x00-\x08\x0e-\x1f\x7f\ufffd]+$/
const USER_PASSWORD = /^[\w.@+-]{1,128}:(\S{3,256})$/
// Not `fatal`: a body holds thousands of ids and clocks that read as base64 and decode to no text, and a thrown error
// per run costs more than the check. Invalid UTF-8 decodes to U+FFFD, which PRINTABLE refuses: the same verdict.
const utf8 = new TextDecoder('utf-8')

const decode = (run: string): string | undefined => {
  const b = run.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '')
  if (b.length % 4 === 1) return undefined
  const text = utf8.decode(Uint8Array.from(atob(b + '==='.slice((b.length + 3) % 4)), (c) => c.charCodeAt(0)))
  return text.length >= 6 && PRINTABLE.test(text) ? text : undefined
}

/** The rule that a base64-wrapped credential matched, or `undefined`. `inner` checks decoded text (one level). */
export const wrappedRule = (text: string, inner: (decoded: string) => boolean): string | undefined => {
  for (const m of text.matchAll(BASE64)) {
    // Most runs are binary (images, hashes): the first 16 characters tell, without decoding the rest.
    if (m[0].length > 24 && decode(m[0].slice(0, 16)) === undefined) continue
    const decoded = decode(m[0])
    if (decoded === undefined) continue
    const password = USER_PASSWORD.exec(decoded)?.[1]
    if (password !== undefined && (looksSecret(password) || looksRandom(password))) return 'base64-user-password'
    if (inner(decoded)) return 'base64-wrapped'
  }
  return undefined
}

const BASIC = /\bBasic\s+([A-Za-z0-9+/=_-]{8,})/gi

const PLACEHOLDER_PASSWORD = /^(?:<[^>]*>|\$\{?\w+\}?|\{\{[^}]*\}\}|%\w+%|password|passwd|pass|pwd|secret|changeme|change_me|x{3,}|\*{3,})$/i

/** `Authorization: Basic …` whose every credential decodes to `user:<placeholder>` (`username:password`, `user:<password>`). */
export const basicPlaceholder = (text: string): boolean => {
  const values = [...text.matchAll(BASIC)].map((m) => decode(m[1] ?? ''))
  return values.length > 0 && values.every((v) => v !== undefined && PLACEHOLDER_PASSWORD.test(v.slice(v.indexOf(':') + 1)) && v.includes(':'))
}
