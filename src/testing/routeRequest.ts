/** Where a request goes: which database the URL names (if any) and which endpoint. */
export interface Route {
  /** The database named by the URL, or `undefined` when only the token can say (`http://127.0.0.1:8080/v2/…`). */
  readonly database: string | undefined
  /** The path after the database prefix, without a trailing slash (`/v2/pipeline`, `/v3`, ``). */
  readonly path: string
}

// Segments that are endpoints, never database names (sqld also serves `/v2`, `/v3`, `/v3-protobuf`, `/health`).
const reserved = /^(v\d+(-protobuf)?|health|dev)$/i

/**
 * Reads the database from the URL as Turso does: `https://<db>.<domain>/…` (also `<db>-<org>.<domain>`, Turso's
 * hostname shape), or, on a loopback server where there are no hostnames to spare, a `/<db>/…` path prefix.
 * `resolve` maps a hostname label or path segment to a database name (case-insensitive), or returns undefined.
 */
export const routeRequest = (url: URL, domain: string, resolve: (label: string) => string | undefined): Route => {
  const path = url.pathname.replace(/\/+$/, '')
  const prefix = /^\/([A-Za-z0-9][A-Za-z0-9-]*)(\/.*)?$/.exec(path)
  if (prefix?.[1] && !reserved.test(prefix[1])) {
    return { database: resolve(prefix[1]) ?? prefix[1], path: prefix[2] ?? '' }
  }
  const host = url.hostname.toLowerCase()
  if (host.endsWith(`.${domain}`)) {
    const label = host.slice(0, -(domain.length + 1)).split('.')[0] ?? ''
    return { database: resolve(label) ?? label, path }
  }
  return { database: undefined, path }
}
