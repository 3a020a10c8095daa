import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build, type Rollup } from 'vite'
import { metric, type Metric } from './lib/metrics'

/**
 * `bundle_app_kb`: what the sync stack (the package, Dexie, `@libsql/client/web`, zustand) adds to a fresh Vite
 * React app that follows the README. Two production builds of one app (Vite defaults: minified, browser conditions,
 * every JS and CSS asset gzipped at level 9, lazy chunks included since every syncing app loads them):
 * - the README app: its `src/sync.ts`, `src/App.tsx` and `src/main.tsx` blocks as they are written;
 * - the same app without sync: React rendering a list the same shape, the state in `useState`.
 * The figure is the difference. The package is built from its sources (the subpaths resolved as the tests do).
 */
const root = fileURLToPath(new URL('..', import.meta.url))
const SUBPATHS: Record<string, string> = {
  dexie: 'src/local/index.ts',
  zustand: 'src/zustand/index.ts',
  react: 'src/react/index.ts',
  components: 'src/components/index.ts',
}

/** The README's app files: each fenced block whose first line is `// src/<file>`. */
const readmeApp = (): Record<string, string> => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8')
  const files: Record<string, string> = {}
  for (const [, body] of readme.matchAll(/```tsx?\n([\s\S]*?)```/g)) {
    const lines = (body ?? '').split('\n').map((l) => l.replace(/^ {3}/, ''))
    const path = /^\/\/ (src\/[\w.]+)$/.exec(lines[0] ?? '')?.[1]
    if (path !== undefined) files[path] = lines.slice(1).join('\n')
  }
  for (const needed of ['src/sync.ts', 'src/App.tsx', 'src/main.tsx']) if (files[needed] === undefined) throw new Error(`README has no ${needed} block`)
  return files
}

const PLAIN_APP: Record<string, string> = {
  'src/main.tsx': `import { StrictMode, useState, type ReactElement } from 'react'
import { createRoot } from 'react-dom/client'

const App = (): ReactElement => {
  const [queries, setQueries] = useState<Record<string, { id: string; name: string }>>({})
  const add = (): void => {
    const id = crypto.randomUUID()
    setQueries((q) => ({ ...q, [id]: { id, name: 'New query' } }))
  }
  return (
    <section>
      <button onClick={add}>Add</button>
      <ul>{Object.values(queries).map((q) => <li key={q.id}>{q.name}</li>)}</ul>
    </section>
  )
}

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>)
`,
}

const gzipOfBuild = async (files: Record<string, string>, name: string): Promise<number> => {
  // Inside the repository's node_modules, so the app resolves the same installed peers as a user's app would.
  const dir = join(root, 'node_modules', '.cache', `bench-app-${name}-${process.pid}`)
  rmSync(dir, { recursive: true, force: true })
  for (const [path, text] of Object.entries({ ...files, 'index.html': '<!doctype html><div id="root"></div><script type="module" src="/src/main.tsx"></script>' })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  try {
    const result = await build({
      configFile: false,
      root: dir,
      logLevel: 'silent',
      esbuild: { jsx: 'automatic' },
      resolve: {
        alias: [
          { find: /^@howlerops\/sync\/components\/styles\.css$/, replacement: join(root, 'src/components/styles.css') },
          ...Object.entries(SUBPATHS).map(([sub, path]) => ({ find: new RegExp(`^@howlerops/sync/${sub}$`), replacement: join(root, path) })),
          { find: /^@howlerops\/sync$/, replacement: join(root, 'src/index.ts') },
        ],
      },
      build: { write: false, target: 'es2022' },
    })
    const output = (Array.isArray(result) ? result : [result as Rollup.RollupOutput]).flatMap((o) => o.output)
    let bytes = 0
    for (const item of output) {
      if (item.type === 'chunk') bytes += gzipSync(item.code, { level: 9 }).byteLength
      else if (item.fileName.endsWith('.css')) bytes += gzipSync(item.source, { level: 9 }).byteLength
    }
    return bytes
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export const measureAppBundle = async (): Promise<{ withSync: number; plain: number }> => ({
  withSync: await gzipOfBuild(readmeApp(), 'readme'),
  plain: await gzipOfBuild(PLAIN_APP, 'plain'),
})

const kB = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10

export const benchAppBundle = async (): Promise<Metric> => {
  const { withSync, plain } = await measureAppBundle()
  return metric(
    kB(withSync - plain),
    'kB',
    '<=',
    80,
    `Two Vite production builds (defaults: minified, browser conditions; gzip -9 of every JS chunk, lazy ones included, and the CSS): the README's app (its src/sync.ts, src/App.tsx and src/main.tsx blocks: createLocalDatabase, createSyncEngine, syncedPersist, SyncProvider and the four components, with their stylesheet) = ${kB(withSync)} kB, minus the same app without sync (React and a useState list) = ${kB(plain)} kB. The package is built from src/; Dexie, @libsql/client/web and zustand come from node_modules. bench/appBundle.ts.`,
    '(aim; report)',
  )
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { withSync, plain } = await measureAppBundle()
  console.log(`README app ${kB(withSync)} kB, plain React app ${kB(plain)} kB: the sync stack adds ${kB(withSync - plain)} kB (gzip)`)
}
