// The push's answer carries the rows this device just sealed: a column holding exactly the envelope sent opens to
// what was sealed without a decryption; anything else is decrypted as before.
import { afterAll, describe, expect, it } from 'vitest'
import { createContentKey } from '@howlerops/sync'
import { createSealer } from '../../src/core/sealing/createSealer'
import { openRow, sealRow } from '../../src/core/sealing/sealRow'
import type { CryptoLike } from '../../src/core/env'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from '../engine/harness'

const { emulator, close } = startEmulator()
afterAll(close)

const countingCrypto = (): { crypto: CryptoLike; decrypts: () => number } => {
  let n = 0
  const subtle = globalThis.crypto.subtle
  const counted = new Proxy(subtle, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown
      if (prop === 'decrypt') return (...args: Parameters<SubtleCrypto['decrypt']>) => ((n += 1), subtle.decrypt(...args))
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
    },
  })
  return { crypto: { subtle: counted, getRandomValues: (a) => globalThis.crypto.getRandomValues(a) }, decrypts: () => n }
}

const saved = { id: 'q1', name: 'Weekly', description: null, query_text: 'select 1', connection_id: 'c1', folder: 'reports', tags: ['a', { b: 1 }], is_favorite: 1, user_id: 'u', sync_version: 0, server_seq: 0, hlc: 'h', mutation_id: 'm' }

describe('opening the server\'s answer to a push', () => {
  it('the envelopes this device sent open to what it sealed, without decrypting', async () => {
    const { crypto, decrypts } = countingCrypto()
    const sealer = await createSealer(crypto, { key: createContentKey() })
    const sealed = await sealRow(sealer, 'saved_queries', saved)
    const answer = { ...sealed, sync_version: 4, server_seq: 9 }
    const opened = await openRow(sealer, 'saved_queries', answer, { sealed, plain: saved })
    expect(opened).toEqual({ ...saved, sync_version: 4, server_seq: 9 })
    expect(decrypts()).toBe(0)
    // The same answer opened the slow way gives the same row.
    expect(await openRow(sealer, 'saved_queries', answer)).toEqual(opened)
    expect(decrypts()).toBeGreaterThan(0)
  })

  it('a column whose envelope is not the one sent (another device wrote it) is decrypted', async () => {
    const { crypto, decrypts } = countingCrypto()
    const sealer = await createSealer(crypto, { key: createContentKey() })
    const sealed = await sealRow(sealer, 'saved_queries', saved)
    const theirs = await sealRow(sealer, 'saved_queries', { ...saved, name: 'Theirs' })
    const opened = await openRow(sealer, 'saved_queries', { ...sealed, name: theirs['name'] }, { sealed, plain: saved })
    expect(opened['name']).toBe('Theirs')
    expect(opened['query_text']).toBe('select 1')
    expect(decrypts()).toBe(1)
  })

  it('an envelope that was tampered with still fails to open', async () => {
    const sealer = await createSealer(globalThis.crypto, { key: createContentKey() })
    const sealed = await sealRow(sealer, 'saved_queries', saved)
    const envelope = String(sealed['name'])
    const tampered = `${envelope.slice(0, -2)}${envelope.endsWith('A') ? 'B' : 'A'}${envelope.slice(-1)}`
    await expect(openRow(sealer, 'saved_queries', { ...sealed, name: tampered }, { sealed, plain: saved })).rejects.toMatchObject({ name: 'SealingError' })
  })
})

describe('a sealed push', () => {
  it('decrypts nothing of its own rows; a second device opens every value', async () => {
    const user = await createUserDatabase(emulator)
    const { crypto, decrypts } = countingCrypto()
    const a = createDevice(user, 'a', { env: { locks: undefined, channel: () => undefined, crypto } })
    await a.engine.syncNow()
    const before = decrypts()
    await a.db.saved_queries.bulkPut(['x', 'y', 'z'].map((id) => savedQuery(id, { tags: [id] })) as never)
    const summary = await a.engine.syncNow()
    expect(summary.pushed).toBe(3)
    expect(decrypts() - before).toBe(0)
    expect(((await a.db.saved_queries.toArray()) as Array<Record<string, unknown>>).map((r) => [r['id'], r['sync_version'], r['tags']])).toEqual([['x', 1, ['x']], ['y', 1, ['y']], ['z', 1, ['z']]])
    const b = createDevice(user, 'b')
    await b.engine.syncNow()
    expect(((await b.db.saved_queries.toArray()) as Array<Record<string, unknown>>).map((r) => [r['id'], r['name'], r['tags']])).toEqual([['x', 'query x', ['x']], ['y', 'query y', ['y']], ['z', 'query z', ['z']]])
    await a.engine.stop()
    await b.engine.stop()
  })
})
