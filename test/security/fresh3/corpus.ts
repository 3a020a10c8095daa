/**
 * The corpus: every class drawn from its own generator, seeded from the corpus seed and the class name, so adding a
 * class never changes the items of another. Item `i` of a class uses template `i mod templates`, so every template
 * appears; the values in it are random. A template may fix the record field its text goes into (its sink); the others
 * rotate through the class's sinks. A text bound for a JSON column that is not a JSON object is stored the way the app
 * would store it there: as a string value inside one.
 */
import { createRng } from './rng'
import type { BenignClass, BenignItem, SecretClass, SecretItem, Sink } from './types'
import { JSON_SINKS } from './types'
import { sqlSecretClasses } from './secretsSql'
import { cliSecretClasses } from './secretsCli'
import { connSecretClasses } from './secretsConn'
import { codeSecretClasses } from './secretsCode'
import { tokenSecretClasses } from './secretsTokens'
import { keySecretClasses } from './secretsKeys'
import { proseSecretClasses } from './secretsProse'
import { sqlBenignClasses } from './benignSql'
import { recordBenignClasses } from './benignRecords'
import { configBenignClasses } from './benignConfig'
import { dataBenignClasses } from './benignData'
import { textBenignClasses } from './benignText'
import { shellBenignClasses } from './benignShell'
import { largeBenignClasses } from './benignLarge'
import { jsonEsc } from './values'

/** The seed of this corpus (the other corpora in the repository use their own). */
export const FRESH3_SEED = 0x3a7c_51d9

export const SECRETS_PER_CLASS = 15
export const BENIGN_PER_CLASS = 15

export const secretClasses: readonly SecretClass[] = [
  ...sqlSecretClasses, ...cliSecretClasses, ...connSecretClasses, ...codeSecretClasses,
  ...tokenSecretClasses, ...keySecretClasses, ...proseSecretClasses,
]

export const benignClasses: readonly BenignClass[] = [
  ...sqlBenignClasses, ...recordBenignClasses, ...configBenignClasses, ...dataBenignClasses,
  ...textBenignClasses, ...shellBenignClasses, ...largeBenignClasses,
]

/** FNV-1a, to give each class its own stream. */
const hashName = (name: string): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193)
  return h >>> 0
}

const isJsonObject = (text: string): boolean => {
  try {
    const v: unknown = JSON.parse(text)
    return typeof v === 'object' && v !== null
  } catch {
    return false
  }
}

const WRAP_KEY: Partial<Record<Sink, string>> = {
  'user_preferences.value': 'editor.scratchpad',
  'connection_templates.parameters': 'notes',
  'connection_templates.ssh_tunnel': 'comment',
}

/** The text as stored in its sink, and where a needle went. */
const place = (sink: Sink, text: string): { text: string; moved: (needle: string) => string } => {
  if (!JSON_SINKS.includes(sink) || isJsonObject(text)) return { text, moved: (n) => n }
  const wrapped = JSON.stringify({ [WRAP_KEY[sink]!]: text })
  return { text: wrapped, moved: (n) => (wrapped.includes(n) ? n : jsonEsc(n)) }
}

/** Large pastes are slow to scan and alike in kind: one item per template is enough. */
const countOf = (c: BenignClass): number => (c.name === 'large-pastes' ? c.templates.length : BENIGN_PER_CLASS)

export interface Corpus {
  readonly secrets: readonly SecretItem[]
  readonly benign: readonly BenignItem[]
}

export const buildCorpus = (seed: number = FRESH3_SEED): Corpus => {
  const secrets: SecretItem[] = []
  for (const c of secretClasses) {
    const r = createRng(seed ^ hashName(c.name))
    for (let i = 0; i < SECRETS_PER_CLASS; i++) {
      const [raw, needles, fixed] = c.templates[i % c.templates.length]!(r)
      const sink = fixed ?? c.sinks[i % c.sinks.length]!
      const placed = place(sink, raw)
      secrets.push({ id: `${c.name}#${i}`, class: c.name, context: c.context, sink, text: placed.text, needles: needles.map(placed.moved) })
    }
  }
  const benign: BenignItem[] = []
  for (const c of benignClasses) {
    const r = createRng(seed ^ hashName(c.name))
    const n = countOf(c)
    for (let i = 0; i < n; i++) {
      const out = c.templates[i % c.templates.length]!(r)
      const [raw, sink] = typeof out === 'string' ? [out, c.sinks[i % c.sinks.length]!] : out
      benign.push({ id: `${c.name}#${i}`, class: c.name, sink, text: place(sink, raw).text })
    }
  }
  return { secrets, benign }
}
