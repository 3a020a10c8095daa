/** Plain-text tables of a measurement: totals per line, per class, the worst classes, and the failing ids. */
import type { ItemOutcome, Measurement, Rate } from './measure'

const pct = (r: Rate): string => `${r.failed}/${r.total} (${(r.rate * 100).toFixed(1)} %)`
const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length))
const count = (os: readonly ItemOutcome[], k: 'line1' | 'line2' | 'endToEnd'): number => os.filter((o) => o[k]).length

const byClass = (m: Measurement): Map<string, ItemOutcome[]> => {
  const classes = new Map<string, ItemOutcome[]>()
  for (const o of m.outcomes) {
    const key = `${o.kind}:${o.class}`
    const list = classes.get(key) ?? []
    list.push(o)
    classes.set(key, list)
  }
  return classes
}

export const formatTable = (m: Measurement): string => {
  const f = m.figures
  const lines = [
    'totals',
    `  line 1 (redactSql/findCredentials): secrets leaked ${pct(f.line1.secretLeak)}, benign altered ${pct(f.line1.benignAltered)}`,
    `  line 2 (checkRequestBody):          secrets undetected ${pct(f.line2.secretUndetected)}, benign blocked ${pct(f.line2.benignBlocked)}`,
    `  end to end:                         secrets leaked ${pct(f.endToEnd.secretLeak)}, benign damaged ${pct(f.endToEnd.benignDamaged)}`,
    '',
    `${pad('class', 40)} ${pad('n', 4)} ${pad('line1', 6)} ${pad('line2', 6)} e2e`,
    '  (secret: line1 = leaked by redaction, line2 = undetected by the body check, e2e = leaked; benign: altered, blocked, damaged)',
  ]
  const classes = byClass(m)
  for (const [key, os] of classes) lines.push(`${pad(key, 40)} ${pad(String(os.length), 4)} ${pad(String(count(os, 'line1')), 6)} ${pad(String(count(os, 'line2')), 6)} ${count(os, 'endToEnd')}`)
  const worst = [...classes].map(([key, os]) => ({ key, rate: count(os, 'endToEnd') / os.length })).filter((c) => c.rate > 0).sort((a, b) => b.rate - a.rate).slice(0, 10)
  lines.push('', 'worst classes (end to end):', ...(worst.length === 0 ? ['  none'] : worst.map((c) => `  ${pad(c.key, 40)} ${(c.rate * 100).toFixed(0)} %`)))
  return lines.join('\n')
}

export const formatFailures = (m: Measurement, limit = 40): string => {
  const failing = m.outcomes.filter((o) => o.endToEnd)
  const shown = failing.slice(0, limit).map((o) => `  ${o.kind} ${o.id}${o.kind === 'secret' ? ` (line1 ${o.line1 ? 'leak' : 'ok'}, line2 ${o.line2 ? 'miss' : 'ok'})` : ` (line1 ${o.line1 ? 'altered' : 'ok'}, line2 ${o.line2 ? 'blocked' : 'ok'})`}`)
  if (failing.length > limit) shown.push(`  … and ${failing.length - limit} more`)
  return shown.length === 0 ? '  none' : shown.join('\n')
}
