import type { IncomingMessage, ServerResponse } from 'node:http'

export interface HttpListener {
  readonly url: string
  readonly port: number
  close(): Promise<void>
}

const toRequest = async (req: IncomingMessage, origin: string): Promise<Request> => {
  const headers = new Headers()
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value)
  }
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method ?? 'GET',
    headers,
    ...(hasBody ? { body: Buffer.concat(chunks) } : {}),
  })
}

const send = async (response: Response, req: IncomingMessage, res: ServerResponse): Promise<void> => {
  // A network-error response (MSW's HttpResponse.error()) becomes a dropped connection.
  if (response.type === 'error') {
    req.socket.destroy()
    return
  }
  const body = Buffer.from(await response.arrayBuffer())
  res.writeHead(response.status, Object.fromEntries(response.headers))
  res.end(body)
}

/**
 * Serves `handle` with `node:http`, loaded on call so the testing subpath stays importable in browsers.
 * `handle` gets the listener's own origin, known only once the port is bound.
 */
export const serveOverHttp = async (
  handle: (request: Request, origin: string) => Promise<Response>,
  port: number,
  hostname: string,
): Promise<HttpListener> => {
  const { createServer } = await import('node:http')
  let origin = ''
  const server = createServer((req, res) => {
    toRequest(req, origin)
      .then((request) => handle(request, origin))
      .then((response) => send(response, req, res))
      .catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ message: String(error), code: 'INTERNAL_ERROR' }))
      })
  })
  // Node closes an idle keep-alive socket after 5 s; a client that reuses it just then gets ECONNRESET. A device that
  // spends seconds applying a large page between two requests hits that window, so idle sockets live longer here.
  server.keepAliveTimeout = 65_000
  server.headersTimeout = 66_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, hostname, () => resolve())
  })
  const address = server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  origin = `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${actualPort}`
  return {
    url: origin,
    port: actualPort,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
