import { isNonSecretValue } from './nonSecretValue'
import type { CredentialKind, SecretSpan } from './types'

/**
 * Self-identifying secrets: their shape alone says what they are, wherever they appear. Each pattern is anchored
 * on both sides (no letter or digit may touch it) so that random base64, hashes and identifiers do not match, and
 * each requires enough length that an English word never does. `value` is the capture group to replace (0 = all).
 */
interface TokenRule {
  readonly kind: CredentialKind
  readonly pattern: RegExp
  readonly value: number
}

const B = '(?<![A-Za-z0-9_-])'
const E = '(?![A-Za-z0-9_-])'
const rule = (kind: CredentialKind, source: string, value = 0, flags = 'gd'): TokenRule => ({
  kind,
  pattern: new RegExp(source, flags),
  value,
})

export const TOKEN_RULES: readonly TokenRule[] = [
  rule('private-key', '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----([\\s\\S]*?)(?=-----END |$)', 1),
  rule('aws-access-key', `(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])`),
  rule('github-token', `${B}(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{22,255})${E}`),
  rule('slack-token', `${B}(?:xox[abprs]|xapp)-[A-Za-z0-9-]{10,}${E}`),
  rule('discord-webhook', 'discord(?:app)?\\.com/api/webhooks/\\d+/([A-Za-z0-9_-]{40,})', 1),
  rule('slack-webhook', 'hooks\\.slack\\.com/(?:services|workflows|triggers)/([A-Za-z0-9/_-]+)', 1),
  rule('stripe-key', `${B}(?:[sr]k_(?:live|test)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{20,})${E}`),
  rule('anthropic-key', `${B}sk-ant-[A-Za-z0-9_-]{20,}${E}`),
  rule('openai-key', `${B}sk-(?!ant-)(?=[A-Za-z0-9_-]*\\d)[A-Za-z0-9_-]{20,}${E}`),
  rule('google-api-key', `${B}AIza[0-9A-Za-z_-]{35}${E}`),
  rule('jwt', `${B}eyJ[A-Za-z0-9_-]{5,}\\.eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*${E}`),
  // A bearer credential needs a digit and 16+ characters, so prose ("the bearer token") is not one.
  rule('bearer', '\\bBearer[ \\t]+((?=[\\w.~+/-]*\\d)[\\w.~+/-]{16,}=*)', 1, 'gid'),
  rule('basic-auth', '\\bAuthorization:[ \\t]*Basic[ \\t]+([A-Za-z0-9+/]{8,}={0,2})', 1, 'gid'),
  // Any other scheme (`Token …`, `SSWS …`, `Digest …`): the credential follows the scheme.
  rule('bearer', '\\b(?:Proxy-)?Authorization:[ \\t]*(?:Token|SSWS|Digest|Negotiate|ApiKey|Key)[ \\t]+((?=[\\w.~+/-]*\\d)[\\w.~+/-]{12,}=*)', 1, 'gid'),
  // PuTTY `.ppk`: the private lines that follow `Private-Lines: N`.
  rule('private-key', 'Private-Lines:[ \\t]*\\d+[ \\t]*\\r?\\n((?:[A-Za-z0-9+/=]+\\r?\\n?)+?)(?=\\r?\\nPrivate-|$)', 1),
]

/** `Basic dXNlcm5hbWU6cGFzc3dvcmQ=` is `username:password`: documentation, not a credential. */
const placeholderPair = (encoded: string): boolean => {
  try {
    const decoded = atob(encoded)
    const colon = decoded.indexOf(':')
    return colon !== -1 && isNonSecretValue(decoded.slice(colon + 1))
  } catch {
    return false
  }
}

/**
 * A token shape filled with a stand-in: `sk_test_xxxxxxxxxxxxxxxxxxxxxxxx`, `ghp_000000…`. A generated token never repeats
 * one character six times.
 */
export const placeholderToken = (token: string): boolean => /([xX0*])\1{5,}/.test(token)

export const tokenSpans = (text: string): SecretSpan[] => {
  const spans: SecretSpan[] = []
  for (const { kind, pattern, value } of TOKEN_RULES) {
    pattern.lastIndex = 0
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      const whole = m[0]
      const part = m[value] ?? ''
      if (whole === '') {
        pattern.lastIndex += 1
        continue
      }
      const start = m.indices?.[value]?.[0] ?? m.index
      const end = start + part.length
      const content = kind === 'private-key' ? part.trim() : part
      if (content === '' || content === '[REDACTED]' || (kind === 'basic-auth' && placeholderPair(content))) continue
      if (kind !== 'private-key' && placeholderToken(content)) continue
      spans.push({ start, end, kind })
    }
  }
  return spans
}
