import type { Rng } from './rng'

/** A text that carries a credential; every needle is a substring that must not reach the cloud in plaintext. */
export interface SecretItem {
  id: string
  class: string
  context: string
  text: string
  needles: string[]
}

/** A text with no credential in it: the detector must leave it exactly as it is. */
export interface BenignItem {
  id: string
  class: string
  text: string
}

export interface SecretSample {
  context: string
  text: string
  needles: string[]
}

export interface SecretClass {
  name: string
  /** Item i of the class uses template i mod length, with fresh random values each time. */
  templates: ReadonlyArray<(r: Rng) => SecretSample>
}

export interface BenignClass {
  name: string
  templates: ReadonlyArray<(r: Rng) => string>
}

export const sample = (context: string, text: string, ...needles: string[]): SecretSample => ({ context, text, needles })
