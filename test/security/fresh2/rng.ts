/**
 * A small seeded generator (sfc32 fed by a splitmix32 of the seed) and the random-value helpers the corpus
 * classes share. Everything the corpus draws goes through one `Rng`, so a seed names the whole corpus.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  chance(p: number): boolean
  /** `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string
}

const splitmix32 = (seed: number): (() => number) => {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
}

export const createRng = (seed: number): Rng => {
  const init = splitmix32(seed)
  let a = init()
  let b = init()
  let c = init()
  let d = init()
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t / 4294967296
  }
  for (let i = 0; i < 16; i++) next()
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('pick from an empty list')
    return items[int(0, items.length - 1)] as T
  }
  const chars = (alphabet: string, length: number): string => {
    let out = ''
    for (let i = 0; i < length; i++) out += alphabet[int(0, alphabet.length - 1)]
    return out
  }
  return { next, int, pick, chance: (p) => next() < p, chars }
}

export const LOWER = 'abcdefghijklmnopqrstuvwxyz'
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
export const DIGITS = '0123456789'
export const ALNUM = LOWER + UPPER + DIGITS
export const HEX = '0123456789abcdef'
export const B64 = ALNUM + '+/'
export const B64URL = ALNUM + '-_'
export const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** Standard base64 of `bytes` random bytes, padded. */
export const base64Bytes = (r: Rng, bytes: number): string => {
  const raw = new Uint8Array(bytes)
  for (let i = 0; i < bytes; i++) raw[i] = r.int(0, 255)
  return Buffer.from(raw).toString('base64')
}

export const base64urlBytes = (r: Rng, bytes: number): string => base64Bytes(r, bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

export const hexBytes = (r: Rng, bytes: number): string => r.chars(HEX, bytes * 2)

export const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64')

export const b64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url')

export const uuid = (r: Rng): string => {
  const h = hexBytes(r, 16)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${r.pick(['8', '9', 'a', 'b'])}${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** Wraps a long single-line string at `width` characters (PEM bodies). */
export const wrap = (text: string, width: number): string[] => {
  const lines: string[] = []
  for (let i = 0; i < text.length; i += width) lines.push(text.slice(i, i + width))
  return lines
}
