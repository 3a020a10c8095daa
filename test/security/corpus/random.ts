/** A seeded generator (mulberry32), so the corpus is the same on every run and a failure names a stable item. */
export interface Random {
  next(): number
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  chars(alphabet: string, length: number): string
}

export const createRandom = (seed: number): Random => {
  let a = seed >>> 0
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)] as (typeof items)[number],
    chars: (alphabet, length) => Array.from({ length }, () => alphabet[int(0, alphabet.length - 1)]).join(''),
  }
}

export const LOWER = 'abcdefghijklmnopqrstuvwxyz'
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
export const DIGITS = '0123456789'
export const ALNUM = UPPER + LOWER + DIGITS
export const HEX = '0123456789abcdef'
export const B64URL = `${ALNUM}_-`
export const B64 = `${ALNUM}+/`

/**
 * A random string from `alphabet` that contains at least one character of each class present in it (upper, lower,
 * digit), as generated keys do.
 */
export const token = (r: Random, alphabet: string, length: number): string => {
  for (;;) {
    const s = r.chars(alphabet, length)
    const ok = [UPPER, LOWER, DIGITS].every((cls) => ![...cls].some((c) => alphabet.includes(c)) || [...s].some((c) => cls.includes(c)))
    if (ok) return s
  }
}

/** A human password: a word, digits and a symbol, in the ways people really compose them. */
export const humanPassword = (r: Random, symbols = '!#%&*+-.=?@^_~$'): string => {
  const words = ['Summer', 'winter', 'Dragon', 'monkey', 'Shadow', 'Tr0ub4dor', 'Pa55', 'Welcome', 'qwerty', 'Sunshine', 'Orange', 'batman', 'Kaffee', 'Sommer', 'Zapato', 'Mot']
  const forms = [
    () => `${r.pick(words)}${r.int(10, 9999)}${r.pick([...symbols])}`,
    // A leading symbol, but not one that makes it read as a parameter (`@x`, `$x`) or a flag (`-x`).
    () => `${r.pick([...'!#%*^~'])}${r.pick(words)}${r.int(1, 99)}`,
    () => token(r, `${ALNUM}${symbols}`, r.int(10, 20)),
    () => `${r.pick(words)}${r.pick([...symbols])}${r.pick(words).toLowerCase()}${r.int(1, 9)}`,
  ]
  return r.pick(forms)()
}
