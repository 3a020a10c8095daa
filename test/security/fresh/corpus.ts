import { createRng } from './rng'
import type { BenignClass, BenignItem, SecretClass, SecretItem } from './types'
import { sqlSecretClasses } from './secretsSql'
import { connectionSecretClasses } from './secretsConnections'
import { configSecretClasses } from './secretsConfig'
import { tokenSecretClasses } from './secretsTokens'
import { keySecretClasses } from './secretsKeys'
import { proseSecretClasses } from './secretsProse'
import { sqlBenignClasses } from './benignSql'
import { configBenignClasses } from './benignConfig'
import { dataBenignClasses } from './benignData'
import { textBenignClasses } from './benignText'
import { largeBenignClasses } from './benignLarge'

/** The seed the measured figures were taken with (README). */
export const FRESH_SEED = 20261207

export const SECRET_CLASSES: readonly SecretClass[] = [
  ...sqlSecretClasses, ...connectionSecretClasses, ...configSecretClasses, ...tokenSecretClasses, ...keySecretClasses, ...proseSecretClasses,
]
export const BENIGN_CLASSES: readonly BenignClass[] = [
  ...sqlBenignClasses, ...configBenignClasses, ...dataBenignClasses, ...textBenignClasses, ...largeBenignClasses,
]

const SECRETS_PER_CLASS = 17
const BENIGN_PER_CLASS = 19
const LARGE_PER_CLASS = 12

export interface FreshCorpus {
  seed: number
  secrets: SecretItem[]
  benign: BenignItem[]
}

/** FNV-1a: each item gets its own stream, so adding a class or a template never shifts the others. */
const itemSeed = (seed: number, className: string, index: number): number => {
  let h = 0x811c9dc5 ^ seed
  for (const ch of `${className}#${index}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193)
  return h >>> 0
}

export const buildCorpus = (seed: number = FRESH_SEED): FreshCorpus => {
  const secrets: SecretItem[] = []
  for (const cls of SECRET_CLASSES) {
    for (let i = 0; i < SECRETS_PER_CLASS; i++) {
      const template = cls.templates[i % cls.templates.length]
      if (template === undefined) throw new Error(`class ${cls.name} has no template`)
      const s = template(createRng(itemSeed(seed, cls.name, i)))
      secrets.push({ id: `s-${cls.name}-${i}`, class: cls.name, context: s.context, text: s.text, needles: s.needles })
    }
  }
  const benign: BenignItem[] = []
  for (const cls of BENIGN_CLASSES) {
    const count = cls.name === 'large-texts' ? LARGE_PER_CLASS : BENIGN_PER_CLASS
    for (let i = 0; i < count; i++) {
      const template = cls.templates[i % cls.templates.length]
      if (template === undefined) throw new Error(`class ${cls.name} has no template`)
      benign.push({ id: `b-${cls.name}-${i}`, class: cls.name, text: template(createRng(itemSeed(seed, cls.name, i))) })
    }
  }
  return { seed, secrets, benign }
}
