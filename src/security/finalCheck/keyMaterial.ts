import { hasMnemonic } from './bip39'

/**
 * Key material that is not PEM, recognised by its container: a JSON Web Key with private members (RFC 7518: `d`,
 * `p`, `q`, `dp`, `dq`, `qi` of an RSA or EC key, `k` of a symmetric one), .NET's `<RSAKeyValue>` XML with its
 * private elements, and a BIP39 mnemonic. A JWK with only `n`, `e`, `x`, `y` is a public key and passes.
 */
const JWK = /["']?kty["']?\s*[:=]/
const JWK_PRIVATE = /(?<![\w-])["']?(?:d|p|q|dp|dq|qi|k)["']?\s*[:=]\s*["']?[A-Za-z0-9_-]{16,}/
const RSA_XML = /<(D|P|Q|DP|DQ|InverseQ)>\s*[A-Za-z0-9+/=\s]{16,}<\/\1>/

/**
 * A raw 256-bit private key written as hex: a wallet constructed from it (`new ethers.Wallet("0x…")`, `Keypair.
 * fromSecretKey`), or hex after a private-key or seed label (`ed25519 private seed (hex): …`, `PRIVATE_KEY=0x…`).
 */
const HEX_PRIVATE_KEY =
  /(?:\bWallet\s*\(\s*|\bfrom(?:Secret|Private)Key\s*\(\s*|\b(?:private|secret)[ _-]?(?:key|seed)\b[^\n0-9a-fA-F]{0,24}?(?:\(hex\))?\s*[:=(]\s*)["'`]?(?:0x)?[0-9a-fA-F]{64}(?![0-9a-fA-F])/i

export const keyMaterialRule = (text: string): string | undefined => {
  if (JWK.test(text) && JWK_PRIVATE.test(text)) return 'jwk-private'
  if (text.includes('</') && RSA_XML.test(text)) return 'xml-private-key'
  if (hasMnemonic(text)) return 'bip39-mnemonic'
  if (HEX_PRIVATE_KEY.test(text)) return 'hex-private-key'
  return undefined
}
