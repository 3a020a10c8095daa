/** Large benign pastes: result dumps, batch inserts, schema dumps, long logs and documents (20 kB to 300 kB). */
import { database, host, user } from './values'
import { ALNUM, base64Bytes, HEX, LOWER, uuid, type Rng } from './rng'
import type { BenignClass } from './types'

const FIRST = ['Ana', 'Björn', 'Chen', 'Dmitri', 'Elif', 'Fatima', 'Goran', 'Hana', 'Ines', 'Jamal', 'Kenji', 'Lena', 'Mateo', 'Nia', 'Oskar', 'Priya']
const LAST = ['Silva', 'Novak', 'Wang', 'Ivanov', 'Yilmaz', 'Haddad', 'Horvat', 'Sato', 'García', 'Okafor', 'Tanaka', 'Müller', 'Rossi', 'Kim']

const rows = (r: Rng, n: number, row: (i: number) => string): string => Array.from({ length: n }, (_, i) => row(i)).join('\n')

export const largeBenignClasses: readonly BenignClass[] = [
  {
    name: 'large-pastes',
    templates: [
      (r) => `id,first_name,last_name,email,plan,mrr_cents,signup_at,last_seen_ip\n` + rows(r, 1500, (i) => `${i + 1},${r.pick(FIRST)},${r.pick(LAST)},${r.chars(LOWER, 6)}${i}@example.com,${r.pick(['free', 'pro', 'team'])},${r.int(0, 99900)},2026-${String(r.int(1, 11)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}T${String(r.int(0, 23)).padStart(2, '0')}:00:00Z,${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`),
      (r) => `INSERT INTO events (id, tenant_id, kind, payload, created_at) VALUES\n` + rows(r, 1200, () => `('${uuid(r)}', ${r.int(1, 50)}, '${r.pick(['login', 'logout', 'password_reset_requested', 'api_key_created', 'query_run'])}', '{"ms":${r.int(1, 9000)},"rows":${r.int(0, 100000)}}', '2026-11-${String(r.int(1, 30)).padStart(2, '0')} 10:00:00'),`) + `\n('${uuid(r)}', 1, 'login', '{}', now());`,
      (r) => rows(r, 2500, (i) => `2026-12-01T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.${r.int(100, 999)}Z ${r.pick(['INFO ', 'DEBUG', 'WARN '])} [${r.pick(['http', 'db', 'auth', 'sync'])}] req=${r.chars(HEX, 16)} ${r.pick(['GET /api/orders 200', 'token refreshed for session', 'pool acquired connection', 'cache miss key=user:' + r.int(1, 9999), 'password reset email queued', 'slow query 1203ms'])}`),
      (r) => `--\n-- PostgreSQL database dump\n--\nSET statement_timeout = 0;\nSET client_encoding = 'UTF8';\n\n` + rows(r, 220, (i) => `CREATE TABLE public.t_${i}_${r.chars(LOWER, 5)} (\n    id bigint NOT NULL,\n    ${r.pick(['password_hash text', 'api_key_prefix varchar(8)', 'secret_ref text', 'token_expires_at timestamptz', 'name text NOT NULL'])},\n    created_at timestamptz DEFAULT now()\n);\nALTER TABLE ONLY public.t_${i} ADD CONSTRAINT t_${i}_pkey PRIMARY KEY (id);\n`),
      (r) => rows(r, 160, (i) => `## ${i + 1}. ${r.pick(['Connecting to Postgres', 'Rotating passwords', 'Using IAM auth', 'Secrets in CI', 'API tokens', 'SSH tunnels'])}\n\n${r.pick(FIRST)} asked how the connection dialog stores credentials. The password is kept in the operating system keychain and only a reference such as \`keychain://${database(r)}/${user(r)}\` is saved with the template for ${host(r)}. Tokens are short-lived (${r.int(5, 60)} minutes) and refreshed by the app.\n`),
      (r) => JSON.stringify({ rows: Array.from({ length: 900 }, () => ({ id: uuid(r), name: `${r.pick(FIRST)} ${r.pick(LAST)}`, score: r.int(0, 1000) / 10, tags: [r.pick(['vip', 'trial', 'churned', 'eu'])], avatar: `https://cdn.acme.io/a/${r.chars(HEX, 32)}.png` })) }),
      (r) => `Chat transcript\n` + rows(r, 400, (i) => `${i % 2 === 0 ? 'user' : 'assistant'}: ${r.pick(['Why is this query slow?', 'Add an index on (tenant_id, created_at).', 'How do I avoid storing the password in the connection template?', 'Use the keychain option; the template keeps only host, database and username.', 'Can you explain window functions?', 'Sure: ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY ts).'])}`),
      (r) => `bundle.js\n` + rows(r, 300, () => `var ${r.chars(LOWER, 2)}=function(${r.chars(LOWER, 1)}){return "/assets/chunk-${r.chars(HEX, 8)}.js?v="+${r.int(0, 999)}};`) + `\n//# sourceMappingURL=data:application/json;base64,${base64Bytes(r, 6000)}`,
    ],
  },
]
