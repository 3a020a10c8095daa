// The final check reads the column a value is bound to: in a host-like column, a scheme-less `user:password@host`
// is a login, in both shapes a record travels in (a row of a bulk JSON argument, or a Hrana named argument).
import { describe, expect, it } from 'vitest'
import { checkRequestBody } from '@howlerops/sync/security'

const bulk = (column: string, value: string): string =>
  JSON.stringify({ requests: [{ type: 'execute', stmt: { sql: 'x', named_args: [{ name: 'records', value: { type: 'text', value: JSON.stringify([{ id: 'c1', [column]: value }]) } }] } }] })
const named = (column: string, value: string): string =>
  JSON.stringify({ requests: [{ type: 'execute', stmt: { sql: 'x', named_args: [{ name: column, value: { type: 'text', value } }] } }] })

describe('logins in host fields', () => {
  it.each([
    ['c_host', 'u:hunter2@db'],
    ['host', 'admin:S3cr3t!@10.0.0.5:5432'],
    ['c_server', 'sa:pw@sqlserver.internal'],
    ['endpoint', 'redis default:r3d1s@cache:6379'],
  ])('%s = %s is blocked in both shapes', async (column, value) => {
    // Other rules may find the same login too (a bare `user:password@host` anywhere): at least the host rule fires.
    expect(await checkRequestBody(bulk(column, value))).toContainEqual(expect.objectContaining({ kind: 'uri-credentials' }))
    expect(await checkRequestBody(named(column, value))).toContainEqual(expect.objectContaining({ kind: 'uri-credentials' }))
  })

  it.each([
    ['c_host', 'db.internal:5432'],
    ['c_host', 'me@db.internal'],
    ['c_host', '[::1]:5432'],
    ['c_host', 'postgres://admin:[REDACTED]@db:5432/app'],
    ['c_host', 'u:${DB_PASSWORD}@db'],
    ['c_host', 'db:5432/app@v2'],
  ])('%s = %s passes', async (column, value) => {
    expect(await checkRequestBody(bulk(column, value))).toEqual([])
    expect(await checkRequestBody(named(column, value))).toEqual([])
  })
})
