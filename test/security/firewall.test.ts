import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import {
  CredentialLeakError,
  createFirewallFetch,
  isCredentialLeakError,
  scanRequestBody,
} from '../../src/security'
import { anySecret } from './fixtures/secrets'

const text = (value: string) => ({ type: 'text', value })
const hranaBody = (secretArg: string): string =>
  JSON.stringify({
    baton: null,
    requests: [
      { type: 'execute', stmt: { sql: 'SELECT 1', args: [], want_rows: true } },
      {
        type: 'batch',
        batch: {
          steps: [
            { stmt: { sql: 'BEGIN' } },
            ...[0, 1, 2].map((i) => ({
              condition: { type: 'ok', step: i },
              stmt: {
                sql: 'INSERT INTO query_history (id, query_text, status) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING',
                args: [text(`q${i}`), text('SELECT password FROM users'), text('ok')],
              },
            })),
            {
              condition: { type: 'ok', step: 3 },
              stmt: {
                sql: 'UPDATE connection_templates SET parameters = ? WHERE connection_id = ?',
                args: [{ type: 'integer', value: '1' }, { type: 'blob', base64: 'AAAA' }, text(secretArg)],
                named_args: [{ name: ':key', value: text('editor.theme') }],
              },
            },
            { condition: { type: 'ok', step: 4 }, stmt: { sql: 'COMMIT' } },
          ],
        },
      },
      { type: 'store_sql', sql_id: 1, sql: 'SELECT * FROM sessions WHERE token = ?' },
      { type: 'close' },
    ],
  })

describe('scanRequestBody', () => {
  it('finds the argument path of a credential in a Hrana batch', () => {
    expect(scanRequestBody(hranaBody('{"password":"hunter2"}'))).toEqual([
      { path: 'requests[1].batch.steps[4].stmt.args[2]', kind: 'connection-string' },
    ])
  })

  it('finds credentials in SQL text, store_sql and named args', () => {
    const body = JSON.stringify({
      requests: [
        { type: 'execute', stmt: { sql: "ALTER ROLE x PASSWORD 'p1'", named_args: [{ name: ':a', value: text('AKIAIOSFODNN7EXAMPLE') }] } },
        { type: 'store_sql', sql_id: 2, sql: 'postgres://u:pw1@h/db' },
      ],
    })
    expect(scanRequestBody(body)).toEqual([
      { path: 'requests[0].stmt.sql', kind: 'sql-password' },
      { path: 'requests[0].stmt.named_args[0]', kind: 'aws-access-key' },
      { path: 'requests[1].sql', kind: 'uri-password' },
    ])
  })

  it('passes a clean body, and scans a non-JSON body as text', () => {
    expect(scanRequestBody(hranaBody('{"host":"db"}'))).toEqual([])
    expect(scanRequestBody('password=hunter2')).toEqual([{ path: '', kind: 'connection-string' }])
  })
})

describe('createFirewallFetch', () => {
  const ok = () => vi.fn<typeof fetch>(async () => new Response('{}', { status: 200 }))

  it('passes clean bodies through unchanged', async () => {
    const inner = ok()
    const guarded = createFirewallFetch(inner)
    const init = { method: 'POST', body: hranaBody('{"host":"db"}') }
    await guarded('https://db.example/v3/pipeline', init)
    expect(inner).toHaveBeenCalledWith('https://db.example/v3/pipeline', init)
    await guarded('https://db.example/health')
    expect(inner).toHaveBeenLastCalledWith('https://db.example/health')
  })

  it('blocks a body with a credential: the inner fetch is never called', async () => {
    const inner = ok()
    const onBlocked = vi.fn()
    const guarded = createFirewallFetch(inner, { onBlocked })
    const error = await guarded('https://db.example/v3/pipeline', { method: 'POST', body: hranaBody('pwd=s3cret') }).catch(
      (e: unknown) => e,
    )
    expect(inner).not.toHaveBeenCalled()
    expect(error).toBeInstanceOf(CredentialLeakError)
    expect(isCredentialLeakError(error)).toBe(true)
    const leak = error as CredentialLeakError
    expect(leak.code).toBe('CREDENTIAL_LEAK')
    expect(leak.name).toBe('CredentialLeakError')
    expect(leak.field).toBe('requests[1].batch.steps[4].stmt.args[2]')
    expect(leak.findings).toEqual([{ path: 'requests[1].batch.steps[4].stmt.args[2]', kind: 'connection-string' }])
    expect(onBlocked).toHaveBeenCalledWith(leak.findings, 'https://db.example/v3/pipeline')
  })

  it('scans fetch(Request) bodies and still sends the original request when clean', async () => {
    const inner = ok()
    const guarded = createFirewallFetch(inner)
    const clean = new Request('https://db.example/v3/pipeline', { method: 'POST', body: hranaBody('{}') })
    await guarded(clean)
    expect(inner).toHaveBeenCalledWith(clean)
    const dirty = new Request('https://db.example/v3/pipeline', { method: 'POST', body: hranaBody('ghp_' + 'a1'.repeat(18)) })
    await expect(guarded(dirty)).rejects.toThrow(CredentialLeakError)
    expect(inner).toHaveBeenCalledTimes(1)
  })

  it('lets binary bodies through (documented: Hrana bodies are strings)', async () => {
    const inner = ok()
    await createFirewallFetch(inner)('https://x', { method: 'POST', body: new Uint8Array([1]) })
    expect(inner).toHaveBeenCalledTimes(1)
  })

  it('never puts the secret in the error message, stack or findings', async () => {
    await fc.assert(
      fc.asyncProperty(anySecret, async (secret) => {
        const inner = ok()
        const error = (await createFirewallFetch(inner)('https://x', { method: 'POST', body: hranaBody(secret.text) }).catch(
          (e: unknown) => e,
        )) as CredentialLeakError
        expect(inner).not.toHaveBeenCalled()
        const visible = `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(error)}\n${String(error)}`
        for (const needle of secret.needles) expect(visible.includes(needle)).toBe(false)
      }),
      { numRuns: 300 },
    )
  })
})

describe('CredentialLeakError', () => {
  it('names table, record and field, never the value', () => {
    const e = new CredentialLeakError({ table: 'connection_templates', recordId: 'c1', field: 'parameters.password', kind: 'password-field', cause: new Error('inner') })
    expect(e.message).toContain('connection_templates')
    expect(e.message).toContain('c1')
    expect(e.message).toContain('parameters.password')
    expect(e).toBeInstanceOf(Error)
    expect(e.cause).toBeInstanceOf(Error)
  })

  it('is recognised across realms by its code', () => {
    expect(isCredentialLeakError({ code: 'CREDENTIAL_LEAK' })).toBe(true)
    expect(isCredentialLeakError(new Error('x'))).toBe(false)
    expect(isCredentialLeakError(null)).toBe(false)
  })
})
