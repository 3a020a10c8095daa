import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'

export const run = promisify(execFile)
export const root = new URL('../..', import.meta.url).pathname
const modules = join(root, 'node_modules')

/**
 * A clean clone: the repository's tracked and unignored files, no dist/, and the shared node_modules linked in.
 * `npm pack` there proves that the tarball's build comes from `prepack`, not from a leftover dist/ (and leaves the
 * working tree's dist/ alone while other tests read it).
 */
export const cleanClone = async (): Promise<string> => {
  const dir = mkdtempSync(join(tmpdir(), 'hs-clone-'))
  const { stdout } = await run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, maxBuffer: 64 * 1024 * 1024 })
  for (const file of stdout.split('\0').filter((f) => f !== '' && !f.startsWith('dist/'))) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    try {
      cpSync(join(root, file), join(dir, file))
    } catch {
      // A tracked file deleted in the working tree: a clean clone of this state would not have it either.
    }
  }
  symlinkSync(modules, join(dir, 'node_modules'))
  return dir
}

/** `npm pack` in `dir`; the tarball's path. */
export const pack = async (dir: string): Promise<string> => {
  const out = mkdtempSync(join(tmpdir(), 'hs-pack-'))
  await run('npm', ['pack', '--pack-destination', out, '--silent'], { cwd: dir, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_loglevel: 'error' } })
  const [file] = readdirSync(out).filter((f) => f.endsWith('.tgz'))
  if (file === undefined) throw new Error('npm pack wrote no tarball')
  return join(out, file)
}

/** The peers and type packages a user's app would install beside the package (linked from the shared install). */
// vitest, Testing Library and fake-indexeddb: docs/testing.md's tests are compiled as an app's own tests.
const PEERS = ['react', 'react-dom', 'dexie', 'zustand', 'msw', '@libsql', 'vite', '@types/react', '@types/react-dom', '@types/node', 'vitest', '@testing-library', 'fake-indexeddb']

/**
 * A new app that installed the tarball as a user would: `node_modules/@howlerops/sync` is the unpacked tarball
 * (nothing from the repository), its peers sit beside it. No registry is needed.
 */
export const freshApp = async (tarball: string): Promise<string> => {
  const app = mkdtempSync(join(tmpdir(), 'hs-app-'))
  const target = join(app, 'node_modules', '@howlerops', 'sync')
  mkdirSync(target, { recursive: true })
  await run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'])
  for (const peer of PEERS) {
    mkdirSync(dirname(join(app, 'node_modules', peer)), { recursive: true })
    symlinkSync(join(modules, peer), join(app, 'node_modules', peer))
  }
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'fresh-app', private: true, type: 'module' }, null, 2))
  return app
}

export type Resolution = 'bundler' | 'nodenext'

/** Type-checks the app's sources with a strict tsconfig; tsc's output, empty when clean. */
export const typecheck = async (app: string, resolution: Resolution, files: readonly string[]): Promise<string> => {
  const compilerOptions = {
    target: 'ES2022',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    module: resolution === 'bundler' ? 'ESNext' : 'NodeNext',
    moduleResolution: resolution === 'bundler' ? 'Bundler' : 'NodeNext',
    jsx: 'react-jsx',
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    verbatimModuleSyntax: true,
    // The package's own declarations are checked too: a broken import inside them must not turn into a silent `any`.
    skipLibCheck: false,
    types: ['node'],
    noEmit: true,
  }
  const config = `tsconfig.${resolution}.json`
  writeFileSync(join(app, config), JSON.stringify({ compilerOptions, files }, null, 2))
  const tsc = join(modules, 'typescript', 'bin', 'tsc')
  return run(process.execPath, [tsc, '-p', config], { cwd: app, maxBuffer: 16 * 1024 * 1024 }).then(
    () => '',
    (error: { stdout?: string }) => error.stdout ?? String(error),
  )
}
