/**
 * The fresh3 corpus: written from the detector's spec alone (see README.md), measured through the public
 * `/security` subpath. This file asserts that the corpus is well formed and that the figures are computed; it does
 * not assert thresholds. To gate on one, add a line to the last test, e.g.
 * `expect(figures.endToEnd.secretLeak.rate).toBeLessThanOrEqual(0.02)`.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { buildCorpus, FRESH3_SEED, type Corpus } from './corpus'
import { measureCorpus, type Figures, type Measurement } from './measure'
import { formatFailures, formatTable } from './report'
import { JSON_SINKS } from './types'

const corpus: Corpus = buildCorpus(FRESH3_SEED)
const fingerprint = (c: Corpus): string => createHash('sha256').update(JSON.stringify(c)).digest('hex')

describe('fresh3 corpus', () => {
  it('has at least 400 secrets and 400 benign items, with unique ids', () => {
    expect(corpus.secrets.length).toBeGreaterThanOrEqual(400)
    expect(corpus.benign.length).toBeGreaterThanOrEqual(400)
    const ids = [...corpus.secrets.map((s) => `s:${s.id}`), ...corpus.benign.map((b) => `b:${b.id}`)]
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('spreads over many classes, none above 8 % of the total', () => {
    const total = corpus.secrets.length + corpus.benign.length
    const sizes = new Map<string, number>()
    for (const item of [...corpus.secrets, ...corpus.benign]) sizes.set(item.class, (sizes.get(item.class) ?? 0) + 1)
    expect(new Set(corpus.secrets.map((s) => s.class)).size).toBeGreaterThanOrEqual(25)
    expect(new Set(corpus.benign.map((b) => b.class)).size).toBeGreaterThanOrEqual(25)
    for (const [name, size] of sizes) expect(size / total, name).toBeLessThanOrEqual(0.08)
  })

  it('gives every secret needles that occur in its text and are long enough to mean something', () => {
    for (const s of corpus.secrets) {
      expect(s.needles.length, s.id).toBeGreaterThan(0)
      for (const n of s.needles) {
        expect(n.length, `${s.id}: ${n}`).toBeGreaterThanOrEqual(8)
        expect(s.text.includes(n), s.id).toBe(true)
      }
    }
  })

  it('is deterministic for a seed and different for another seed', () => {
    expect(fingerprint(buildCorpus(FRESH3_SEED))).toBe(fingerprint(corpus))
    expect(fingerprint(buildCorpus(FRESH3_SEED + 1))).not.toBe(fingerprint(corpus))
  })

  it('writes texts into every kind of record field, JSON columns as JSON objects', () => {
    const sinks = new Set([...corpus.secrets, ...corpus.benign].map((i) => i.sink))
    for (const s of ['query_history.query_text', 'saved_queries.query_text', 'saved_queries.description', 'connection_templates.parameters', 'connection_templates.ssh_tunnel', 'connection_templates.host', 'ai_memory_messages.content', 'user_preferences.value'] as const) expect(sinks.has(s), s).toBe(true)
    for (const item of [...corpus.secrets, ...corpus.benign]) {
      if (JSON_SINKS.includes(item.sink)) expect(typeof JSON.parse(item.text), item.id).toBe('object')
    }
  })

  it('includes very large texts', () => {
    expect(corpus.benign.filter((b) => b.text.length > 100_000).length).toBeGreaterThanOrEqual(3)
  })
})

describe('fresh3 measurement (figures only, no thresholds)', () => {
  let measurement: Measurement
  let figures: Figures

  beforeAll(async () => {
    measurement = await measureCorpus(corpus)
    figures = measurement.figures
    console.log(`fresh3 corpus (seed 0x${FRESH3_SEED.toString(16)}): ${corpus.secrets.length} secrets, ${corpus.benign.length} benign\n${formatTable(measurement)}\n\nfailing items:\n${formatFailures(measurement)}`)
    // The full listing, for a person reading locally: FRESH3_FAILURES=/tmp/fresh3.txt npx vitest run … fresh.test.ts
    const out = process.env.FRESH3_FAILURES
    if (out) writeFileSync(out, formatFailures(measurement, Number.MAX_SAFE_INTEGER) + '\n')
  }, 55_000)

  it('computes every figure over the whole corpus', () => {
    for (const [a, b] of [
      [figures.line1.secretLeak, figures.line1.benignAltered],
      [figures.line2.secretUndetected, figures.line2.benignBlocked],
      [figures.endToEnd.secretLeak, figures.endToEnd.benignDamaged],
    ] as const) {
      expect(a.total).toBe(corpus.secrets.length)
      expect(b.total).toBe(corpus.benign.length)
      for (const r of [a, b]) expect(r.rate).toBeCloseTo(r.failed / r.total, 12)
    }
    expect(measurement.outcomes).toHaveLength(corpus.secrets.length + corpus.benign.length)
    // Thresholds go here, one line each, once the lead has decided them.
  })
})
