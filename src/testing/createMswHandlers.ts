import { http, type HttpHandler } from 'msw'

/**
 * One MSW handler that forwards every request `owns(url)` accepts to `handle`; other requests fall through to the
 * next handler (returning nothing from an MSW resolver means "not mine").
 */
export const createMswHandlers = (
  owns: (url: URL) => boolean,
  handle: (request: Request) => Promise<Response>,
): HttpHandler[] => [
  http.all('*', async ({ request }): Promise<Response | undefined> => (owns(new URL(request.url)) ? handle(request) : undefined)),
]
