/**
 * Is this request allowed to mint a token? A browser names the page that sent a request in `Origin` (every
 * cross-origin request and every POST) and in `Sec-Fetch-Site`. A request from a page not on the allow-list is
 * refused, so a cross-site page cannot make a signed-in user's browser fetch their database token (the response
 * would be unreadable under CORS, but a token would still be minted and the attempt would look legitimate).
 *
 * A request with neither header comes from no browser page (a server, curl, a same-origin GET in an older browser)
 * and is allowed: `authenticate` still decides who it is.
 */
export const originAllowed = (request: Request, allowed: ReadonlySet<string>): boolean => {
  const origin = request.headers.get('origin')
  if (origin !== null) return allowed.has(origin)
  const site = request.headers.get('sec-fetch-site')
  return site === null || site === 'same-origin' || site === 'none'
}

/** Normalises configured origins (`https://app.example/` → `https://app.example`), refusing anything that is not one. */
export const originSet = (origins: readonly string[]): ReadonlySet<string> => {
  const out = new Set<string>()
  for (const origin of origins) {
    let parsed: URL
    try {
      parsed = new URL(origin)
    } catch (error) {
      throw new RangeError(`allowedOrigins: ${JSON.stringify(origin)} is not an origin such as "https://app.example".`, { cause: error })
    }
    if (parsed.origin === 'null' || parsed.pathname.replace(/\/$/, '') !== '' || parsed.search !== '') {
      throw new RangeError(`allowedOrigins: ${JSON.stringify(origin)} is not an origin such as "https://app.example".`)
    }
    out.add(parsed.origin)
  }
  return out
}
