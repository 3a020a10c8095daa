import { toBase64Url } from '../core/sealing/base64url'
import { KEY_ID } from '../core/sealing/envelope'

/**
 * The server-side secrets content keys are derived from, by key id. `current` names the one new keys come from;
 * the others stay listed so devices can still open what was sealed under them (rotation). Each secret is at least
 * 32 characters of high-entropy text (for example `openssl rand -base64 48`), kept with the app server's other secrets.
 */
export interface ContentSecrets {
  readonly current: string
  readonly secrets: Readonly<Record<string, string>>
}

/** What a token route adds to its response (DESIGN.md: `contentKey`, `contentKeyId`). */
export interface ContentKeys {
  readonly contentKey: string
  readonly contentKeyId: string
  /** Keys of the older secrets, by id: pass them as `sealing.previousKeys` so rows sealed under them stay readable. */
  readonly previousContentKeys?: Readonly<Record<string, string>>
}

const encoder = new TextEncoder()

/**
 * A user's content key for one key id: HKDF-SHA-256 over the secret, with the key id and the user id as context. The
 * same user always gets the same key, on every device and every server instance, and nothing is stored; another
 * user's key, or another id's, is unrelated.
 */
export const deriveContentKey = async (secret: string, keyId: string, userId: string): Promise<string> => {
  const base = await globalThis.crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveBits'])
  const bits = await globalThis.crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('howlerops-sync/content-key/v1'), info: encoder.encode(JSON.stringify([keyId, userId])) },
    base,
    256,
  )
  return toBase64Url(new Uint8Array(bits))
}

/** @throws {RangeError} for a missing current secret, a short secret or an id that cannot name a key. */
export const checkContentSecrets = (secrets: ContentSecrets): void => {
  if (secrets.secrets[secrets.current] === undefined) throw new RangeError(`contentSecrets.current (${secrets.current}) is not in contentSecrets.secrets.`)
  for (const [id, secret] of Object.entries(secrets.secrets)) {
    if (!KEY_ID.test(id)) throw new RangeError(`Content key id ${JSON.stringify(id)} must be 1–64 characters of A–Z a–z 0–9 _ -.`)
    if (secret.length < 32) throw new RangeError(`contentSecrets.secrets[${JSON.stringify(id)}] must be at least 32 characters.`)
  }
}

/** The user's current content key and the older ones. */
export const contentKeysFor = async (secrets: ContentSecrets, userId: string): Promise<ContentKeys> => {
  const entries = await Promise.all(Object.entries(secrets.secrets).map(async ([id, secret]) => [id, await deriveContentKey(secret, id, userId)] as const))
  const previous = Object.fromEntries(entries.filter(([id]) => id !== secrets.current))
  return {
    contentKey: entries.find(([id]) => id === secrets.current)![1],
    contentKeyId: secrets.current,
    ...(Object.keys(previous).length === 0 ? {} : { previousContentKeys: previous }),
  }
}
