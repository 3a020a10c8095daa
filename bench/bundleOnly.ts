/**
 * Runs only the bundle bench: `node --import tsx --import ./scripts/raw-loader.mjs bench/bundleOnly.ts [--modules]`
 * (or `npm run bench:bundle`). Prints the metrics, every chunk's gzip size, and with `--modules` what each source
 * module renders into its chunk (rendered bytes, before minify and gzip).
 */
import { benchBundle, type BundleSize } from './bundle'

const showModules = process.argv.includes('--modules')
const { metrics, ours, rxdb } = await benchBundle()
const print = (title: string, b: BundleSize): void => {
  console.log(`\n${title}: initial ${(b.initialBytes / 1024).toFixed(1)} kB, lazy ${(b.lazyBytes / 1024).toFixed(1)} kB (min+gzip)`)
  for (const [name, c] of Object.entries(b.chunks).sort((x, y) => y[1].gzip - x[1].gzip)) {
    const raw = c.modules.reduce((sum, [, n]) => sum + n, 0)
    console.log(`  ${(c.gzip / 1024).toFixed(1).padStart(5)} kB  ${c.lazy ? 'lazy   ' : 'initial'}  ${name}  (${(raw / 1024).toFixed(1)} kB rendered)`)
    if (showModules) for (const [id, n] of c.modules) console.log(`        ${String(n).padStart(7)}  ${id}`)
  }
}
print('@howlerops/sync (core + /dexie + /zustand + /react)', ours)
print('RxDB (core + storage-dexie + replication)', rxdb)
console.log()
for (const [name, m] of Object.entries(metrics)) console.log(`${name}: ${m.value} ${m.unit} (target ${m.target}${m.met === undefined ? '' : m.met ? ', met' : ', MISSED'})`)
