import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { metric, type Metric } from './lib/metrics'

/**
 * min+gzip of what an app ships for core + /dexie + /zustand + /react: one Vite library build of the four entries
 * (shared code lands in shared chunks, counted once), minified, peers external, every emitted .js file gzipped
 * (level 9) and summed.
 */
const root = fileURLToPath(new URL('..', import.meta.url))
const ENTRIES = { core: 'src/index.ts', dexie: 'src/local/index.ts', zustand: 'src/zustand/index.ts', react: 'src/react/index.ts' }
const PEERS = /^(react|react-dom|zustand|dexie|dexie-react-hooks|immer|msw|@libsql\/|libsql)(\/|$)/
// With `configFile: false`, Vite hands `external` the resolved path of some peers (seen for @libsql/client/web).
const PEER_PATH = /[\\/]node_modules[\\/](react|react-dom|zustand|dexie|dexie-react-hooks|immer|msw|@libsql[\\/][^\\/]+|libsql)[\\/]/
const isPeer = (id: string): boolean => id.startsWith('node:') || PEERS.test(id) || PEER_PATH.test(id)

export const benchBundle = async (): Promise<{ total: Metric; files: Record<string, number> }> => {
  const outDir = await mkdtemp(join(tmpdir(), 'howlerops-bundle-'))
  try {
    await build({
      configFile: false,
      root,
      logLevel: 'silent',
      build: {
        outDir,
        emptyOutDir: true,
        target: 'es2022',
        minify: true,
        sourcemap: false,
        write: true,
        lib: { entry: Object.fromEntries(Object.entries(ENTRIES).map(([k, v]) => [k, join(root, v)])), formats: ['es'], fileName: (_f, name) => `${name}.js` },
        rollupOptions: { external: isPeer },
      },
    })
    const files: Record<string, number> = {}
    let total = 0
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name)
        if (entry.isDirectory()) await walk(path)
        else if (entry.name.endsWith('.js')) {
          const gz = gzipSync(await readFile(path), { level: 9 }).byteLength
          files[path.slice(outDir.length + 1)] = gz
          total += gz
        }
      }
    }
    await walk(outDir)
    const bundled = Object.keys(files)
    if (bundled.some((f) => f.includes('node_modules'))) throw new Error(`a peer was bundled: ${bundled.join(', ')}`)
    return {
      total: metric(Math.round((total / 1024) * 10) / 10, 'kB', '<=', 25, `Vite build (lib, es, minify) of src/index.ts, src/local, src/zustand, src/react together; peers external (react, react-dom, zustand, dexie, dexie-react-hooks, immer, msw, @libsql/* incl. @libsql/client/web); sum of gzip -9 of every emitted chunk (${Object.keys(files).length} files).`),
      files,
    }
  } finally {
    await rm(outDir, { recursive: true, force: true })
  }
}
