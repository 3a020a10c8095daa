import { checkRequestBody, findCredentials, redactSql } from '@howlerops/sync/security'
import { BENIGN, expectedRedaction, SECRETS, type BenignItem, type SecretItem } from './corpus/index'

/** A Hrana pipeline body carrying `text` as a statement argument, the way the engine sends a record. */
export const hranaBody = (text: string): string =>
  JSON.stringify({
    baton: null,
    requests: [{ type: 'batch', batch: { steps: [{ stmt: { sql: 'INSERT INTO saved_queries (id, query_text) VALUES (?, ?)', args: [{ type: 'text', value: 'q-1' }, { type: 'text', value: text }] } }] } }],
  })

export interface LineFigures {
  readonly leaks: SecretItem[]
  readonly undetected: SecretItem[]
  readonly mangled: SecretItem[]
  readonly falsePositives: BenignItem[]
}

/** Line 1, the sanitizer: redaction must remove every needle, change nothing else, and leave benign text alone. */
export const measureSanitizer = (): LineFigures => ({
  leaks: SECRETS.filter((s) => s.needles.some((n) => redactSql(s.text).includes(n))),
  undetected: SECRETS.filter((s) => findCredentials(s.text).length === 0),
  mangled: SECRETS.filter((s) => redactSql(s.text) !== expectedRedaction(s)),
  falsePositives: BENIGN.filter((b) => redactSql(b.text) !== b.text || findCredentials(b.text).length > 0),
})

/** Line 2, the final check, alone on raw text: it must block every secret and pass every benign item. */
export const measureFinalCheck = async (): Promise<LineFigures & { blockedAfterRedaction: SecretItem[] }> => {
  const undetected: SecretItem[] = []
  const blockedAfterRedaction: SecretItem[] = []
  for (const s of SECRETS) {
    if ((await checkRequestBody(hranaBody(s.text))).length === 0) undetected.push(s)
    if ((await checkRequestBody(hranaBody(redactSql(s.text)))).length > 0) blockedAfterRedaction.push(s)
  }
  const falsePositives: BenignItem[] = []
  for (const b of BENIGN) if ((await checkRequestBody(hranaBody(b.text))).length > 0) falsePositives.push(b)
  // The final check never rewrites, so it cannot mangle; what it misses would leak without the sanitizer.
  return { leaks: undetected, undetected, mangled: [], falsePositives, blockedAfterRedaction }
}
