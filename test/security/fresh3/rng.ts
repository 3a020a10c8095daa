/**
 * A small seeded generator (sfc32, seeded through splitmix32) and the value helpers the templates draw from. Every
 * value in the corpus comes from here, so one seed gives one corpus.
 */
export interface Rng {
  /** 0 <= x < 1 */
  next(): number
  /** 0 <= x < n */
  int(n: number): number
  /** lo <= x <= hi */
  between(lo: number, hi: number): number
  pick<T>(xs: readonly T[]): T
  chance(p: number): boolean
  /** n characters drawn from the alphabet */
  chars(alphabet: string, n: number): string
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
  let a = init(), b = init(), c = init(), d = init()
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t
  }
  for (let i = 0; i < 12; i++) u32()
  const next = (): number => u32() / 4294967296
  const int = (n: number): number => Math.floor(next() * n)
  return {
    next,
    int,
    between: (lo, hi) => lo + int(hi - lo + 1),
    pick: (xs) => xs[int(xs.length)]!,
    chance: (p) => next() < p,
    chars: (alphabet, n) => {
      let s = ''
      for (let i = 0; i < n; i++) s += alphabet[int(alphabet.length)]
      return s
    },
  }
}
