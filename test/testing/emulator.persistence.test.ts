import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { afterEach, describe, expect, it } from 'vitest'
import { createTursoEmulator, runEmulatorCli } from '../../src/testing/index.js'

const dirs: string[] = []
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'turso-emulator-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('dataDir persistence', () => {
  it('serves the same tokens and data after a restart', async () => {
    const dataDir = tempDir()
    const first = createTursoEmulator({ dataDir })
    const { authToken } = first.createDatabase('user-1')
    const extra = first.createToken('user-1')
    const server = await first.listen(0)
    const client = createClient({ url: server.url, authToken })
    await client.batch(['CREATE TABLE notes (body TEXT)', "INSERT INTO notes VALUES ('survives')"], 'write')
    client.close()
    await first.close()
    expect(JSON.parse(readFileSync(join(dataDir, 'tokens.json'), 'utf8'))).toEqual({ 'user-1': [authToken, extra] })

    const second = createTursoEmulator({ dataDir })
    expect(second.createDatabase('user-1').authToken).toBe(authToken)
    const again = await second.listen(0)
    const reader = createClient({ url: again.url, authToken: extra })
    expect((await reader.execute('SELECT body FROM notes')).rows[0]?.body).toBe('survives')
    reader.close()
    await second.close()
  })
})

describe('runEmulatorCli', () => {
  it('prints the URL and one token per --database, and the server works', async () => {
    const lines: string[] = []
    const running = await runEmulatorCli(['--port', '0', '--database', 'alice', '--database=bob', '--data', tempDir()], (l) => lines.push(l))
    if (!running) throw new Error('expected a running emulator')
    try {
      expect(lines[0]).toMatch(/^Turso emulator listening on http:\/\/127\.0\.0\.1:\d+ \(data in /)
      const databases = lines.flatMap((l) => /^database (\S+) url (\S+) token (\S+)$/.exec(l)?.slice(1, 4) ?? [])
      expect([databases[0], databases[3]]).toEqual(['alice', 'bob'])
      expect(databases[4]).toBe(`${running.server.url}/bob/`)
      const client = createClient({ url: databases[4]!, authToken: databases[5]! })
      expect((await client.execute('SELECT 41 + 1 AS answer')).rows[0]?.answer).toBe(42)
      client.close()
    } finally {
      await running.emulator.close()
    }
  })

  it('prints help and rejects bad arguments', async () => {
    const lines: string[] = []
    expect(await runEmulatorCli(['--help'], (l) => lines.push(l))).toBeNull()
    expect(lines[0]).toContain('Usage: howlerops-sync-emulator')
    await expect(runEmulatorCli(['--port', 'x'])).rejects.toThrow('--port must be 0-65535')
    await expect(runEmulatorCli(['--nope'])).rejects.toThrow('Unknown option --nope')
    await expect(runEmulatorCli(['--database'])).rejects.toThrow('--database needs a value')
  })
})
