import type { CryptoLike } from '../env'
import { fromBase64Url, toBase64Url } from './base64url'
import { formatEnvelope, KEY_ID, type Envelope, type EnvelopeVersion } from './envelope'
import { SealingError } from './SealingError'

/** The content keys an engine seals with (R11). Held in memory only. */
export interface SealingKeys {
  /** 32 random bytes, base64url: the current key. New writes are sealed under it. */
  readonly key: string
  /** Names `key` in every envelope. @default a fingerprint of the key */
  readonly keyId?: string
  /** Older keys by id (rotation): rows sealed under them stay readable. */
  readonly previousKeys?: Readonly<Record<string, string>>
}

/**
 * Where a value lives: the associated data binds it there. `key` is the record key the server stores the row under;
 * null binds to table and column only (a preference's server id, and a key token written before tokens were bound to
 * their row).
 */
export interface FieldRef {
  readonly table: string
  readonly key: string | null
  readonly column: string
}

export interface Sealer {
  readonly keyId: string
  /** Randomized envelope (`hs1`/`hz1`), bound to table, record and column. */
  seal(field: FieldRef, plaintext: string): Promise<string>
  /** Every key id this sealer opens: the current one first, then the previous ones. */
  readonly keyIds: readonly string[]
  /**
   * Deterministic envelope (`hd1`), bound to `field`: equal plaintexts in one field give equal envelopes under one key.
   * Under the current key, or the one `keyId` names (what an older device computed for the same value).
   */
  token(field: FieldRef, plaintext: string, keyId?: string): Promise<string>
  /** Opens an envelope sealed for exactly this field. @throws {SealingError} unknown-key, tampered, malformed */
  open(field: FieldRef, envelope: Envelope): Promise<string>
}

interface KeyPair {
  readonly aes: CryptoKey
  readonly mac: CryptoKey
}

/** Above this many UTF-16 units the plaintext is gzip-compressed before sealing (ciphertext does not compress). */
const COMPRESS_ABOVE = 1024

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

const info = (label: string): Uint8Array<ArrayBuffer> => encoder.encode(`howlerops-sync/seal/v1/${label}`)

const hkdf = (label: string): HkdfParams => ({ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: info(label) })

/** Both working keys of one content key, derived once (HKDF): AES-GCM for envelopes, HMAC for synthetic nonces. */
const deriveKeys = async (subtle: SubtleCrypto, encoded: string, id: string | undefined): Promise<{ id: string; keys: KeyPair }> => {
  let raw: Uint8Array<ArrayBuffer>
  try {
    raw = fromBase64Url(encoded)
  } catch (cause) {
    throw new SealingError('bad-key', 'The content key is not base64url', { cause })
  }
  if (raw.length !== 32) throw new SealingError('bad-key', `The content key must be 32 bytes (it is ${raw.length})`)
  if (id !== undefined && !KEY_ID.test(id)) throw new SealingError('bad-key', 'A content key id is 1–64 characters of A–Z a–z 0–9 _ -')
  const base = await subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey', 'deriveBits'])
  const [aes, mac, fingerprint] = await Promise.all([
    subtle.deriveKey(hkdf('aes-gcm'), base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    subtle.deriveKey(hkdf('synthetic-nonce'), base, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']),
    id === undefined ? subtle.deriveBits(hkdf('key-id'), base, 48) : Promise.resolve(undefined),
  ])
  return { id: id ?? toBase64Url(new Uint8Array(fingerprint!)), keys: { aes, mac } }
}

const aadOf = (version: EnvelopeVersion, keyId: string, field: FieldRef): Uint8Array<ArrayBuffer> =>
  encoder.encode(JSON.stringify([version, keyId, field.table, field.key, field.column]))

const pipe = async (bytes: Uint8Array<ArrayBuffer>, stream: GenericTransformStream): Promise<Uint8Array<ArrayBuffer>> =>
  new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer())

/**
 * Imports the content keys once (no per-record derivation) and returns the sealer. AES-GCM-256 with a random 96-bit
 * nonce per value; the deterministic form takes its nonce from an HMAC of associated data and plaintext (a synthetic
 * IV), so it repeats only for an equal plaintext in the same column.
 *
 * @throws {SealingError} `bad-key` for a key that is not 32 bytes of base64url or an invalid key id.
 */
export const createSealer = async (crypto: CryptoLike, keys: SealingKeys): Promise<Sealer> => {
  const { subtle } = crypto
  const current = await deriveKeys(subtle, keys.key, keys.keyId)
  const ring = new Map<string, KeyPair>([[current.id, current.keys]])
  await Promise.all(
    Object.entries(keys.previousKeys ?? {}).map(async ([id, key]) => {
      if (id !== current.id) ring.set(id, (await deriveKeys(subtle, key, id)).keys)
    }),
  )
  const keyId = current.id
  const { aes } = current.keys

  const encrypt = async (
    version: EnvelopeVersion,
    field: FieldRef,
    plain: Uint8Array<ArrayBuffer>,
    nonce: Uint8Array<ArrayBuffer>,
    id = keyId,
    key = aes,
  ): Promise<string> => {
    const ciphertext = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData: aadOf(version, id, field) }, key, plain))
    return formatEnvelope({ version, keyId: id, nonce: toBase64Url(nonce), ciphertext: toBase64Url(ciphertext) })
  }

  return {
    keyId,
    keyIds: [...ring.keys()],
    async seal(field, plaintext) {
      const long = plaintext.length > COMPRESS_ABOVE
      const bytes = encoder.encode(plaintext)
      const plain = long ? await pipe(bytes, new CompressionStream('gzip')) : bytes
      return encrypt(long ? 'hz1' : 'hs1', field, plain, crypto.getRandomValues(new Uint8Array(12)))
    },
    async token(field, plaintext, id = keyId) {
      const pair = id === keyId ? current.keys : ring.get(id)
      if (pair === undefined) throw new SealingError('unknown-key', `No key ${id} to seal ${field.table} column ${field.column} under`, { table: field.table, column: field.column })
      const plain = encoder.encode(plaintext)
      const aad = aadOf('hd1', id, field)
      const tagged = new Uint8Array(aad.length + 1 + plain.length)
      tagged.set(aad)
      tagged.set(plain, aad.length + 1)
      const nonce = new Uint8Array((await subtle.sign('HMAC', pair.mac, tagged)).slice(0, 12))
      return encrypt('hd1', field, plain, nonce, id, pair.aes)
    },
    async open(field, envelope) {
      const where = { table: field.table, column: field.column, ...(field.key === null ? {} : { recordId: field.key }) }
      const at = `${field.table}${field.key === null ? '' : ` record ${field.key}`} column ${field.column}`
      const pair = ring.get(envelope.keyId)
      if (pair === undefined) {
        throw new SealingError('unknown-key', `${at} is sealed under a key this device does not have (${envelope.keyId})`, where)
      }
      let nonce: Uint8Array<ArrayBuffer>
      let ciphertext: Uint8Array<ArrayBuffer>
      try {
        nonce = fromBase64Url(envelope.nonce)
        ciphertext = fromBase64Url(envelope.ciphertext)
      } catch (cause) {
        throw new SealingError('malformed', `${at} holds a malformed envelope`, { ...where, cause })
      }
      let plain: Uint8Array<ArrayBuffer>
      try {
        const aad = aadOf(envelope.version, envelope.keyId, field)
        plain = new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad }, pair.aes, ciphertext))
        if (envelope.version === 'hz1') plain = await pipe(plain, new DecompressionStream('gzip'))
        return decoder.decode(plain)
      } catch (cause) {
        throw new SealingError('tampered', `${at} does not open: it was altered or moved from another row or column`, { ...where, cause })
      }
    },
  }
}
