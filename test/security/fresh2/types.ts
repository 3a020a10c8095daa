import type { Rng } from './rng'

/** Where a secret sits; a hint for reading the per-class table, not something the detector is told. */
export type Context = 'sql' | 'code' | 'config' | 'shell' | 'chat' | 'url' | 'http' | 'key-material'

export interface SecretItem {
  readonly id: string
  readonly class: string
  readonly context: Context
  readonly text: string
  /** The exact secret substrings that must not survive. */
  readonly needles: readonly string[]
}

export interface BenignItem {
  readonly id: string
  readonly class: string
  readonly text: string
}

/** One template: random values in, the text and its needles out. */
export type SecretTemplate = (r: Rng) => readonly [text: string, needles: readonly string[]]

export interface SecretClass {
  readonly name: string
  readonly context: Context
  readonly templates: readonly SecretTemplate[]
}

export interface BenignClass {
  readonly name: string
  readonly templates: readonly ((r: Rng) => string)[]
}
