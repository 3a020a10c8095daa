import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { REDACTED, findCredentials } from '../../src/security'
import { anySecret } from './fixtures/secrets'

describe('findCredentials', () => {
  it('reports paths and kinds in nested objects and arrays', () => {
    const found = findCredentials({
      parameters: { password: 'hunter2', host: 'h' },
      requests: [{}, {}, { stmt: { args: [{}, {}, {}, { type: 'text', value: 'postgres://u:p1@h/db' }] } }],
      nested: { list: ['x', 'Authorization: Bearer abcdefghij0123456789'] },
      numericPin: { passcode: 1234 },
    })
    expect(found).toEqual([
      { path: 'parameters.password', kind: 'password-field' },
      { path: 'requests[2].stmt.args[3].value', kind: 'uri-password' },
      { path: 'nested.list[1]', kind: 'bearer' },
      { path: 'numericPin.passcode', kind: 'password-field' },
    ])
  })

  it('does not count empty, redacted, masked or placeholder values, booleans or null', () => {
    expect(
      findCredentials({ password: '', token: REDACTED, secret: '********', api_key: '${API_KEY}', pwd: null, client_secret: true }),
    ).toEqual([])
  })

  it.each([
    'SELECT password FROM users',
    'WHERE api_key IS NULL',
    'CREATE TABLE tokens (secret TEXT)',
    `'${REDACTED}'`,
    'password = ?',
    'password = $1',
    'UPDATE t SET password = :password',
    `PASSWORD '${REDACTED}'`,
    `postgres://u:${REDACTED}@h/db`,
  ])('does not trip on %s', (text) => {
    expect(findCredentials(text)).toEqual([])
  })

  it('ignores names legitimately used by synced tables (key, session_id, token_count)', () => {
    expect(findCredentials({ key: 'theme', value: 'dark', session_id: 's1', token_count: 12 })).toEqual([])
  })

  it('never returns the secret, only paths and kinds', () => {
    fc.assert(
      fc.property(anySecret, (secret) => {
        const findings = findCredentials({ note: secret.text, list: [secret.text] })
        expect(findings.length).toBeGreaterThan(0)
        const serialized = JSON.stringify(findings)
        for (const needle of secret.needles) expect(serialized.includes(needle)).toBe(false)
        for (const f of findings) expect(Object.keys(f).sort()).toEqual(['kind', 'path'])
      }),
      { numRuns: 300 },
    )
  })

  it('survives cycles', () => {
    const a: Record<string, unknown> = { password: 'x1' }
    a['self'] = a
    expect(findCredentials(a)).toEqual([{ path: 'password', kind: 'password-field' }])
  })
})
