import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { fileURLToPath } from 'node:url'
import { createClient } from '@libsql/client'
import { build } from 'vite'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
// Inside the repository, so that `libsql` resolves from node_modules as it would in an app that installed
// @libsql/client; msw and @libsql/client are made unloadable for the CLI process by a resolve hook.
const pkg = `${root}node_modules/.cache/howlerops-emulator-cli`

/** The package as npm would install it, for the files the CLI needs: bin/, dist/testing.js, schema.sql. */
const pack = async (): Promise<void> => {
  rmSync(pkg, { recursive: true, force: true })
  mkdirSync(`${pkg}/bin`, { recursive: true })
  copyFileSync(`${root}bin/emulator.js`, `${pkg}/bin/emulator.js`)
  copyFileSync(`${root}schema.sql`, `${pkg}/schema.sql`)
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      outDir: `${pkg}/dist`,
      emptyOutDir: true,
      minify: false,
      target: 'es2022',
      lib: { entry: `${root}src/testing/index.ts`, formats: ['es'], fileName: () => 'testing.js' },
      rollupOptions: { external: (id) => id.startsWith('node:') || builtinModules.includes(id) || /^(msw|libsql|@libsql\/)/.test(id) },
    },
  })
  writeFileSync(
    `${pkg}/forbid.mjs`,
    `export async function resolve(specifier, context, next) {
  if (/^(msw|@libsql\\/client)(\\/|$)/.test(specifier)) throw new Error('the CLI must not load ' + specifier)
  return next(specifier, context)
}\n`,
  )
  writeFileSync(`${pkg}/register.mjs`, "import { register } from 'node:module'\nregister('./forbid.mjs', import.meta.url)\n")
}

const startCli = async (args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> => {
  const child = spawn(process.execPath, ['--import', `${pkg}/register.mjs`, `${pkg}/bin/emulator.js`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const found = /listening on (http:\/\/\S+)/.exec(output)?.[1]
      if (found && output.includes('client URL')) resolve(found)
    })
    child.once('exit', (code) => reject(new Error(`the CLI exited with ${code}:\n${output}`)))
  })
  return { child, url, output: () => output }
}

const stop = (child: ChildProcess): Promise<unknown> =>
  new Promise((resolve) => {
    child.once('exit', resolve)
    child.kill('SIGTERM')
  })

// The "one command": `npx howlerops-sync-emulator` is the whole development backend for a browser app.
describe('npx howlerops-sync-emulator, from the packed files', () => {
  let cli: Awaited<ReturnType<typeof startCli>>
  beforeAll(async () => {
    await pack()
    cli = await startCli(['--port', '0'])
  }, 120_000)
  afterAll(async () => {
    if (cli) await stop(cli.child)
    rmSync(pkg, { recursive: true, force: true })
  })

  it('answers CORS preflights for loopback origins and refuses others', async () => {
    const preflight = (path: string, origin: string): Promise<Response> =>
      fetch(`${cli.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      })
    const ok = await preflight('/some-db/v2/pipeline', 'http://localhost:5173')
    expect(ok.status).toBe(204)
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(ok.headers.get('access-control-allow-headers')).toBe('authorization, content-type')
    expect((await preflight('/dev/token', 'http://127.0.0.1:3000')).status).toBe(204)
    expect((await preflight('/dev/token', 'https://evil.example')).status).toBe(403)
  })

  it('mints a development token for a user, creating the database with the schema, and syncs through it', async () => {
    const response = await fetch(`${cli.url}/dev/token`, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'ada@example.com' }),
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    const token = (await response.json()) as { url: string; authToken: string; expiresAt: number }
    expect(token.url).toMatch(new RegExp(`^${cli.url}/user-[0-9a-f]{24}/$`))
    expect(token.expiresAt).toBeGreaterThan(Date.now())
    const again = (await (await fetch(`${cli.url}/dev/token?userId=${encodeURIComponent('ada@example.com')}`)).json()) as { url: string }
    expect(again.url).toBe(token.url)

    const client = createClient({ url: token.url, authToken: token.authToken })
    expect((await client.execute('SELECT version FROM schema_migrations')).rows.map((r) => r.version)).toEqual([1])
    await client.execute({ sql: "INSERT INTO user_preferences (id, key, value, updated_at) VALUES ('p1', 'theme', '\"dark\"', 1)", args: [] }).catch(() => undefined)
    client.close()

    const other = (await (await fetch(`${cli.url}/dev/token`, { method: 'POST', body: JSON.stringify({ userId: 'bob' }) })).json()) as { url: string; authToken: string }
    const crossed = createClient({ url: token.url, authToken: other.authToken })
    await expect(crossed.execute('SELECT 1')).rejects.toMatchObject({ code: 'SERVER_ERROR', message: expect.stringContaining('401') })
    crossed.close()
    expect((await fetch(`${cli.url}/dev/token`, { method: 'POST', body: '{}' })).status).toBe(400)
  })

  it('keeps NUL in TEXT and answers text that is not UTF-8 with an error, and the process keeps serving', async () => {
    const token = (await (await fetch(`${cli.url}/dev/token?userId=values`)).json()) as { url: string; authToken: string }
    const client = createClient({ url: token.url, authToken: token.authToken })
    try {
      expect((await client.execute({ sql: 'SELECT ? || char(0) AS v', args: ['a\u0000b'] })).rows[0]?.v).toBe('a\u0000b\u0000')
      for (const sql of ["SELECT CAST(x'ff' AS TEXT) AS v", 'SELECT char(55296) AS v']) {
        await expect(client.execute(sql), sql).rejects.toMatchObject({ code: 'SQLITE_MISMATCH' })
      }
      expect((await client.execute("EXPLAIN SELECT x'ff'")).rows.length).toBeGreaterThan(0)
      expect((await client.execute('SELECT 1 AS one')).rows[0]?.one).toBe(1)
      expect(cli.child.exitCode).toBeNull()
    } finally {
      client.close()
    }
  })

  it('prints where everything is and loaded neither msw nor @libsql/client', () => {
    expect(cli.output()).toContain('development tokens (DEVELOPMENT ONLY)')
    expect(cli.output()).toMatch(/schema: .*schema\.sql/)
    expect(cli.output()).not.toContain('must not load')
  })

  it('creates empty databases with --no-schema', async () => {
    const bare = await startCli(['--port', '0', '--no-schema', '--database', 'empty'])
    try {
      // The database line may arrive in a later chunk than the listening line.
      await vi.waitFor(() => expect(bare.output()).toMatch(/database empty url \S+ token \S+/), { timeout: 15_000 })
      const line = /database empty url (\S+) token (\S+)/.exec(bare.output())
      const client = createClient({ url: line![1]!, authToken: line![2]! })
      expect((await client.execute("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'")).rows[0]?.n).toBe(0)
      client.close()
    } finally {
      await stop(bare.child)
    }
  })
})
