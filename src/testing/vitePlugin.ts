import type { IncomingMessage, ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import { createServer, createServerModuleRunner, type Plugin, type ViteDevServer } from 'vite'
import type { ModuleRunner } from 'vite/module-runner'
import type { Client } from '@libsql/client'
import type { TursoEmulator, TursoEmulatorOptions } from './types.js'

type EmulatorModule = { createTursoEmulator: (options?: TursoEmulatorOptions) => TursoEmulator }
type ServerModule = { applySchema: (client: Client) => Promise<unknown> }

export interface TursoEmulatorPluginOptions {
  /** Where the emulator is mounted on the dev server. @default '/__turso/' */
  prefix?: string
  /** Passed to `createTursoEmulator`. */
  emulator?: TursoEmulatorOptions
  /** Apply `schema.sql`'s migrations to every database the JSON endpoint creates. @default true */
  applySchema?: boolean
}

/**
 * Serves the Turso emulator from a Vite dev server (Storybook, Vitest browser mode), so code in the browser syncs
 * over real HTTP with `@libsql/client/web` against a real libSQL database, which cannot run in the browser itself.
 *
 * - `POST {prefix}databases` with `{ "name"?: string }` creates a user database (schema applied) and answers
 *   `{ name, url, authToken }`; `url` points back at this server.
 * - Everything else under `{prefix}` is Hrana over HTTP (`{prefix}/<name>/v2/pipeline`…): the path names the
 *   database and the bearer token must belong to it.
 *
 * Import it as `@howlerops/sync/vite`.
 *
 * Node-only: import it from a Vite config, never from app code. The emulator and the schema are loaded by a
 * private Vite module runner on first use, so that loading the Vite config never bundles them or opens libSQL.
 */
export const tursoEmulatorPlugin = (options: TursoEmulatorPluginOptions = {}): Plugin => {
  const prefix = `/${(options.prefix ?? '/__turso/').replace(/^\/+|\/+$/g, '')}`
  let emulator: Promise<TursoEmulator> | undefined
  let counter = 0
  // A private Vite server and module runner, alive as long as the dev server: the emulator's sources import
  // `schema.sql?raw` and load modules lazily, which only a live runner can serve.
  let runner: Promise<{ server: ViteDevServer; runner: ModuleRunner }> | undefined
  // Built (`@howlerops/sync/vite`, dist/vite.js) the emulator is plain JS beside this file; from the repository's
  // sources it needs the runner. The paths are joined at run time so that the library build leaves them alone.
  const built = !import.meta.url.endsWith('.ts')
  const load = async <T>(source: string, dist: string): Promise<T> => {
    if (built) return (await import(/* @vite-ignore */ new URL(['.', dist].join('/'), import.meta.url).href)) as T
    runner ??= createServer({ configFile: false, logLevel: 'error', appType: 'custom', server: { middlewareMode: true, hmr: false, ws: false } }).then(
      (server) => ({ server, runner: createServerModuleRunner(server.environments.ssr!, { hmr: false }) }),
    )
    return (await runner).runner.import<T>(fileURLToPath(new URL(source, import.meta.url)))
  }
  const start = (): Promise<TursoEmulator> =>
    (emulator ??= load<EmulatorModule>('./createTursoEmulator.ts', 'testing.js').then((m) => m.createTursoEmulator(options.emulator)))

  const createDatabase = async (base: string, name: string | undefined): Promise<{ name: string; url: string; authToken: string }> => {
    const e = await start()
    const dbName = name ?? `story-${Date.now().toString(36)}-${++counter}`
    const db = e.createDatabase(dbName)
    if (options.applySchema !== false) {
      const [{ createClient }, { applySchema }] = await Promise.all([import('@libsql/client/web'), load<ServerModule>('../server/index.ts', 'server.js')])
      const client = createClient({ url: db.url.replace(/^libsql:/, 'https:'), authToken: db.authToken, fetch: (r: Request) => e.fetch(r) } as never)
      await applySchema(client)
      client.close()
    }
    // The path names the database, as Turso's hostname does, so the token only opens this one.
    return { name: dbName, url: `${base}${prefix}/${dbName}/`, authToken: db.authToken }
  }

  const middleware = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks)
    const origin = `http://${req.headers.host ?? 'localhost'}`
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '')
    try {
      if (req.method === 'POST' && path === '/databases') {
        const { name } = body.length === 0 ? {} : (JSON.parse(body.toString('utf8')) as { name?: string })
        const created = await createDatabase(origin, name)
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(created))
        return
      }
      const headers = new Headers()
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(key, value)
      const request = new Request(`${origin}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body.length === 0 ? {} : { body }),
      })
      const response = await (await start()).fetch(request)
      res.writeHead(response.status, Object.fromEntries(response.headers))
      res.end(Buffer.from(await response.arrayBuffer()))
    } catch (error) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }))
    }
  }

  return {
    name: 'howlerops-turso-emulator',
    configureServer(server) {
      server.middlewares.use(prefix, (req, res) => void middleware(req, res))
      server.httpServer?.once('close', () => {
        void emulator?.then((e) => e.close())
        void runner?.then(async (r) => {
          await r.runner.close()
          await r.server.close()
        })
      })
    },
  }
}
