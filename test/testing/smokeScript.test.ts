import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

// The "done when": a separate client script, using only @libsql/client and createTursoEmulator, runs
// execute, batch and a transaction against both modes (MSW and the Node server).
it('scripts/emulator-smoke.mjs passes against both modes', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/emulator-smoke.mjs'], {
    cwd: new URL('../..', import.meta.url).pathname,
  })
  expect(stdout).toMatch(/msw: ok \(libsql:\/\//)
  expect(stdout).toMatch(/http: ok \(http:\/\/127\.0\.0\.1:/)
  expect(stdout).toMatch(/emulator smoke: all ok/)
})
