import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const run = promisify(execFile)
const root = new URL('..', import.meta.url).pathname

// `npm run build` emits JS and .d.ts for every subpath, and Node resolves the package's own name from its root, so
// `import('@howlerops/sync/testing')` works; peers stay external (the bundle holds no copy of @libsql/client).
it('builds every subpath, and Node resolves each one by the package name', async () => {
  await run('npm', ['run', 'build'], { cwd: root, maxBuffer: 32 * 1024 * 1024 })
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { exports: Record<string, string | { types: string; import: string }> }
  const subpaths = Object.entries(pkg.exports).filter((e): e is [string, { types: string; import: string }] => typeof e[1] === 'object')
  expect(subpaths.length).toBeGreaterThanOrEqual(9)
  for (const [, target] of subpaths) {
    expect(existsSync(`${root}${target.import}`), target.import).toBe(true)
    expect(existsSync(`${root}${target.types}`), target.types).toBe(true)
  }
  const names = subpaths.map(([path]) => `@howlerops/sync${path.slice(1)}`)
  const script = `for (const n of ${JSON.stringify(names)}) { const m = await import(n); if (Object.keys(m).length === 0) throw new Error(n + ' exports nothing') } console.log('ok')`
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root })
  expect(stdout.trim()).toBe('ok')
  const remote = readFileSync(`${root}dist/remote.js`, 'utf8') + readFileSync(`${root}dist/index.js`, 'utf8')
  const chunk = /from "\.\/(libsqlRemote-[^"]+\.js)"/.exec(remote)?.[1]
  const adapter = chunk === undefined ? remote : readFileSync(`${root}dist/${chunk}`, 'utf8')
  expect(adapter).toMatch(/from ["']@libsql\/client\/web["']/)
}, 300_000)
