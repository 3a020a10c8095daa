import type { HttpHandler } from 'msw'

type Msw = typeof import('msw')

/**
 * `msw` is an optional peer: only these handlers need it, so it is loaded here, on first use, and never by the CLI
 * or the Node server. The handlers are read synchronously (`setupServer(...emulator.handlers)`), so it is required
 * through `createRequire`; MSW matches handlers by their kind, not by class identity, so this copy serves
 * `msw/node` and `msw/browser` alike.
 */
const loadMsw = (): Msw => {
  const mod = globalThis.process?.getBuiltinModule?.('node:module')
  if (!mod) throw new Error('emulator.handlers needs Node.js 20.16 or later (the emulator runs in Node, not in a browser)')
  try {
    return mod.createRequire(import.meta.url)('msw') as Msw
  } catch (cause) {
    throw new Error('emulator.handlers needs the msw package: npm install --save-dev msw', { cause })
  }
}

/**
 * One MSW handler that forwards every request `owns(url)` accepts to `handle`; other requests fall through to the
 * next handler (returning nothing from an MSW resolver means "not mine").
 */
export const createMswHandlers = (
  owns: (url: URL) => boolean,
  handle: (request: Request) => Promise<Response>,
): HttpHandler[] => [
  loadMsw().http.all('*', async ({ request }): Promise<Response | undefined> => (owns(new URL(request.url)) ? handle(request) : undefined)),
]
