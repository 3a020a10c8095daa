/**
 * Measures the credential detector on the fresh2 corpus through `@howlerops/sync/security` only.
 *
 * - line 1 (`redactSql` / `findCredentials`): a secret leaks when a needle survives `redactSql(text)`; a benign item
 *   is altered when `redactSql(text) !== text` or `findCredentials(text)` finds anything.
 * - line 2 (`checkRequestBody`): a secret is undetected when the Hrana body carrying its raw text yields no finding;
 *   a benign item is blocked when its body yields one.
 * - end to end: line 2 sees what line 1 let through. A secret leaks when a needle survives redaction and the body
 *   carrying the redacted text yields no finding; a benign item is damaged when line 1 altered it or line 2 blocks
 *   the body carrying line 1's output.
 * A `checkRequestBody` that throws counts as a finding (the request would not be sent).
 */
import { checkRequestBody, findCredentials, redactSql } from '@howlerops/sync/security'
import type { BenignItem, SecretItem } from './types'
import type { Corpus } from './corpus'

/** The body `@libsql/client` sends for one upsert of a chat message: the text is a statement argument. */
export const hranaBody = (text: string, id = 'msg-0001'): string =>
  JSON.stringify({
    baton: null,
    requests: [
      {
        type: 'execute',
        stmt: {
          sql: 'INSERT INTO ai_memory_messages (id, session_id, role, content, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at',
          args: [
            { type: 'text', value: id },
            { type: 'text', value: 'session-0001' },
            { type: 'text', value: 'user' },
            { type: 'text', value: text },
            { type: 'integer', value: '1764590000000' },
          ],
          want_rows: false,
        },
      },
      { type: 'close' },
    ],
  })

const lineTwoFinds = async (body: string): Promise<boolean> => {
  try {
    return (await checkRequestBody(body)).length > 0
  } catch {
    return true
  }
}

export interface ItemOutcome {
  readonly id: string
  readonly class: string
  readonly kind: 'secret' | 'benign'
  /** Secret: a needle survived line 1. Benign: line 1 altered it or reported a finding. */
  readonly line1: boolean
  /** Secret: line 2 found nothing in the raw body. Benign: line 2 found something in the raw body. */
  readonly line2: boolean
  /** Secret: leaked through both lines. Benign: altered by line 1 or blocked by line 2. */
  readonly endToEnd: boolean
}

const measureSecret = async (item: SecretItem): Promise<ItemOutcome> => {
  const redacted = redactSql(item.text)
  const survives = item.needles.some((n) => redacted.includes(n))
  const rawCaught = await lineTwoFinds(hranaBody(item.text))
  const leaked = survives && !(redacted === item.text ? rawCaught : await lineTwoFinds(hranaBody(redacted)))
  return { id: item.id, class: item.class, kind: 'secret', line1: survives, line2: !rawCaught, endToEnd: leaked }
}

const measureBenign = async (item: BenignItem): Promise<ItemOutcome> => {
  const redacted = redactSql(item.text)
  const altered = redacted !== item.text || findCredentials(item.text).length > 0
  const rawBlocked = await lineTwoFinds(hranaBody(item.text))
  const blockedAfter = redacted === item.text ? rawBlocked : await lineTwoFinds(hranaBody(redacted))
  return { id: item.id, class: item.class, kind: 'benign', line1: altered, line2: rawBlocked, endToEnd: altered || blockedAfter }
}

export interface Rate {
  readonly failed: number
  readonly total: number
  /** failed / total, 0..1. */
  readonly rate: number
}

export interface Figures {
  readonly line1: { readonly secretLeak: Rate; readonly benignAltered: Rate }
  readonly line2: { readonly secretUndetected: Rate; readonly benignBlocked: Rate }
  readonly endToEnd: { readonly secretLeak: Rate; readonly benignDamaged: Rate }
}

export interface Measurement {
  readonly outcomes: readonly ItemOutcome[]
  readonly figures: Figures
}

const rate = (outcomes: readonly ItemOutcome[], pick: (o: ItemOutcome) => boolean): Rate => {
  const failed = outcomes.filter(pick).length
  return { failed, total: outcomes.length, rate: outcomes.length === 0 ? 0 : failed / outcomes.length }
}

export const measureCorpus = async (corpus: Corpus): Promise<Measurement> => {
  const outcomes: ItemOutcome[] = []
  for (const s of corpus.secrets) outcomes.push(await measureSecret(s))
  for (const b of corpus.benign) outcomes.push(await measureBenign(b))
  const secrets = outcomes.filter((o) => o.kind === 'secret')
  const benign = outcomes.filter((o) => o.kind === 'benign')
  return {
    outcomes,
    figures: {
      line1: { secretLeak: rate(secrets, (o) => o.line1), benignAltered: rate(benign, (o) => o.line1) },
      line2: { secretUndetected: rate(secrets, (o) => o.line2), benignBlocked: rate(benign, (o) => o.line2) },
      endToEnd: { secretLeak: rate(secrets, (o) => o.endToEnd), benignDamaged: rate(benign, (o) => o.endToEnd) },
    },
  }
}
