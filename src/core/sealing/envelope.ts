/**
 * The sealed value's wire form (R11): a self-describing TEXT envelope, `<version>.<keyId>.<nonce>.<ciphertext>`,
 * every part base64url or a short id, so it fits a TEXT column, a JSON string (a JSON column stays `json_valid`)
 * and a request body unchanged.
 *
 * - `hs1`: AES-GCM-256, random 96-bit nonce, the plaintext UTF-8.
 * - `hz1`: as `hs1`, the plaintext gzip-compressed first (long text: ciphertext does not compress afterwards).
 * - `hd1`: deterministic (synthetic nonce from an HMAC of the plaintext), for a column a server unique index compares
 *   and for a preference's id on the server.
 *
 * The associated data binds version, key id, table, record key and column, so an envelope moved to another row or
 * column does not open. (A preference's sealed id, and a key token written before tokens were bound to their row,
 * leave out the record key.)
 */
export type EnvelopeVersion = 'hs1' | 'hz1' | 'hd1'

export interface Envelope {
  readonly version: EnvelopeVersion
  readonly keyId: string
  readonly nonce: string
  readonly ciphertext: string
}

/** A key id: what names a content key in the envelope and in `previousKeys`. */
export const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/

/** 12-byte nonce = 16 base64url chars; the ciphertext holds at least the 16-byte tag (22 chars). */
const SHAPE = /^(hs1|hz1|hd1)\.([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{22,})$/

/** Parses an envelope, or returns undefined for anything else (a plaintext value of an unsealed version). */
export const parseEnvelope = (value: unknown): Envelope | undefined => {
  if (typeof value !== 'string' || value.length < 45 || value.charCodeAt(2) !== 49 /* '1' */) return undefined
  const m = SHAPE.exec(value)
  if (m === null || m[4]!.length % 4 === 1) return undefined
  return { version: m[1] as EnvelopeVersion, keyId: m[2]!, nonce: m[3]!, ciphertext: m[4]! }
}

/** Is this string a well-formed sealed envelope (shape only: whether it opens takes the key)? */
export const isSealedEnvelope = (value: unknown): boolean => parseEnvelope(value) !== undefined

export const formatEnvelope = (e: Envelope): string => `${e.version}.${e.keyId}.${e.nonce}.${e.ciphertext}`

/** Every envelope inside a longer text (a row as JSON text in a bulk statement), for the final check to set aside. */
export const ENVELOPE_IN_TEXT = /\bh[szd]1\.[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22,}/g
