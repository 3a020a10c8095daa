/**
 * The corpus: every class drawn from its own generator, seeded from the corpus seed and the class name, so adding a
 * class never changes the items of another. Item `i` of a class uses template `i mod templates`, so every template
 * appears; the values in it are random.
 */
import { createRng } from './rng'
import type { BenignClass, BenignItem, SecretClass, SecretItem } from './types'
import { sqlSecretClasses } from './secretsSql'
import { connSecretClasses } from './secretsConn'
import { codeSecretClasses } from './secretsCode'
import { configSecretClasses } from './secretsConfig'
import { shellSecretClasses } from './secretsShell'
import { keySecretClasses } from './secretsKeys'
import { proseSecretClasses } from './secretsProse'
import { sqlBenignClasses } from './benignSql'
import { configBenignClasses } from './benignConfig'
import { dataBenignClasses } from './benignData'
import { textBenignClasses } from './benignText'
import { shellBenignClasses } from './benignShell'
import { largeBenignClasses } from './benignLarge'

/** The seed of this corpus (another corpus in the repository uses its own). */
export const FRESH2_SEED = 0x2f5e_c0de

export const SECRETS_PER_CLASS = 16
export const BENIGN_PER_CLASS = 16

export const secretClasses: readonly SecretClass[] = [
  ...sqlSecretClasses, ...connSecretClasses, ...codeSecretClasses, ...configSecretClasses,
  ...shellSecretClasses, ...keySecretClasses, ...proseSecretClasses,
]

export const benignClasses: readonly BenignClass[] = [
  ...sqlBenignClasses, ...configBenignClasses, ...dataBenignClasses, ...textBenignClasses, ...shellBenignClasses, ...largeBenignClasses,
]

/** FNV-1a, to give each class its own stream. */
const hashName = (name: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193)
  return h >>> 0
}

/** Large pastes are slow to scan and alike in kind: one item per template is enough. */
const countOf = (c: BenignClass): number => (c.name === 'large-pastes' ? c.templates.length : BENIGN_PER_CLASS)

export interface Corpus {
  readonly secrets: readonly SecretItem[]
  readonly benign: readonly BenignItem[]
}

export const buildCorpus = (seed: number = FRESH2_SEED): Corpus => {
  const secrets: SecretItem[] = []
  for (const c of secretClasses) {
    const r = createRng(seed ^ hashName(c.name))
    for (let i = 0; i < SECRETS_PER_CLASS; i++) {
      const template = c.templates[i % c.templates.length]!
      const [text, needles] = template(r)
      secrets.push({ id: `${c.name}#${i}`, class: c.name, context: c.context, text, needles })
    }
  }
  const benign: BenignItem[] = []
  for (const c of benignClasses) {
    const r = createRng(seed ^ hashName(c.name))
    const n = countOf(c)
    for (let i = 0; i < n; i++) benign.push({ id: `${c.name}#${i}`, class: c.name, text: c.templates[i % c.templates.length]!(r) })
  }
  return { secrets, benign }
}
