import type { Random } from '../corpus/random'

/** A secret in context: `needles` must not survive redaction, and both lines must find the text. */
export interface LeakCase {
  readonly text: string
  readonly needles: readonly string[]
}

/** One class of text, generated: many variants from a seeded generator, never a fixed list of cases. */
export interface TextClass<T> {
  readonly name: string
  readonly build: (r: Random) => T
}

export const leak = (name: string, build: (r: Random) => LeakCase): TextClass<LeakCase> => ({ name, build })
export const benign = (name: string, build: (r: Random) => string): TextClass<string> => ({ name, build })

/** Quoting and spacing vary per variant: how people really type the same thing. */
export const q = (r: Random): string => r.pick(["'", '"'])
export const sp = (r: Random): string => r.pick([' ', '', '  '])
