import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '../..')
const folders = ['src/local', 'src/core/protocol']

const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : []
  })

/** Every relative import (type-only ones too) of a file, resolved to a file path. */
const importsOf = (file: string): string[] => {
  const text = readFileSync(file, 'utf8')
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => m[1] as string)
  return specs.flatMap((spec) => {
    const base = resolve(dirname(file), spec)
    for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
      try {
        if (statSync(candidate).isFile()) return [candidate]
      } catch {
        // not this one
      }
    }
    return []
  })
}

/** A cycle among `files` (following only imports between them), as a list of paths, or null. */
export const findCycle = (graph: ReadonlyMap<string, readonly string[]>): string[] | null => {
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (file: string): string[] | null => {
    if (state.get(file) === 'done') return null
    if (state.get(file) === 'open') return [...stack.slice(stack.indexOf(file)), file]
    state.set(file, 'open')
    stack.push(file)
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue
      const cycle = visit(next)
      if (cycle !== null) return cycle
    }
    stack.pop()
    state.set(file, 'done')
    return null
  }
  for (const file of graph.keys()) {
    const cycle = visit(file)
    if (cycle !== null) return cycle
  }
  return null
}

describe('the Dexie adapter and the protocol core import each other in one direction only', () => {
  it('no import cycle among src/local and src/core/protocol', () => {
    const files = folders.flatMap((f) => filesUnder(join(root, f)))
    const graph = new Map(files.map((f) => [f, importsOf(f)]))
    const cycle = findCycle(graph)
    expect(cycle?.map((f) => relative(root, f)) ?? null).toBeNull()
  })

  it('the core never imports the Dexie adapter', () => {
    const core = filesUnder(join(root, 'src/core/protocol'))
    const offending = core.flatMap((f) => importsOf(f).filter((to) => to.startsWith(join(root, 'src/local'))).map((to) => `${relative(root, f)} -> ${relative(root, to)}`))
    expect(offending).toEqual([])
  })

  it('the protocol core never imports the conflict strategies (they import it)', () => {
    const core = filesUnder(join(root, 'src/core/protocol'))
    const offending = core.flatMap((f) => importsOf(f).filter((to) => to.startsWith(join(root, 'src/core/conflicts'))).map((to) => `${relative(root, f)} -> ${relative(root, to)}`))
    expect(offending).toEqual([])
  })

  it('the scan finds a cycle when there is one', () => {
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a', 'b', 'c', 'a'])
    expect(findCycle(new Map([['a', ['b']], ['b', []]]))).toBeNull()
  })
})
