import { checkRequestBody, findCredentials, redactSql } from '@howlerops/sync/security'
import type { FreshCorpus } from './corpus'

/**
 * Measures the credential detector on the fresh corpus through the public `/security` subpath only.
 *
 * - line 1 (the sanitizer): a secret leaks when a needle survives `redactSql`; a benign text is altered when
 *   `redactSql` changes it or `findCredentials` reports anything.
 * - line 2 (the final check): a secret is undetected when `checkRequestBody` finds nothing in a Hrana body that carries
 *   the raw text; a benign text is blocked when it finds anything.
 * - end to end: a secret leaks when a needle survives line 1 and line 2 finds nothing in the body carrying the
 *   redacted text; a benign text is damaged when line 1 alters it or line 2 blocks the body carrying it.
 */

/** The body `@libsql/client` sends for one upload of an AI message: the text is a statement argument. */
export const hranaBody = (text: string): string =>
  JSON.stringify({
    baton: null,
    requests: [
      {
        type: 'execute',
        stmt: {
          sql: 'INSERT INTO ai_memory_messages (id, session_id, role, content, updated_at, sync_version) VALUES (?, ?, ?, ?, ?, ?)',
          args: [
            { type: 'text', value: '5f0c2f7e-3a1b-4c9d-9e8f-0a1b2c3d4e5f' },
            { type: 'text', value: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' },
            { type: 'text', value: 'user' },
            { type: 'text', value: text },
            { type: 'integer', value: '1765076400000' },
            { type: 'integer', value: '1' },
          ],
        },
      },
      { type: 'close' },
    ],
  })

export interface ClassFigures {
  class: string
  side: 'secret' | 'benign'
  n: number
  /** Secrets: needle survived line 1. Benign: altered by line 1. */
  line1: number
  /** Secrets: undetected by line 2 on the raw text. Benign: blocked by line 2. */
  line2: number
  /** Secrets: leaked through both lines. Benign: damaged by either line. */
  endToEnd: number
}

export interface SideTotals {
  n: number
  line1: number
  line2: number
  endToEnd: number
  /** The three counts as fractions of n. */
  rates: { line1: number; line2: number; endToEnd: number }
}

export interface FreshFigures {
  secrets: SideTotals
  benign: SideTotals
  perClass: ClassFigures[]
  /** One line per failing item: id, class and which lines failed. */
  failures: string[]
}

const totals = (rows: readonly ClassFigures[]): SideTotals => {
  const n = rows.reduce((a, c) => a + c.n, 0)
  const line1 = rows.reduce((a, c) => a + c.line1, 0)
  const line2 = rows.reduce((a, c) => a + c.line2, 0)
  const endToEnd = rows.reduce((a, c) => a + c.endToEnd, 0)
  const rate = (k: number): number => (n === 0 ? 0 : k / n)
  return { n, line1, line2, endToEnd, rates: { line1: rate(line1), line2: rate(line2), endToEnd: rate(endToEnd) } }
}

const row = (rows: Map<string, ClassFigures>, cls: string, side: ClassFigures['side']): ClassFigures => {
  let r = rows.get(cls)
  if (r === undefined) rows.set(cls, (r = { class: cls, side, n: 0, line1: 0, line2: 0, endToEnd: 0 }))
  return r
}

export const measure = async (corpus: FreshCorpus): Promise<FreshFigures> => {
  const rows = new Map<string, ClassFigures>()
  const failures: string[] = []
  for (const item of corpus.secrets) {
    const r = row(rows, item.class, 'secret')
    const redacted = redactSql(item.text)
    const survived = item.needles.some((needle) => redacted.includes(needle))
    const undetected = (await checkRequestBody(hranaBody(item.text))).length === 0
    const leaked = survived && (await checkRequestBody(hranaBody(redacted))).length === 0
    r.n += 1
    if (survived) r.line1 += 1
    if (undetected) r.line2 += 1
    if (leaked) r.endToEnd += 1
    if (survived || undetected) failures.push(`${item.id} [${item.context}]${survived ? ' line1-leak' : ''}${undetected ? ' line2-undetected' : ''}${leaked ? ' END-TO-END-LEAK' : ''}`)
  }
  for (const item of corpus.benign) {
    const r = row(rows, item.class, 'benign')
    const redacted = redactSql(item.text)
    const altered = redacted !== item.text || findCredentials(item.text).length > 0
    const blocked = (await checkRequestBody(hranaBody(item.text))).length > 0
    const damaged = altered || (await checkRequestBody(hranaBody(redacted))).length > 0
    r.n += 1
    if (altered) r.line1 += 1
    if (blocked) r.line2 += 1
    if (damaged) r.endToEnd += 1
    if (altered || blocked) failures.push(`${item.id}${altered ? ' line1-altered' : ''}${blocked ? ' line2-blocked' : ''}`)
  }
  const perClass = [...rows.values()]
  return { secrets: totals(perClass.filter((c) => c.side === 'secret')), benign: totals(perClass.filter((c) => c.side === 'benign')), perClass, failures }
}

const pct = (k: number, n: number): string => (n === 0 ? '-' : `${((100 * k) / n).toFixed(1)}%`)

/** A fixed-width table per class and the totals, worst end-to-end classes first within each side. */
export const formatFigures = (f: FreshFigures): string => {
  const head = (side: string, a: string, b: string, c: string): string => `${side.padEnd(30)} ${'n'.padStart(4)} ${a.padStart(16)} ${b.padStart(18)} ${c.padStart(16)}`
  const line = (name: string, n: number, a: number, b: number, c: number): string =>
    `${name.padEnd(30)} ${String(n).padStart(4)} ${`${a} ${pct(a, n)}`.padStart(16)} ${`${b} ${pct(b, n)}`.padStart(18)} ${`${c} ${pct(c, n)}`.padStart(16)}`
  const side = (which: ClassFigures['side']): ClassFigures[] => f.perClass.filter((c) => c.side === which).sort((x, y) => y.endToEnd / y.n - x.endToEnd / x.n || y.line1 - x.line1)
  const out = [head('SECRETS', 'line1 leaked', 'line2 undetected', 'end-to-end leak')]
  for (const c of side('secret')) out.push(line(c.class, c.n, c.line1, c.line2, c.endToEnd))
  out.push(line('TOTAL secrets', f.secrets.n, f.secrets.line1, f.secrets.line2, f.secrets.endToEnd), '')
  out.push(head('BENIGN', 'line1 altered', 'line2 blocked', 'damaged'))
  for (const c of side('benign')) out.push(line(c.class, c.n, c.line1, c.line2, c.endToEnd))
  out.push(line('TOTAL benign', f.benign.n, f.benign.line1, f.benign.line2, f.benign.endToEnd))
  return out.join('\n')
}

/** The failing items, at most `cap` lines: half secrets, half benign, end-to-end failures first, then a count of the rest. */
export const formatFailures = (f: FreshFigures, cap = 40): string => {
  const worstFirst = (lines: string[]): string[] => [...lines.filter((l) => / END-TO-END| line1-altered/.test(l)), ...lines.filter((l) => !/ END-TO-END| line1-altered/.test(l))]
  const secrets = worstFirst(f.failures.filter((l) => l.startsWith('s-')))
  const benign = worstFirst(f.failures.filter((l) => l.startsWith('b-')))
  const benignShown = benign.slice(0, Math.max(Math.floor(cap / 2), cap - secrets.length))
  const shown = [...secrets.slice(0, cap - benignShown.length), ...benignShown]
  const rest = f.failures.length - shown.length
  return [`failing items: ${f.failures.length} (${secrets.length} secrets, ${benign.length} benign)`, ...shown, ...(rest > 0 ? [`… and ${rest} more`] : [])].join('\n')
}
