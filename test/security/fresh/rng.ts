/**
 * A small seeded random source for the fresh corpus. Deterministic: the same seed gives the same corpus on every
 * machine, so a figure measured once can be measured again.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  chars(alphabet: string, length: number): string
  bool(p?: number): boolean
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz'
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
const DIGITS = '0123456789'
export const ALPHA = { LOWER, UPPER, DIGITS, ALNUM: LOWER + UPPER + DIGITS, HEX: '0123456789abcdef', B64: LOWER + UPPER + DIGITS + '+/', B64URL: LOWER + UPPER + DIGITS + '-_', B32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567' } as const

/** mulberry32: tiny, fast and good enough for test data. */
export const createRng = (seed: number): Rng => {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(next() * items.length)]
    if (item === undefined) throw new Error('pick from an empty list')
    return item
  }
  const chars = (alphabet: string, length: number): string => {
    let out = ''
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)]
    return out
  }
  const bool = (p = 0.5): boolean => next() < p
  return { next, int, pick, chars, bool }
}

/** Base64 of a UTF-8 string (Node and browsers). */
export const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64')

/** Base64 of n random bytes. */
export const randomB64 = (r: Rng, bytes: number): string => {
  const buf = Buffer.alloc(bytes)
  for (let i = 0; i < bytes; i++) buf[i] = r.int(0, 255)
  return buf.toString('base64')
}

/** Wraps a long string into lines of `width` characters (PEM bodies, hex dumps). */
export const wrap = (text: string, width: number): string[] => {
  const lines: string[] = []
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width))
  return lines
}
