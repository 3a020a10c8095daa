import type { CryptoLike } from '../env'
import { toBase64Url } from './base64url'

/**
 * A new content key: 32 random bytes, base64url. For an app that manages keys itself (and for tests); apps with a
 * token route get theirs from it (`contentKey`), derived on the server so every device of a user has the same one.
 */
export const createContentKey = (crypto: Pick<CryptoLike, 'getRandomValues'> = globalThis.crypto): string =>
  toBase64Url(crypto.getRandomValues(new Uint8Array(32)))
