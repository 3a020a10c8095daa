import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

// The whole project type-checks under the strict config: the sources and the type tests (zustand mutator typing).
// examples/ is not part of it: an example with its own node_modules would bring a second zustand and React into
// this program. test/package type-checks examples/vite-app on its own, installed from the packed tarball.
it('the project and its type tests type-check', async () => {
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
