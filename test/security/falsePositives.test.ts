import { afterAll, describe, expect, it } from 'vitest'
import { findCredentials, redactSql } from '../../src/security'
import { ORDINARY_SQL } from './fixtures/ordinary-sql'

const falsePositives = new Set<string>()

describe(`false positives on ${ORDINARY_SQL.length} ordinary SQL statements`, () => {
  it('has a corpus of at least 200 statements', () => {
    expect(ORDINARY_SQL.length).toBeGreaterThanOrEqual(200)
  })

  it.each(ORDINARY_SQL)('%s', (sql) => {
    const unchanged = redactSql(sql) === sql
    const clean = findCredentials(sql).length === 0
    if (!unchanged || !clean) falsePositives.add(sql)
    expect(redactSql(sql)).toBe(sql)
    expect(findCredentials(sql)).toEqual([])
  })

  it('false-positive rate is at most 1%', () => {
    const rate = falsePositives.size / ORDINARY_SQL.length
    expect(rate).toBeLessThanOrEqual(0.01)
  })

  afterAll(() => {
    const rate = (100 * falsePositives.size) / ORDINARY_SQL.length
    console.info(`[security] false positives: ${falsePositives.size}/${ORDINARY_SQL.length} (${rate.toFixed(2)}%)`)
  })
})
