import { describe, expect, it } from 'vitest'
import { REDACTED, findCredentials, isCredentialName, isSecretKey, sanitizeRecord } from '../../src/security'
import { deepFreeze } from './fixtures/records'

const template = () =>
  deepFreeze({
    connection_id: 'c1',
    name: 'Prod',
    type: 'postgres',
    host: 'db.example.com',
    username: 'app',
    parameters: {
      password: 'hunter2',
      sslmode: 'require',
      sslkey: '/home/app/client.key',
      sslKey: 'inline',
      keyspace: 'main',
      primary_key_column: 'id',
      key: 'k1',
      options: [{ apiKey: 'x1', name: 'a' }, { sessionId: 's1', cookie: 'c=1', sid: 'abc' }],
      dsn: 'postgres://app:p@ss/w0rd@db.example.com:5432/app',
      odbc: 'Driver={x};Uid=app;Pwd=s3cret;',
    },
    ssh_tunnel: { host: 'bastion', user: 'ops', password: 'pw1', privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nAAA\n-----END OPENSSH PRIVATE KEY-----', passphrase: 'pp' },
    tags: ['prod'],
    hlc: '000001',
    user_id: 'u1',
  })

describe('sanitizeRecord: connection_templates', () => {
  it('removes secret parameters at any depth and keeps false friends', () => {
    const out = sanitizeRecord('connection_templates', template())
    expect(out.parameters).toEqual({
      sslmode: 'require',
      keyspace: 'main',
      primary_key_column: 'id',
      options: [{ name: 'a' }, {}],
      dsn: `postgres://app:${REDACTED}@db.example.com:5432/app`,
      odbc: `Driver={x};Uid=app;Pwd=${REDACTED};`,
    })
    expect(out.ssh_tunnel).toEqual({ host: 'bastion', user: 'ops' })
    expect(findCredentials(out)).toEqual([])
  })

  it('never mutates the (deep-frozen) input and shares unchanged branches', () => {
    const input = template()
    const before = JSON.stringify(input)
    const out = sanitizeRecord('connection_templates', input)
    expect(JSON.stringify(input)).toBe(before)
    expect(out).not.toBe(input)
    expect(out.tags).toBe(input.tags)
  })

  it('returns the same object when nothing needs sanitizing', () => {
    const clean = deepFreeze({ connection_id: 'c', name: 'x', type: 'sqlite', parameters: { mode: 'ro' } })
    expect(sanitizeRecord('connection_templates', clean)).toBe(clean)
  })

  it('honours extraSecretKeys and allowKeys', () => {
    const rec = deepFreeze({ connection_id: 'c', parameters: { vaultRef: 'v', db_vault_ref: 'w', sid: 'ORCL' } })
    const out = sanitizeRecord('connection_templates', rec, { extraSecretKeys: ['vault_ref'], allowKeys: ['sid'] })
    expect(out.parameters).toEqual({ sid: 'ORCL' })
  })

  it('sanitizes JSON columns held as JSON text, and keeps the text when nothing changed', () => {
    const rec = deepFreeze({ connection_id: 'c', parameters: '{"password":"x1","port":5432}', tags: '["a"]' })
    const out = sanitizeRecord('connection_templates', rec)
    expect(out.parameters).toBe('{"port":5432}')
    expect(out.tags).toBe(rec.tags)
  })
})

describe('sanitizeRecord: text columns', () => {
  it('redacts query text and error messages', () => {
    const rec = deepFreeze({
      id: 'q1',
      query_text: "ALTER ROLE app PASSWORD 'hunter2'",
      error_message: 'could not connect to postgres://app:pw1@db/app',
      status: 'error',
      privacy_mode: 'normal',
    })
    const out = sanitizeRecord('query_history', rec)
    expect(out.query_text).toBe(`ALTER ROLE app PASSWORD '${REDACTED}'`)
    expect(out.error_message).toBe(`could not connect to postgres://app:${REDACTED}@db/app`)
    expect(out.status).toBe('error')
  })

  it('redacts AI content and session summaries, and keeps ids and session_id', () => {
    const msg = deepFreeze({ id: 'm1', session_id: 's1', content: 'my key is sk-ant-api03-aaaaaaaaaaaaaaaaaaaaaaaa1', metadata: { token: 't0k3n' } })
    const out = sanitizeRecord('ai_memory_messages', msg)
    expect(out).toEqual({ id: 'm1', session_id: 's1', content: `my key is ${REDACTED}`, metadata: {} })
  })

  it('never rewrites key or sync columns (a secret there is left for findCredentials to quarantine)', () => {
    const rec = deepFreeze({ id: 'ghp_' + 'a1'.repeat(18), hlc: 'x', query_text: 'SELECT 1' })
    const out = sanitizeRecord('saved_queries', rec)
    expect(out).toBe(rec)
    expect(findCredentials(out).map((f) => f.path)).toEqual(['id'])
  })

  it('redacts a user preference whose key names a credential', () => {
    const pref = deepFreeze({ id: 'p1', key: 'openai.apiKey', value: 'abc123' })
    expect(sanitizeRecord('user_preferences', pref).value).toBe(REDACTED)
    const plain = deepFreeze({ id: 'p2', key: 'editor.theme', value: 'dark' })
    expect(sanitizeRecord('user_preferences', plain)).toBe(plain)
  })

  it('sanitizes conflict-archive snapshots with the rules of their entity type', () => {
    const rec = deepFreeze({
      id: 'a1',
      entity_type: 'connection_templates',
      local_snapshot: { connection_id: 'c', parameters: { key: 'k', host: 'h' } },
      remote_snapshot: JSON.stringify({ connection_id: 'c', parameters: { password: 'p1' } }),
    })
    const out = sanitizeRecord('sync_conflicts_archive', rec)
    expect(out.local_snapshot).toEqual({ connection_id: 'c', parameters: { host: 'h' } })
    expect(out.remote_snapshot).toBe('{"connection_id":"c","parameters":{}}')
  })
})

describe('secret-key matchers', () => {
  it.each(['password', 'db_password', 'PGPASSWORD', 'passwd', 'pwd', 'secret', 'client_secret', 'token', 'access_token',
    'api_key', 'apiKey', 'APIKey', 'private_key', 'privateKey', 'sslkey', 'sslKey', 'ssl_key', 'passphrase',
    'aws_secret_access_key', 'password_confirmation', 'x-api-key'])('%s is a credential name', (name) => {
    expect(isCredentialName(name)).toBe(true)
    expect(isSecretKey(name)).toBe(true)
  })
  it.each(['key', 'session_id', 'sessionId', 'sid', 'cookie', 'cookies', 'certificate', 'sslcert'])(
    '%s is a secret key for connection templates only',
    (name) => {
      expect(isCredentialName(name)).toBe(false)
      expect(isSecretKey(name)).toBe(true)
    },
  )
  it.each(['keyspace', 'primary_key_column', 'primary_key', 'public_key', 'sort_key', 'monkey', 'hotkey', 'token_count',
    'token_type', 'max_tokens', 'eos_token', 'password_hash', 'password_changed_at', 'sslkey_file', 'api_key_id', 'name'])(
    '%s is not a secret',
    (name) => {
      expect(isSecretKey(name)).toBe(false)
    },
  )
})
