// The final check and sealed content (R11): a well-formed envelope is ciphertext, never flagged for entropy, even
// beside a credential word; the same random text that is not an envelope is still blocked.
import { describe, expect, it } from 'vitest'
import { checkRequestBody } from '@howlerops/sync/security'

const random = (n: number, seed: number): string => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  let s = seed
  let out = ''
  for (let i = 0; i < n; i += 1) {
    s = (s * 1103515245 + 12345) & 0x7fffffff
    out += alphabet[(s >>> 16) % 64]
  }
  return out
}
const envelope = (seed: number, version = 'hs1'): string => `${version}.k1.${random(16, seed)}.${random(48, seed + 1)}`
const bodyOf = (value: string): string =>
  JSON.stringify({ requests: [{ type: 'execute', stmt: { sql: 'INSERT INTO t VALUES (?)', args: [{ type: 'text', value: JSON.stringify([{ api_key: value, note: `password: ${value}` }]) }] } }] })

describe('final check and sealed envelopes', () => {
  it('passes envelopes beside credential words, in an argument and inside rows sent as JSON text', async () => {
    for (const version of ['hs1', 'hz1', 'hd1']) {
      const value = envelope(7, version)
      expect(await checkRequestBody(JSON.stringify({ password: value, secret: JSON.stringify(value) }))).toEqual([])
      expect(await checkRequestBody(bodyOf(value))).toEqual([])
    }
  })

  it('still blocks the same random text when it is not a well-formed envelope', async () => {
    expect((await checkRequestBody(bodyOf(random(48, 3)))).length).toBeGreaterThan(0)
    expect((await checkRequestBody(bodyOf(`hs1.k1.${random(9, 5)}.${random(48, 6)}`))).length).toBeGreaterThan(0)
  })
})
