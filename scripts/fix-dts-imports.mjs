#!/usr/bin/env node
/**
 * Post-build step for the declarations. tsc copies the sources' extensionless relative specifiers ('./engine') into
 * dist/**\/*.d.ts, which TypeScript resolves under `moduleResolution: bundler` but not under node16/nodenext (ESM
 * needs full paths: the types silently become `any`). This rewrites each relative specifier to the file that exists
 * ('./engine.js' or './engine/index.js') and drops side-effect imports of assets ('./styles.css'), which carry no
 * types and which dist/ does not hold under that name. Sources stay extensionless; only the emitted .d.ts change.
 * Fails (exit 1) on a specifier that points at nothing, so a broken declaration never ships.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', process.argv[2] ?? 'dist')

const declarations = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return declarations(path)
    return name.endsWith('.d.ts') ? [path] : []
  })

/** The specifier, made resolvable by Node's ESM rules, or undefined when nothing on disk matches it. */
const resolveSpecifier = (file, specifier) => {
  const base = resolve(dirname(file), specifier)
  if (/\.(js|mjs|cjs|json)$/.test(specifier) && existsSync(base.replace(/\.(m|c)?js$/, '.d.$1ts'))) return specifier
  if (existsSync(`${base}.d.ts`)) return `${specifier}.js`
  if (existsSync(join(base, 'index.d.ts'))) return `${specifier.replace(/\/$/, '')}/index.js`
  return undefined
}

const asset = /\.(css|scss|less|svg|png|sql|txt)$/
const sideEffectImport = /^import\s+(['"])(\.{1,2}\/[^'"]+)\1;?\s*$/gm
const specifier = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g

let changed = 0
const broken = []
for (const file of declarations(root)) {
  const before = readFileSync(file, 'utf8')
  const after = before
    .replace(sideEffectImport, (line, _q, path) => (asset.test(path) ? '' : line))
    .replace(specifier, (match, lead, quote, path) => {
      if (asset.test(path)) return match
      const fixed = resolveSpecifier(file, path)
      if (fixed === undefined) {
        broken.push(`${relative(root, file)}: ${path}`)
        return match
      }
      return `${lead}${quote}${fixed}${quote}`
    })
  if (after !== before) {
    writeFileSync(file, after)
    changed++
  }
}
if (broken.length > 0) {
  console.error(`fix-dts-imports: unresolvable relative imports:\n  ${broken.join('\n  ')}`)
  process.exit(1)
}
console.log(`fix-dts-imports: ${changed} declaration files rewritten`)
