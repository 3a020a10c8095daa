const REDACTED = '[REDACTED]'

/** Header and property names whose values are credentials, compared case-insensitively. */
const SECRET_NAMES = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'apitoken', 'api_token', 'authtoken', 'auth_token'])
/** `Bearer …` / `Basic …` inside free text (messages, stacks, a serialized request). */
const SCHEME_VALUE = /\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/g
const MAX_DEPTH = 8

const scrubText = (text: string): string => text.replace(SCHEME_VALUE, `$1 ${REDACTED}`)

const scrubHeaders = (headers: Headers): Headers => {
  const out = new Headers()
  headers.forEach((value, name) => out.set(name, SECRET_NAMES.has(name.toLowerCase()) ? REDACTED : scrubText(value)))
  return out
}

/**
 * A copy of `value` (an error, usually) with every `Authorization`-like header and property replaced by
 * `[REDACTED]` at any depth: own properties, `cause` chains, `Headers`, `Request`/`Response` (summarised as method,
 * url and scrubbed headers), arrays and plain objects. Errors keep their prototype, so `instanceof` still holds;
 * `message` and `stack` lose `Bearer …` values. Safe to hand to a logger. Cycles and depth are bounded.
 */
export const scrubAuthorization = <T>(value: T): T => scrub(value, 0, new WeakMap()) as T

const scrub = (value: unknown, depth: number, seen: WeakMap<object, unknown>): unknown => {
  if (typeof value === 'string') return scrubText(value)
  if (typeof value !== 'object' || value === null) return value
  if (seen.has(value)) return seen.get(value)
  if (depth >= MAX_DEPTH) return '[…]'
  if (typeof Headers !== 'undefined' && value instanceof Headers) return scrubHeaders(value)
  if (typeof Request !== 'undefined' && value instanceof Request) {
    return { method: value.method, url: scrubText(value.url), headers: scrubHeaders(value.headers) }
  }
  if (typeof Response !== 'undefined' && value instanceof Response) {
    return { status: value.status, url: scrubText(value.url), headers: scrubHeaders(value.headers) }
  }
  if (Array.isArray(value)) {
    const out: unknown[] = []
    seen.set(value, out)
    for (const item of value) out.push(scrub(item, depth + 1, seen))
    return out
  }
  const proto: unknown = Object.getPrototypeOf(value)
  const isError = value instanceof Error
  if (!isError && proto !== Object.prototype && proto !== null) return value
  const out = Object.create(proto as object | null) as Record<string, unknown>
  seen.set(value, out)
  for (const name of Object.getOwnPropertyNames(value)) {
    const item = (value as Record<string, unknown>)[name]
    const next = SECRET_NAMES.has(name.toLowerCase()) && item !== undefined && item !== null ? REDACTED : scrub(item, depth + 1, seen)
    // Errors' own `message` and `stack` are non-enumerable; keep them so, so the copy logs like the original.
    Object.defineProperty(out, name, { value: next, enumerable: isError ? name !== 'message' && name !== 'stack' && name !== 'cause' : true, writable: true, configurable: true })
  }
  return out
}
