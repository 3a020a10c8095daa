/**
 * Seeded randomness for the simulation. Nothing in the simulation reads Math.random or Date.now: every choice and
 * every id comes from a PRNG derived from the seed, so a seed replays exactly.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number
  int(lo: number, hi: number): number
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
}

/** mulberry32: small, fast, and good enough to drive a test. */
export const createRng = (seed: number): Rng => {
  let a = (seed ^ 0x9e3779b9) >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1))
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)] as T
    },
  }
}

/** Seeded, uuid-shaped ids (the engine only needs them unique and stable for a replay). */
export const createIdSource = (rng: Rng): (() => string) => {
  const hex = (n: number): string =>
    Array.from({ length: n }, () => Math.floor(rng.next() * 16).toString(16)).join('')
  return () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`
}
