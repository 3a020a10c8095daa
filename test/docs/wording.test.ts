// What a user reads (the README, docs/, the JSDoc of the options, status and errors they hover) speaks their words:
// the design's rule and invariant numbers (R12, I9) mean nothing outside this repository.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const internal = /\b[IR](?:[1-9]|1[0-9])\b/

/** The JSDoc blocks of a source file, line by line, with their line numbers. */
const jsdocLines = (source: string): Array<{ line: number; text: string }> => {
  const out: Array<{ line: number; text: string }> = []
  let inside = false
  source.split('\n').forEach((text, i) => {
    if (text.trim().startsWith('/**')) inside = true
    if (inside) out.push({ line: i + 1, text })
    if (inside && text.includes('*/')) inside = false
  })
  return out
}

const userDocs = ['README.md', 'examples/vite-app/README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]
/** The files whose JSDoc an app developer sees on the public API. */
const publicSources = [
  'src/core/engineOptions.ts',
  'src/core/status.ts',
  'src/core/errors.ts',
  'src/core/env.ts',
  'src/local/database.ts',
  'src/schema/SchemaError.ts',
  'src/zustand/types.ts',
  'src/zustand/syncedPersist.ts',
  'src/server/tokenRoute.ts',
  'src/testing/types.ts',
]

describe("the user's words", () => {
  it.each(userDocs)('%s names no internal rule or invariant', (file) => {
    const hits = readFileSync(join(root, file), 'utf8')
      .split('\n')
      .flatMap((text, i) => (internal.test(text.replace(/`[^`]*`/g, '')) ? [`${file}:${i + 1}: ${text.trim()}`] : []))
    expect(hits).toEqual([])
  })

  it.each(publicSources)('the JSDoc of %s names no internal rule or invariant', (file) => {
    const hits = jsdocLines(readFileSync(join(root, file), 'utf8')).flatMap(({ line, text }) => (internal.test(text) ? [`${file}:${line}: ${text.trim()}`] : []))
    expect(hits).toEqual([])
  })

  it('finds one when it is there', () => {
    expect(jsdocLines('/**\n * Stops (R12).\n */').some(({ text }) => internal.test(text))).toBe(true)
    expect(internal.test('I3 and R8')).toBe(true)
    expect(internal.test('HTTP/1.1, IR, R2D2, I/O')).toBe(false)
  })
})
