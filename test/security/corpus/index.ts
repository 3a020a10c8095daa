import { createRandom } from './random'
import { BENIGN } from './benign'
import { CHAT_FORMATS } from './structuralChat'
import { CONFIG_FORMATS } from './structuralConfig'
import { SHELL_FORMATS } from './structuralShell'
import { SQL_FORMATS, type Structural } from './structuralSql'
import { tokenItems } from './tokenItems'
import type { BenignItem, SecretItem } from './types'

export { BENIGN }
export { expectedRedaction, REDACTED, type BenignItem, type SecretItem } from './types'

const structural = (category: SecretItem['category'], formats: readonly Structural[], perFormat: number, seed: number): SecretItem[] => {
  const r = createRandom(seed)
  return formats.flatMap(([format, build]) => Array.from({ length: perFormat }, () => ({ format, category, ...build(r) })))
}

/** The credential corpus: every format, several items each, deterministic. */
export const SECRETS: readonly SecretItem[] = [
  ...tokenItems(16),
  ...structural('sql', SQL_FORMATS, 4, 1),
  ...structural('shell', SHELL_FORMATS, 4, 2),
  ...structural('config', CONFIG_FORMATS, 4, 3),
  ...structural('chat', CHAT_FORMATS, 4, 4),
]

export const benignItems: readonly BenignItem[] = BENIGN
