// Large content is not a credential (issue 25): a 2 MB dump pasted into an AI message and forty 500 KB base64 tool
// outputs sync intact in unsealed mode, with both lines of defence on, while a credential written beside its word
// inside the same big text is still caught.
import { afterAll, describe, expect, it } from 'vitest'
import { checkRequestBody, findCredentials, redactSql } from '@howlerops/sync/security'
import { createDevice, createUserDatabase, startEmulator } from '../engine/harness'
import { createRandom } from './corpus/random'
import { hranaBody } from './corpusMeasure'
import { base64Output, pastedDump } from './classes/large'

const { emulator, close } = startEmulator()
afterAll(close)

const r = createRandom(25)
const DUMP = pastedDump(r, 2 * 1024 * 1024)
const OUTPUTS = Array.from({ length: 40 }, (_, i) => base64Output(r, 375 * 1024, i % 2 === 1))

const gunzip = async (b64: string): Promise<string> => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
  return new TextDecoder().decode(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer())
}

describe('large content is not a credential', () => {
  it('neither line alters or blocks a 2 MB dump or a 500 KB base64 output', async () => {
    expect(DUMP.length).toBeGreaterThan(2_000_000)
    expect(OUTPUTS[0]!.length).toBeGreaterThan(500_000)
    for (const text of [DUMP, OUTPUTS[0]!, OUTPUTS[1]!]) {
      expect(await checkRequestBody(hranaBody(text))).toEqual([])
      expect(redactSql(text) === text).toBe(true)
      expect(findCredentials(text)).toEqual([])
    }
  }, 60_000)

  it('a credential beside its word, or in a known format, inside the same big text is still caught by both lines', async () => {
    const at = DUMP.indexOf('\n', DUMP.length / 2) + 1
    for (const [line, needle] of [
      ['DB_PASSWORD=Kaffee2041!x\n', 'Kaffee2041!x'],
      ['{"level":"debug","password":"Sunshine77#q"}\n', 'Sunshine77#q'],
      ['export GITHUB_TOKEN=ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5\n', 'ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dF3hJ5'],
    ] as const) {
      const text = `${DUMP.slice(0, at)}${line}${DUMP.slice(at)}`
      expect((await checkRequestBody(hranaBody(text))).length, line).toBeGreaterThan(0)
      expect(redactSql(text), line).not.toContain(needle)
    }
  }, 60_000)

  it('end to end: the dump and forty base64 outputs sync intact, nothing quarantined', async () => {
    const user = await createUserDatabase(emulator)
    // Unsealed: the detector is what runs on this content when an app opts out of sealing.
    const { db, engine } = createDevice(user, 'large', { sealing: false })
    const texts = [DUMP, ...OUTPUTS]
    await db.ai_memory_sessions.put({ id: 's1', title: 'dump', model: null, metadata: null } as never)
    await db.ai_memory_messages.bulkPut(texts.map((content, i) => ({ id: `m${i}`, session_id: 's1', role: i === 0 ? 'user' : 'tool', content, content_encoding: 'identity', token_count: 1, metadata: null })) as never)
    for (let cycle = 0; cycle < 20 && (await db.table('_outbox').count()) > 0; cycle += 1) await engine.syncNow()
    expect(await db.sync.quarantined()).toEqual([])
    const rows = await emulator.query(user.name, 'SELECT id, content, content_encoding AS enc FROM ai_memory_messages ORDER BY id')
    const stored = new Map<string, string>()
    for (const row of rows) stored.set(String(row['id']), row['enc'] === 'gzip-base64' ? await gunzip(String(row['content'])) : String(row['content']))
    expect(stored.size).toBe(texts.length)
    texts.forEach((text, i) => expect(stored.get(`m${i}`) === text, `m${i}`).toBe(true))
  }, 180_000)
})
