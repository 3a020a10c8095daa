import { looksRandom, looksSecret } from './entropy'

/**
 * `scheme://user:password@host`, `user:password@tcp(host)` (Go), `user/password@db` (Oracle). `owner/name@v4` is a
 * package or an action at a version, not a login.
 */
const URI_CREDENTIALS = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,31}:\/\/[^\s:/@'"`]{0,256}:([^\s'"`]{1,256})@[\w.[\]-]+|(?<![\w/])[\w.-]+:([^\s@:/'"`]{1,256})@tcp\(|(?<![\w/.@-])[A-Za-z][\w$]{0,63}\/([^\s@/'"`]{1,256})@(?!v?\d+(?:\.\d+){0,2}(?![\w.:-]))(?:\/\/)?[\w.-]+/g
/** `user:password@host` with no scheme, typed into a host field or a chat: `app:S3cret!@db.internal:5432`. */
const BARE_USERINFO = /(?<![\w/@:.%+-])[A-Za-z_][\w.%+-]{0,63}:([^\s@/'"`:]{3,128})@[A-Za-z0-9](?:[\w-]*\.)*[\w-]*(?::\d{1,5})?(?![\w.-]*@)/g
/** `host:port:db:user:password` (.pgpass). */
const PGPASS = /^[^\s:]+:(?:\d+|\*):[^\s:]+:[^\s:]+:(\S+)$/m
/**
 * Query and fragment parameters that carry a credential: presigned S3 and GCS URLs, Azure SAS, OAuth implicit-flow
 * fragments, `?token=`, `?api_key=`. A signature or session token is a credential whatever it looks like.
 */
const PARAM = /[?&#;](X-Amz-Security-Token|X-Amz-Signature|X-Goog-Signature|sig|signature|access_token|id_token|refresh_token|token|api_?key|apikey|appid|app_?key|key|password|pwd|secret|client_secret)=([^&#\s'"`]+)/gi
const SIGNED = /^(?:x-amz-security-token|x-amz-signature|x-goog-signature|sig|signature)$/i

/** Stand-ins, and the optional parts of a URI's syntax (`postgresql://[user[:password]@][host]`). */
const STAND_IN = /^(?:\[?[A-Za-z_]+\]+|\[REDACTED\]|\$\{?\w+\}?|\{\{.*\}\}|\{\w*\}|\*+|<[^>]*>|%\w+%|%[sd]|x{3,}|X{3,}|\.\.\.|:\w+|\?)$/

const uriSecret = (secret: string): boolean =>
  secret.length >= 3 && !/^\d{1,5}\//.test(secret) && !STAND_IN.test(secret) && (looksSecret(secret) || /\d|[^\w]/.test(secret))

const decoded = (value: string): string => {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

/** The rule that found credentials inside a URI, DSN or URL parameter, or `undefined`. */
export const uriRule = (text: string): string | undefined => {
  if (text.includes('@')) for (const m of text.matchAll(URI_CREDENTIALS)) if (uriSecret(m[1] ?? m[2] ?? m[3] ?? '')) return 'uri'
  // Without a scheme the value must look like a secret: `mailto:svc-sync@example.com` has a name there.
  if (text.includes('@')) for (const m of text.matchAll(BARE_USERINFO)) if (uriSecret(m[1] ?? '') && (looksSecret(m[1] ?? '') || looksRandom(m[1] ?? ''))) return 'userinfo'
  for (const m of text.matchAll(PARAM)) {
    const value = decoded(m[2] ?? '')
    if (STAND_IN.test(value)) continue
    if (SIGNED.test(m[1] ?? '') ? value.length >= 16 : looksSecret(value) || looksRandom(value)) return 'url-parameter'
  }
  const pgpass = PGPASS.exec(text)?.[1]
  if (pgpass !== undefined && looksSecret(pgpass)) return 'pgpass'
  return undefined
}
