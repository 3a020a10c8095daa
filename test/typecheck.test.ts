import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

// The whole project type-checks under the strict config: the sources, the type tests (zustand mutator typing),
// and the README's "Add sync to your app" recipe in examples/, so the recipe cannot rot.
it('the project, its type tests and the README recipe type-check', async () => {
  const run = promisify(execFile)
  const result = await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--noEmit'], {
    cwd: new URL('..', import.meta.url).pathname,
    maxBuffer: 16 * 1024 * 1024,
  }).then(
    () => '',
    (error: { stdout?: string }) => error.stdout ?? String(error),
  )
  expect(result).toBe('')
}, 300_000)
