/**
 * The browser demo: two devices side by side in one page, syncing through the Turso emulator.
 *
 *   npm run demo                                    # emulator in-process, data under .turso/
 *   TURSO_URL=libsql://… TURSO_AUTH_TOKEN=… npm run demo   # a real Turso database instead
 *
 * One HTTP origin serves everything, so the browser needs no CORS:
 * - `/`            the Vite app in demo/web/ (`?device=laptop` shows one device; `?debounceMs=&pollMs=` for tests)
 * - `/config`      `{ url, authToken, userId, emulator, contentKey }` for the page; `?user=<name>` picks another emulator database
 * - `/turso/…`     the emulator's Hrana-over-HTTP endpoints (absent when TURSO_URL is set)
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createServer, type Plugin, type ViteDevServer } from 'vite'
import { createClient } from '@libsql/client/web'
import { createTursoEmulator, type TursoEmulator } from '../src/testing/index'
import { applySchema, deriveContentKey } from '../src/server/index'

/** The demo's content-key secret: public, like the emulator's development one. A real app keeps its own on the server. */
const DEMO_CONTENT_SECRET = 'howlerops-sync demo content secret (public, never use it in production)'

const root = fileURLToPath(new URL('..', import.meta.url))
const src = (path: string): string => resolve(root, 'src', path)

export interface DemoServerOptions {
  /** 0 picks a free port. @default 5173 */
  port?: number
  /** @default '127.0.0.1' */
  host?: string
  /** Where the emulator keeps its databases and tokens. @default '<repo>/.turso' */
  dataDir?: string
  /** A real Turso database; the emulator is not started. @default TURSO_URL / TURSO_AUTH_TOKEN from the environment */
  turso?: { url: string; authToken: string } | undefined
  /** Vite's dependency cache. @default '<repo>/node_modules/.vite/howlerops-demo' */
  cacheDir?: string
  /** Watch files and hot-reload (off for tests, so edits elsewhere in the checkout never reload a page). @default true */
  hmr?: boolean
}

export interface DemoServer {
  /** `http://host:port/` */
  readonly url: string
  readonly port: number
  /** The in-process emulator (undefined against a real Turso database). Databases are named after `?user=`. */
  readonly emulator: TursoEmulator | undefined
  close(): Promise<void>
}

export const DEFAULT_USER = 'demo-user'

export interface DemoConfig {
  readonly url: string
  readonly authToken: string
  readonly userId: string
  readonly emulator: boolean
  /** The user's content key (sealing, docs/sealing.md). */
  readonly contentKey: string
}

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body))
}

/** `/config` and `/turso/*`, mounted before Vite's own middlewares. */
const demoRoutes = (emulator: TursoEmulator | undefined, turso: DemoServerOptions['turso']): Plugin => {
  // Each user database gets the schema once per process (applySchema is idempotent and checksummed).
  const schemaApplied = new Map<string, Promise<string>>()
  const userDatabase = (name: string): Promise<string> => {
    let ready = schemaApplied.get(name)
    if (ready === undefined) {
      const { authToken } = emulator!.createDatabase(name)
      const client = createClient({ url: 'http://emulator.invalid', authToken, fetch: (request: Request) => emulator!.fetch(request) } as never)
      ready = applySchema(client)
        .then(() => authToken)
        .finally(() => client.close())
      ready.catch(() => schemaApplied.delete(name))
      schemaApplied.set(name, ready)
    }
    return ready
  }

  const config = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (turso !== undefined) {
      const contentKey = await deriveContentKey(DEMO_CONTENT_SECRET, 'demo1', DEFAULT_USER)
      sendJson(res, 200, { url: turso.url, authToken: turso.authToken, userId: DEFAULT_USER, emulator: false, contentKey } satisfies DemoConfig)
      return
    }
    const requested = new URL(req.url ?? '/', 'http://x').searchParams.get('user') ?? DEFAULT_USER
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(requested)) return sendJson(res, 400, { error: 'user: lowercase letters, digits and dashes' })
    const authToken = await userDatabase(requested)
    const origin = `http://${req.headers.host ?? 'localhost'}`
    const contentKey = await deriveContentKey(DEMO_CONTENT_SECRET, 'demo1', requested)
    sendJson(res, 200, { url: `${origin}/turso/`, authToken, userId: requested, emulator: true, contentKey } satisfies DemoConfig)
  }

  const hrana = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const headers = new Headers()
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(key, value)
    const body = await readBody(req)
    // connect has stripped the `/turso` prefix from req.url, which is what the emulator routes on.
    const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
      method: req.method ?? 'GET',
      headers,
      ...(body.length === 0 ? {} : { body: new Uint8Array(body) }),
    })
    const response = await emulator!.fetch(request)
    if (response.type === 'error') return void req.socket.destroy() // an injected dropped connection
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.end(Buffer.from(await response.arrayBuffer()))
  }

  const guard =
    (handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) =>
    (req: IncomingMessage, res: ServerResponse): void =>
      void handler(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) })
      })

  return {
    name: 'howlerops-demo-routes',
    configureServer(server) {
      server.middlewares.use('/config', guard(config))
      if (emulator !== undefined) server.middlewares.use('/turso', guard(hrana))
    },
  }
}

const envTurso = (): DemoServerOptions['turso'] => {
  const url = process.env['TURSO_URL']
  if (url === undefined || url === '') return undefined
  return { url, authToken: process.env['TURSO_AUTH_TOKEN'] ?? '' }
}

/** Starts the emulator (unless `turso` is given) and the Vite dev server of demo/web/ on one origin. */
export const startDemoServer = async (options: DemoServerOptions = {}): Promise<DemoServer> => {
  const turso = 'turso' in options ? options.turso : envTurso()
  const dataDir = options.dataDir ?? resolve(root, '.turso')
  let emulator: TursoEmulator | undefined
  if (turso === undefined) {
    mkdirSync(dataDir, { recursive: true })
    emulator = createTursoEmulator({ dataDir })
  } else {
    // A real database gets the schema too (checksummed migrations: a no-op once applied).
    const client = createClient({ url: turso.url, authToken: turso.authToken })
    await applySchema(client)
      .catch((error: unknown) => console.warn(`[demo] could not apply the schema to ${turso.url}:`, error instanceof Error ? error.message : error))
      .finally(() => client.close())
  }
  const hmr = options.hmr ?? true
  let vite: ViteDevServer | undefined
  try {
    vite = await createServer({
      configFile: false,
      root: resolve(root, 'demo/web'),
      cacheDir: options.cacheDir ?? resolve(root, 'node_modules/.vite/howlerops-demo'),
      logLevel: hmr ? 'info' : 'warn',
      clearScreen: false,
      plugins: [demoRoutes(emulator, turso)],
      resolve: {
        alias: [
          { find: /^@howlerops\/sync$/, replacement: src('index.ts') },
          { find: '@howlerops/sync/dexie', replacement: src('local/index.ts') },
          { find: '@howlerops/sync/zustand', replacement: src('zustand/index.ts') },
          { find: '@howlerops/sync/react', replacement: src('react/index.ts') },
          { find: '@howlerops/sync/components/styles.css', replacement: src('components/styles.css') },
          { find: '@howlerops/sync/components', replacement: src('components/index.ts') },
        ],
      },
      // Listed up front so the first page load never triggers a re-optimisation and a full reload.
      optimizeDeps: {
        include: ['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime', 'react/jsx-dev-runtime', 'zustand', 'zustand/vanilla', 'dexie', 'dexie-react-hooks', '@libsql/client/web'],
      },
      server: {
        port: options.port ?? 5173,
        host: options.host ?? '127.0.0.1',
        strictPort: options.port !== undefined, // else the next free port after 5173
        fs: { allow: [root] },
        ...(hmr ? {} : { hmr: false, watch: null, ws: false }),
      },
    })
    await vite.listen()
  } catch (error) {
    await vite?.close()
    await emulator?.close()
    throw error
  }
  const address = vite.httpServer?.address()
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 5173)
  const host = options.host ?? '127.0.0.1'
  const server = vite
  return {
    url: `http://${host}:${port}/`,
    port,
    emulator,
    close: async () => {
      await server.close()
      await emulator?.close()
    },
  }
}

const main = async (): Promise<void> => {
  const port = process.env['PORT']
  const server = await startDemoServer(port === undefined ? {} : { port: Number(port) })
  const where = server.emulator === undefined ? `Turso at ${process.env['TURSO_URL']}` : `the Turso emulator (data in .turso/)`
  console.log(`\n  Howlerops sync demo: \u001b[1m${server.url}\u001b[0m  (two devices, syncing through ${where})`)
  console.log(`  One device per tab: ${server.url}?device=laptop  ·  ${server.url}?device=desktop\n`)
  const stop = (): void => void server.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(error)
    process.exit(1)
  })
}
