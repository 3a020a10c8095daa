import type { SecretSpan } from './types'

/**
 * Private key material that is not PEM, by the structure of its container:
 * - a JSON Web Key (`kty` present): the values of its private members `d`, `p`, `q`, `dp`, `dq`, `qi` (RSA, EC) and
 *   `k` (symmetric); `n`, `e`, `x`, `y` are public and stay;
 * - .NET `<RSAKeyValue>`: the contents of `<D>`, `<P>`, `<Q>`, `<DP>`, `<DQ>`, `<InverseQ>`;
 * - a wallet mnemonic: 12, 15, 18, 21 or 24 short lowercase words standing alone (a line, a quoted value, or after a
 *   label such as `seed:`), none of them a word that prose cannot do without ("the", "and", "of" …, none of which
 *   is in the BIP39 list).
 */
const JWK = /["']?kty["']?\s*[:=]/
const JWK_PRIVATE = /(?<![\w-])(["']?)(?:d|p|q|dp|dq|qi|k)\1\s*[:=]\s*["']?([A-Za-z0-9_-]{16,})/g
const RSA_XML = /<(D|P|Q|DP|DQ|InverseQ)>\s*([A-Za-z0-9+/=]{8,})\s*<\/\1>/g
/** A run of words alone on its line or in its quotes (optionally after `label:` or `label =`). */
const WORDS = /(?:^|["'`]|[:=][ \t]*)[ \t]*((?:[a-z]{3,8}[ \t]+){11,23}[a-z]{3,8})[ \t]*(?=$|["'`,;])/gm
const PROSE = new Set([
  'the', 'and', 'for', 'with', 'are', 'was', 'were', 'not', 'but', 'from', 'their', 'been', 'its', 'his', 'her', 'she',
  'him', 'our', 'than', 'them', 'these', 'those', 'would', 'could', 'should', 'which', 'who', 'whom', 'how', 'why',
  'did', 'does', 'has', 'had', 'may', 'might', 'shall', 'your', 'yours', 'mine', 'some', 'each', 'while',
])

export const keyMaterialSpans = (text: string): SecretSpan[] => {
  const spans: SecretSpan[] = []
  const push = (start: number, value: string): void => {
    if (value !== '[REDACTED]') spans.push({ start, end: start + value.length, kind: 'private-key' })
  }
  if (text.includes('kty') && JWK.test(text)) {
    for (const m of text.matchAll(JWK_PRIVATE)) push(m.index + m[0].length - (m[2] ?? '').length, m[2] ?? '')
  }
  if (text.includes('</')) for (const m of text.matchAll(RSA_XML)) push(m.index + m[0].indexOf(m[2] ?? '', 2), m[2] ?? '')
  for (const m of text.matchAll(WORDS)) {
    const run = m[1] ?? ''
    const words = run.split(/[ \t]+/)
    if (words.length % 3 === 0 && !words.some((w) => PROSE.has(w))) push(m.index + m[0].indexOf(run), run)
  }
  return spans
}
