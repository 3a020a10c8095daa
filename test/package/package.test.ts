import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cleanClone, freshApp, pack, root, run, typecheck } from './freshApp'
import { codeBlocks } from './readmeBlocks'

// From a clean clone to a user's app: `npm pack` (its prepack builds dist/), the tarball unpacked into a fresh app's
// node_modules, then what a user meets: imports by name, types under node16/nodenext and bundler, attw, publint,
// and the README's code compiled in that app.

const attw = join(root, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js')
const publint = join(root, 'node_modules', 'publint', 'src', 'cli.js')
let tarball = ''
let app = ''

beforeAll(async () => {
  tarball = await pack(await cleanClone())
  app = await freshApp(tarball)
}, 300_000)

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string; import: string }>
  repository?: { url: string }
  homepage?: string
  bugs?: { url: string }
}
const codeExports = Object.entries(pkg.exports).filter((e): e is [string, { types: string; import: string }] => typeof e[1] === 'object')
const installed = (path: string): string => join(app, 'node_modules', '@howlerops', 'sync', path)

describe('the packed tarball', () => {
  it('holds the build for every subpath, the emulator CLI and the schema, and no sources or tests', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball], { maxBuffer: 16 * 1024 * 1024 })
    const files = stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''))
    expect(codeExports.length).toBeGreaterThanOrEqual(9)
    for (const [, target] of codeExports) {
      expect(files, target.import).toContain(target.import.slice(2))
      expect(files, target.types).toContain(target.types.slice(2))
    }
    expect(files).toEqual(expect.arrayContaining(['bin/emulator.js', 'schema.sql', 'dist/sync.css', 'README.md', 'package.json']))
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([])
  })

  it('names its repository, homepage and issue tracker, so relative README links work on the registry', () => {
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\/github\.com\/.+\.git$/)
    expect(pkg.homepage).toMatch(/^https:\/\//)
    expect(pkg.bugs?.url).toMatch(/^https:\/\/.+\/issues$/)
  })

  it('installed in a fresh app, Node imports every subpath by name; peers stay external', async () => {
    const names = codeExports.map(([path]) => `@howlerops/sync${path.slice(1)}`)
    const script = `for (const n of ${JSON.stringify(names)}) { const m = await import(n); if (Object.keys(m).length === 0) throw new Error(n + ' exports nothing') } console.log('ok')`
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app })
    expect(stdout.trim()).toBe('ok')
    const dist = installed('dist')
    const bundled = readdirSync(dist).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(dist, f), 'utf8')).join('\n')
    expect(bundled).toMatch(/from ["']@libsql\/client\/web["']/)
    expect(bundled).not.toMatch(/class HttpClient|function createClient\(config\)/) // no copy of @libsql/client inside
  })

  it('keeps the devtools out of /components: an app that never renders them never ships them', async () => {
    const script = `const c = await import('@howlerops/sync/components'); const d = await import('@howlerops/sync/devtools'); console.log(JSON.stringify(['SyncDevtools' in c, typeof d.SyncDevtools]))`
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app })
    expect(JSON.parse(stdout.trim())).toEqual([false, 'function'])
    // Nor its code: no module that components.js loads, statically or lazily, holds the panel.
    const dist = installed('dist')
    const reached = new Set<string>()
    const visit = (file: string): void => {
      if (reached.has(file)) return
      reached.add(file)
      for (const [, next] of readFileSync(join(dist, file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*["']\.\/([^"']+\.js)["']/g)) visit(next!)
    }
    visit('components.js')
    expect(reached.size).toBeGreaterThan(0)
    for (const file of reached) expect(readFileSync(join(dist, file), 'utf8'), file).not.toMatch(/SyncDevtools|hs-devtools/)
  })

  it('runs the emulator CLI from the installed package (its bin imports dist/)', async () => {
    const { stdout } = await run(process.execPath, [installed('bin/emulator.js'), '--help'], { cwd: app })
    expect(stdout).toMatch(/^Usage: howlerops-sync-emulator/)
  })

  it('has declarations whose relative imports resolve under Node ESM (full .js paths, no asset imports)', () => {
    const declarations = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? declarations(join(dir, e.name)) : e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []))
    const offenders = declarations(installed('dist')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*['"](\.{1,2}\/[^'"]*)['"]/g)]
        .map((m) => m[1]!)
        .filter((spec) => !spec.endsWith('.js'))
        .map((spec) => `${file.slice(installed('dist').length)}: ${spec}`),
    )
    expect(offenders).toEqual([])
  })

  it('is clean for attw under node16 (ESM) and bundler resolution', async () => {
    // ESM-only by design: node10 and require() from CJS are out of scope (the esm-only profile). The CSS and SQL
    // entries are assets, not modules, so attw has no types to look for there.
    // attw exits before a piped stdout drains, so its JSON goes to a file.
    const out = join(dirname(tarball), 'attw.json')
    const args = [attw, tarball, '--profile', 'esm-only', '--exclude-entrypoints', './schema.sql', './components/styles.css', '--format', 'json']
    await run('sh', ['-c', 'out="$1"; shift; "$@" > "$out"', 'attw', out, process.execPath, ...args]).catch(() => undefined)
    const result = readFileSync(out, 'utf8')
    const report = JSON.parse(result) as { analysis: { problems: Array<{ kind: string; entrypoint?: string; resolutionKind?: string }> } }
    const relevant = report.analysis.problems.filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs')
    expect(relevant).toEqual([])
  }, 120_000)

  it('is clean for publint, suggestions included', async () => {
    const { stdout } = await run(process.execPath, [publint, 'run', tarball, '--level', 'suggestion', '--strict'], { maxBuffer: 16 * 1024 * 1024 })
    expect(stdout).toContain('All good!')
  }, 120_000)

  it('types its CSS entry for bundlers: importing @howlerops/sync/components/styles.css resolves to a shipped file', () => {
    const target = pkg.exports['./components/styles.css']
    expect(typeof target).toBe('string')
    expect(existsSync(installed(String(target)))).toBe(true)
  })
})

describe('the README and docs code, in the fresh app', () => {
  const blocks = [
    ...codeBlocks(join(root, 'README.md'), 'README'),
    ...(existsSync(join(root, 'docs'))
      ? readdirSync(join(root, 'docs'))
          .filter((f) => f.endsWith('.md'))
          .flatMap((f) => codeBlocks(join(root, 'docs', f), `docs-${f.replace(/\.md$/, '')}`))
      : []),
  ]

  it('has the "Add sync to your app" files as blocks', () => {
    expect(blocks.map((b) => b.file)).toEqual(expect.arrayContaining(['src/sync.ts', 'src/App.tsx', 'src/main.tsx', 'server/sync-token.ts']))
  })

  for (const resolution of ['bundler', 'nodenext'] as const) {
    it(`compiles every block under strict, moduleResolution ${resolution}`, async () => {
      const files = new Set<string>()
      for (const block of blocks) {
        if (files.has(block.file)) throw new Error(`${block.source}: a second block for ${block.file}`)
        files.add(block.file)
        mkdirSync(dirname(join(app, block.file)), { recursive: true })
        writeFileSync(join(app, block.file), block.code)
      }
      // A CSS import is the bundler's business; this declares it the way vite/client does.
      writeFileSync(join(app, 'css.d.ts'), "declare module '*.css' {}\n")
      const output = await typecheck(app, resolution, [...files, 'css.d.ts'])
      const bySource = Object.fromEntries(blocks.map((b) => [b.file, b.source]))
      expect(output.replace(/^([\w./-]+\.tsx?)\(/gm, (_m, file: string) => `${bySource[file] ?? file} (${file})(`)).toBe('')
    }, 180_000)
  }
})

describe('examples/vite-app, installed from the tarball', () => {
  it('type-checks under its own strict config and builds with Vite', async () => {
    const example = await freshApp(tarball)
    for (const file of ['index.html', 'vite.config.ts', 'tsconfig.json', 'src']) cpSync(join(root, 'examples', 'vite-app', file), join(example, file), { recursive: true })
    const tsc = await run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: example }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    )
    expect(tsc).toBe('')
    const { stdout } = await run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: example, maxBuffer: 16 * 1024 * 1024 })
    expect(stdout).toMatch(/✓ built in/)
    const css = readdirSync(join(example, 'dist', 'assets')).filter((f) => f.endsWith('.css'))
    expect(readFileSync(join(example, 'dist', 'assets', css[0]!), 'utf8')).toContain('--hs-changed-bg') // the package's stylesheet made it in
  }, 180_000)
})
