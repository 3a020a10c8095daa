/** Text renderings of a measurement: a per-class table with totals, and a capped listing of failing items. */
import type { ItemOutcome, Measurement, Rate } from './measure'

const pct = (r: Rate): string => `${(r.rate * 100).toFixed(1).padStart(5)} %`
const cell = (failed: number, total: number): string => `${String(failed).padStart(3)}/${String(total).padEnd(3)}`

/**
 * One row per class: failures on line 1, on line 2 alone, and end to end. For secrets a failure is a leak
 * (line 2: undetected); for benign items it is damage (line 1: altered, line 2: blocked).
 */
export const formatTable = (m: Measurement): string => {
  const classes = new Map<string, ItemOutcome[]>()
  for (const o of m.outcomes) classes.set(`${o.kind}\u0000${o.class}`, [...(classes.get(`${o.kind}\u0000${o.class}`) ?? []), o])
  const lines = [`${'kind'.padEnd(7)} ${'class'.padEnd(30)} ${'line 1'.padEnd(8)} ${'line 2'.padEnd(8)} ${'both'.padEnd(8)}`]
  for (const [key, os] of classes) {
    const [kind, name] = key.split('\u0000') as [string, string]
    const count = (pick: (o: ItemOutcome) => boolean): number => os.filter(pick).length
    lines.push(`${kind.padEnd(7)} ${name.padEnd(30)} ${cell(count((o) => o.line1), os.length)}  ${cell(count((o) => o.line2), os.length)}  ${cell(count((o) => o.endToEnd), os.length)}`)
  }
  const f = m.figures
  lines.push(
    '',
    `secrets leaked   line 1 ${cell(f.line1.secretLeak.failed, f.line1.secretLeak.total)} ${pct(f.line1.secretLeak)}   line 2 undetected ${cell(f.line2.secretUndetected.failed, f.line2.secretUndetected.total)} ${pct(f.line2.secretUndetected)}   end to end ${cell(f.endToEnd.secretLeak.failed, f.endToEnd.secretLeak.total)} ${pct(f.endToEnd.secretLeak)}`,
    `benign damaged   line 1 ${cell(f.line1.benignAltered.failed, f.line1.benignAltered.total)} ${pct(f.line1.benignAltered)}   line 2 blocked    ${cell(f.line2.benignBlocked.failed, f.line2.benignBlocked.total)} ${pct(f.line2.benignBlocked)}   end to end ${cell(f.endToEnd.benignDamaged.failed, f.endToEnd.benignDamaged.total)} ${pct(f.endToEnd.benignDamaged)}`,
  )
  return lines.join('\n')
}

/**
 * Failing items (ids, which name the class, never the text): end-to-end failures first, secret leaks before benign
 * damage, at most `cap` lines.
 */
export const formatFailures = (m: Measurement, cap = 40): string => {
  const failing = m.outcomes.filter((o) => o.line1 || o.line2 || o.endToEnd)
  const ranked = [...failing].sort((a, b) => Number(b.endToEnd) - Number(a.endToEnd) || a.kind.localeCompare(b.kind, 'en') * -1 || a.id.localeCompare(b.id))
  const flags = (o: ItemOutcome): string => [o.line1 ? 'L1' : '--', o.line2 ? 'L2' : '--', o.endToEnd ? 'E2E' : '---'].join(' ')
  const shown = ranked.length > cap ? cap - 1 : ranked.length
  const lines = ranked.slice(0, shown).map((o) => `${o.kind.padEnd(6)} ${flags(o)}  ${o.id}`)
  if (shown < ranked.length) lines.push(`… ${ranked.length - shown} more failing items not listed`)
  return lines.join('\n')
}
