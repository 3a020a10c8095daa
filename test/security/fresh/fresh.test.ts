import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { BENIGN_CLASSES, FRESH_SEED, SECRET_CLASSES, buildCorpus, type FreshCorpus } from './corpus'
import { formatFailures, formatFigures, measure, type FreshFigures } from './measure'

/**
 * The fresh corpus, written from the spec alone (README). This file checks that the corpus is well formed and prints
 * the detector's figures; it asserts no threshold. To gate on one, add a line to the last test, e.g.
 * `expect(figures.secrets.rates.endToEnd).toBeLessThanOrEqual(0.02)`.
 */
describe('fresh secret/benign corpus', () => {
  let corpus: FreshCorpus
  let figures: FreshFigures

  beforeAll(async () => {
    corpus = buildCorpus(FRESH_SEED)
    figures = await measure(corpus)
    const listing = join(tmpdir(), `fresh-corpus-failures-${FRESH_SEED}.txt`)
    writeFileSync(listing, figures.failures.join('\n') + '\n')
    console.log(`${formatFigures(figures)}\n\n${formatFailures(figures, 40)}\n(full listing: ${listing})`)
  }, 55_000)

  it('has at least 400 secrets and 400 benign items with unique ids', () => {
    expect(corpus.secrets.length).toBeGreaterThanOrEqual(400)
    expect(corpus.benign.length).toBeGreaterThanOrEqual(400)
    const ids = [...corpus.secrets, ...corpus.benign].map((i) => i.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('spreads over many classes, none above 8 % of the whole corpus', () => {
    const total = corpus.secrets.length + corpus.benign.length
    const counts = new Map<string, number>()
    for (const item of [...corpus.secrets, ...corpus.benign]) counts.set(item.class, (counts.get(item.class) ?? 0) + 1)
    expect(SECRET_CLASSES.length).toBeGreaterThanOrEqual(20)
    expect(BENIGN_CLASSES.length).toBeGreaterThanOrEqual(20)
    for (const [cls, n] of counts) expect(n / total, cls).toBeLessThanOrEqual(0.08)
  })

  it('every secret names needles that occur in its text, and every template is used', () => {
    for (const s of corpus.secrets) {
      expect(s.needles.length, s.id).toBeGreaterThan(0)
      for (const needle of s.needles) {
        expect(needle.length, `${s.id}: ${needle}`).toBeGreaterThanOrEqual(6)
        expect(s.text.includes(needle), `${s.id}: ${needle}`).toBe(true)
      }
    }
    for (const cls of SECRET_CLASSES) expect(corpus.secrets.filter((s) => s.class === cls.name).length).toBeGreaterThanOrEqual(cls.templates.length)
    for (const cls of BENIGN_CLASSES) expect(corpus.benign.filter((b) => b.class === cls.name).length).toBeGreaterThanOrEqual(cls.templates.length)
  })

  it('benign texts are non-empty and include very large ones', () => {
    for (const b of corpus.benign) expect(b.text.length, b.id).toBeGreaterThan(0)
    expect(Math.max(...corpus.benign.map((b) => b.text.length))).toBeGreaterThan(50_000)
  })

  it('is deterministic for a seed and changes with it', () => {
    expect(buildCorpus(FRESH_SEED)).toEqual(corpus)
    const other = buildCorpus(FRESH_SEED + 1)
    expect(other.secrets.map((s) => s.id)).toEqual(corpus.secrets.map((s) => s.id))
    expect(other.secrets.filter((s, i) => s.text !== corpus.secrets[i]?.text).length).toBeGreaterThan(corpus.secrets.length * 0.9)
  })

  it('computes the figures for every item', () => {
    expect(figures.secrets.n).toBe(corpus.secrets.length)
    expect(figures.benign.n).toBe(corpus.benign.length)
    for (const side of [figures.secrets, figures.benign]) {
      for (const rate of Object.values(side.rates)) expect(rate >= 0 && rate <= 1).toBe(true)
      expect(side.endToEnd).toBeLessThanOrEqual(side.n)
    }
  })
})
