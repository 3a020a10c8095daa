import { describe, expect, it } from 'vitest'
import { redactSql } from '@howlerops/sync/security'
import { BENIGN, SECRETS } from './corpus/index'
import { measureFinalCheck, measureSanitizer } from './corpusMeasure'

const formats = new Set(SECRETS.map((s) => s.format))
const debug = process.env['CORPUS_DEBUG'] !== undefined
const show = (label: string, items: ReadonlyArray<{ text: string; format?: string }>): void => {
  if (debug && items.length > 0) console.log(`--- ${label} (${items.length})\n${items.slice(0, 60).map((i) => `${i.format ?? ''} | ${JSON.stringify(i.text).slice(0, 220)}`).join('\n')}`)
}

describe(`credential corpus: ${SECRETS.length} secrets in ${formats.size} formats, ${BENIGN.length} benign items`, () => {
  it('is at least 500 secrets in 100 formats and 500 benign items, across SQL, shell, config and chat', () => {
    expect(SECRETS.length).toBeGreaterThanOrEqual(500)
    expect(formats.size).toBeGreaterThanOrEqual(100)
    expect(BENIGN.length).toBeGreaterThanOrEqual(500)
    for (const c of ['sql', 'shell', 'config', 'chat']) expect(SECRETS.some((s) => s.category === c)).toBe(true)
  })

  it('each line of defence on its own: leaks 0, undetected 0, mangled 0, false positives <= 0.5 %', async () => {
    const line1 = measureSanitizer()
    const line2 = await measureFinalCheck()
    const pct = (n: number): string => `${((100 * n) / BENIGN.length).toFixed(2)} %`
    console.info(
      [
        `[security] corpus: ${SECRETS.length} secrets in ${formats.size} formats; ${BENIGN.length} benign items`,
        '| line of defence              | leaks | undetected | mangled | false positives |',
        '|------------------------------|------:|-----------:|--------:|----------------:|',
        `| 1 sanitizer (structure)      | ${line1.leaks.length} | ${line1.undetected.length} | ${line1.mangled.length} | ${line1.falsePositives.length} (${pct(line1.falsePositives.length)}) |`,
        `| 2 final check (format+entropy)| ${line2.leaks.length} | ${line2.undetected.length} | - | ${line2.falsePositives.length} (${pct(line2.falsePositives.length)}) |`,
        `| 2 after 1 (redacted text blocked) | | | | ${line2.blockedAfterRedaction.length} |`,
      ].join('\n'),
    )
    show('line 1 leaks', line1.leaks)
    show('line 1 undetected', line1.undetected)
    show('line 1 mangled', line1.mangled.map((s) => ({ format: s.format, text: redactSql(s.text) })))
    show('line 1 false positives', line1.falsePositives)
    show('line 2 undetected', line2.undetected)
    show('line 2 false positives', line2.falsePositives)
    show('line 2 blocks redacted', line2.blockedAfterRedaction)
    expect(line1.leaks.map((s) => s.format)).toEqual([])
    expect(line1.undetected.map((s) => s.format)).toEqual([])
    expect(line1.mangled.map((s) => s.format)).toEqual([])
    expect(line1.falsePositives.length / BENIGN.length).toBeLessThanOrEqual(0.005)
    expect(line2.undetected.map((s) => s.format)).toEqual([])
    expect(line2.falsePositives.length / BENIGN.length).toBeLessThanOrEqual(0.005)
    expect(line2.blockedAfterRedaction.map((s) => s.format)).toEqual([])
  }, 120_000)
})
