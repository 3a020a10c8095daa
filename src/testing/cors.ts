/** Which browser origins may call the emulator: a list, `'*'`, or a test. */
export type CorsOrigins = readonly string[] | '*' | ((origin: string) => boolean)

const loopback = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/

/** The default: any port on localhost, 127.0.0.1 or [::1], the places a development app runs. */
export const isLoopbackOrigin = (origin: string): boolean => loopback.test(origin)

const allows = (origins: CorsOrigins, origin: string): boolean =>
  origins === '*' ? true : typeof origins === 'function' ? origins(origin) : origins.includes(origin)

/**
 * Answers CORS for allowed origins: a preflight (`OPTIONS` with `Access-Control-Request-Method`) gets 204 with the
 * methods and headers the Hrana client uses, and every other response gets `Access-Control-Allow-Origin`. A request
 * from an origin that is not allowed is served without CORS headers, so the browser blocks it.
 */
export const withCors =
  (origins: CorsOrigins, handle: (request: Request) => Promise<Response>) =>
  async (request: Request): Promise<Response> => {
    const origin = request.headers.get('origin')
    const allowed = origin !== null && allows(origins, origin)
    if (request.method === 'OPTIONS' && request.headers.has('access-control-request-method')) {
      if (!allowed) return new Response(null, { status: 403 })
      return new Response(null, {
        status: 204,
        headers: {
          'access-control-allow-origin': origin,
          'access-control-allow-methods': 'GET, POST, OPTIONS',
          'access-control-allow-headers': request.headers.get('access-control-request-headers') ?? 'authorization, content-type',
          'access-control-max-age': '600',
          vary: 'origin',
        },
      })
    }
    const response = await handle(request)
    if (!allowed || response.type === 'error') return response
    const headers = new Headers(response.headers)
    headers.set('access-control-allow-origin', origin)
    headers.set('access-control-expose-headers', 'retry-after')
    headers.append('vary', 'origin')
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers })
  }
