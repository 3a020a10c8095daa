import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Rollup } from 'vite'
import { metric, type Metric } from './lib/metrics'

/**
 * min+gzip of what an app ships for core + /dexie + /zustand + /react: one Vite library build of the four entries
 * (shared code lands in shared chunks, counted once), minified, peers external, every emitted chunk gzipped
 * (level 9). Chunks split in two:
 * - initial: the entries and every chunk they import statically, what an app loads before it can render;
 * - lazy: chunks reached only through `import()`: the credential firewall (both lines), which every app loads at its
 *   first sync cycle, before its first push.
 * The peer, RxDB core + its Dexie storage + replication, is built the same way with the same peers external.
 */
const root = fileURLToPath(new URL('..', import.meta.url))
const OURS = { core: 'src/index.ts', dexie: 'src/local/index.ts', zustand: 'src/zustand/index.ts', react: 'src/react/index.ts' }
const RXDB = { rxdb: 'rxdb', 'storage-dexie': 'rxdb/plugins/storage-dexie', replication: 'rxdb/plugins/replication' }
const PEER_NAMES = 'react|react-dom|zustand|dexie|dexie-react-hooks|immer|msw|@libsql\\/[^/]+|libsql'
const PEERS = new RegExp(`^(${PEER_NAMES})(\\/|$)`)
// With `configFile: false`, Vite hands `external` the resolved path of some peers (seen for @libsql/client/web).
const PEER_PATH = new RegExp(`[\\\\/]node_modules[\\\\/](${PEER_NAMES.replace('\\/', '[\\\\/]')})[\\\\/]`)
const isPeer = (id: string): boolean => id.startsWith('node:') || PEERS.test(id) || PEER_PATH.test(id)

export interface ChunkSize {
  /** gzip -9 bytes. */
  readonly gzip: number
  readonly lazy: boolean
  /** Minified bytes each source module renders into the chunk, largest first (a visualiser's treemap, as a list). */
  readonly modules: ReadonlyArray<readonly [string, number]>
}

export interface BundleSize {
  readonly initialBytes: number
  readonly lazyBytes: number
  readonly chunks: Readonly<Record<string, ChunkSize>>
}

const kB = (bytes: number): number => Math.round((bytes / 1024) * 10) / 10

/** Builds `entries` (paths under src/, or package specifiers resolved as Node's `import` does) as one library and sizes every chunk. */
export const measureBundle = async (entries: Record<string, string>): Promise<BundleSize> => {
  const result = await build({
    configFile: false,
    root,
    logLevel: 'silent',
    build: {
      write: false,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      lib: {
        entry: Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, v.startsWith('src/') ? join(root, v) : fileURLToPath(import.meta.resolve(v))])),
        formats: ['es'],
        fileName: (_f, name) => `${name}.js`,
      },
      rollupOptions: { external: isPeer },
    },
  })
  const output = (Array.isArray(result) ? result : [result as Rollup.RollupOutput]).flatMap((o) => o.output)
  const js = output.filter((c): c is Rollup.OutputChunk => c.type === 'chunk')
  const byName = new Map(js.map((c) => [c.fileName, c]))
  const initial = new Set<string>()
  const visit = (name: string): void => {
    if (initial.has(name) || !byName.has(name)) return
    initial.add(name)
    for (const next of byName.get(name)!.imports) visit(next)
  }
  for (const c of js) if (c.isEntry) visit(c.fileName)
  const chunks: Record<string, ChunkSize> = {}
  let initialBytes = 0
  let lazyBytes = 0
  for (const c of js) {
    const gzip = gzipSync(c.code, { level: 9 }).byteLength
    const lazy = !initial.has(c.fileName)
    if (lazy) lazyBytes += gzip
    else initialBytes += gzip
    const modules = Object.entries(c.modules)
      .map(([id, m]) => [id.startsWith(root) ? id.slice(root.length) : id, m.renderedLength] as const)
      .filter(([, length]) => length > 0)
      .sort((a, b) => b[1] - a[1])
    chunks[c.fileName] = { gzip, lazy, modules }
  }
  const bundled = Object.values(chunks).flatMap((c) => c.modules.map(([id]) => id))
  const peer = bundled.find((id) => isPeer(id.replace(/^.*node_modules\//, '')) || PEER_PATH.test(id))
  if (peer !== undefined) throw new Error(`a peer was bundled: ${peer}`)
  return { initialBytes, lazyBytes, chunks }
}

export const benchBundle = async (): Promise<{ metrics: Record<string, Metric>; ours: BundleSize; rxdb: BundleSize }> => {
  const ours = await measureBundle(OURS)
  const rxdb = await measureBundle(RXDB)
  const list = (b: BundleSize, lazy: boolean): string =>
    Object.entries(b.chunks).filter(([, c]) => c.lazy === lazy).map(([name, c]) => `${name.replace(/-[\w-]{8}\.js$/, '')} ${kB(c.gzip)}`).join(', ')
  const method =
    'Vite library build (es, minify, es2022), peers external (react, react-dom, zustand, dexie, dexie-react-hooks, immer, msw, @libsql/*), gzip -9 of every emitted chunk'
  const total = ours.initialBytes + ours.lazyBytes
  return {
    ours,
    rxdb,
    metrics: {
      bundle_kb: metric(kB(ours.initialBytes), 'kB', '<=', 25, `${method}, of src/index.ts, src/local, src/zustand, src/react built together; the target is measured on the initial chunks: the entries and what they import statically (${list(ours, false)} kB). The lazy chunks (bundle_lazy_kb) are not counted here.`),
      bundle_lazy_kb: metric(kB(ours.lazyBytes), 'kB', 'none', 0, `The same build's chunks reached only through import(): the credential firewall, line 1 (sanitizer + rules, loaded at the first sync cycle, before the first push) and line 2 (final check, loaded at the first request): ${list(ours, true)} kB. Every syncing app loads them; initial + lazy = ${kB(total)} kB.`, 'context'),
      bundle_vs_rxdb_ratio: metric(Math.round((total / (rxdb.initialBytes + rxdb.lazyBytes)) * 100) / 100, 'x', '<=', 1, `(bundle_kb + bundle_lazy_kb) / RxDB ${kB(rxdb.initialBytes + rxdb.lazyBytes)} kB: 'rxdb' + 'rxdb/plugins/storage-dexie' + 'rxdb/plugins/replication' (17.6, from node_modules) built together the same way (${method}; dexie external on both sides; rxjs, RxDB's own peer that this package does not need, is bundled). Lazy chunks count on both sides (RxDB's lazy: ${kB(rxdb.lazyBytes)} kB).`),
    },
  }
}
