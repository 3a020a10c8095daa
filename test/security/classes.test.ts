// Classes of text the detector must judge right in unsealed mode (issue 25, part 6), each generated from a seeded
// generator with many variants (names, quoting, spacing, languages): credentials that must be found by both lines
// on their own, and ordinary text near the boundary that neither line may touch.
import { describe, expect, it } from 'vitest'
import { checkRequestBody, findCredentials, redactSql, sanitizeRecord } from '@howlerops/sync/security'
import { createRandom } from './corpus/random'
import { hranaBody } from './corpusMeasure'
import { BENIGN_CLASSES } from './classes/benign'
import { HOST_FIELD, LEAK_CLASSES } from './classes/leaks'
import type { TextClass } from './classes/types'
import { LINE1_LEAKS, LINE2_LEAKS, NEAR_MISSES } from './classes/byLine'

const VARIANTS = 60
const variants = <T>(cls: TextClass<T>, seed: number): T[] => {
  const r = createRandom(seed)
  return Array.from({ length: VARIANTS }, () => cls.build(r))
}
const blocked = async (text: string): Promise<boolean> => (await checkRequestBody(hranaBody(text))).length > 0
const rows: string[] = []

describe(`credential classes, ${VARIANTS} generated variants each`, () => {
  it.each(LEAK_CLASSES.map((c, i) => [c.name, c, i] as const))('%s: line 1 redacts every variant, line 2 blocks it alone', async (name, cls, i) => {
    const leaks: string[] = []
    const undetected: string[] = []
    const unblocked: string[] = []
    for (const item of variants(cls, 2500 + i)) {
      const redacted = redactSql(item.text)
      if (item.needles.some((n) => redacted.includes(n)) || findCredentials(redacted).length > 0) leaks.push(item.text)
      if (findCredentials(item.text).length === 0) undetected.push(item.text)
      if (!(await blocked(item.text))) unblocked.push(item.text)
    }
    rows.push(`| ${name} | ${leaks.length} | ${undetected.length} | ${unblocked.length} |`)
    expect({ leaks, undetected, unblocked }).toEqual({ leaks: [], undetected: [], unblocked: [] })
  })

  it.each(BENIGN_CLASSES.map((c, i) => [c.name, c, i] as const))('%s: neither line alters or blocks a variant', async (name, cls, i) => {
    const altered: string[] = []
    const blockedItems: string[] = []
    for (const text of variants(cls, 3500 + i)) {
      if (redactSql(text) !== text || findCredentials(text).length > 0) altered.push(text)
      if (await blocked(text)) blockedItems.push(text)
    }
    rows.push(`| ${name} (benign) | ${altered.length} altered | | ${blockedItems.length} blocked |`)
    expect({ altered, blocked: blockedItems }).toEqual({ altered: [], blocked: [] })
  })

  // Classes found by measuring the fresh corpora: each has its rule in one line, and a near-miss class beside it.
  it.each(LINE1_LEAKS.map((c, i) => [c.name, c, i] as const))('%s: line 1 redacts every variant; nothing leaks end to end', async (name, cls, i) => {
    const leaks: string[] = []
    for (const item of variants(cls, 5500 + i)) {
      const redacted = redactSql(item.text)
      if (item.needles.some((n) => redacted.includes(n)) || findCredentials(redacted).length > 0) leaks.push(item.text)
    }
    rows.push(`| ${name} | ${leaks.length} | | |`)
    expect(leaks).toEqual([])
  })

  it.each(LINE2_LEAKS.map((c, i) => [c.name, c, i] as const))('%s: line 2 blocks every variant on its own; nothing leaks end to end', async (name, cls, i) => {
    const unblocked: string[] = []
    const leaked: string[] = []
    for (const item of variants(cls, 6500 + i)) {
      if (!(await blocked(item.text))) unblocked.push(item.text)
      const redacted = redactSql(item.text)
      if (item.needles.some((n) => redacted.includes(n)) && !(await blocked(redacted))) leaked.push(item.text)
    }
    rows.push(`| ${name} | | | ${unblocked.length} |`)
    expect({ unblocked, leaked }).toEqual({ unblocked: [], leaked: [] })
  })

  it.each(NEAR_MISSES.map((c, i) => [c.name, c, i] as const))('%s (near miss): neither line alters or blocks a variant', async (name, cls, i) => {
    const altered: string[] = []
    const blockedItems: string[] = []
    for (const text of variants(cls, 7500 + i)) {
      if (redactSql(text) !== text || findCredentials(text).length > 0) altered.push(text)
      if (await blocked(text)) blockedItems.push(text)
    }
    rows.push(`| ${name} (benign) | ${altered.length} altered | | ${blockedItems.length} blocked |`)
    expect({ altered, blocked: blockedItems }).toEqual({ altered: [], blocked: [] })
  })

  it('a user:password@host typed into connection_templates.host is redacted in the record, the host kept', () => {
    for (const item of variants(HOST_FIELD, 4500)) {
      const row = sanitizeRecord('connection_templates', { connection_id: 'c1', name: 'prod', host: item.text, port: 5432 })
      for (const n of item.needles) expect(JSON.stringify(row)).not.toContain(n)
      expect(row.host).toMatch(/@[\w.-]+(?::\d+)?$/)
    }
    console.info(['[security] classes (line 1 leaks | line 1 undetected | line 2 unblocked):', ...rows].join('\n'))
  })
})
