/** Large pasted material without credentials: exports, dumps, logs, transcripts, bundles. One item per template. */
import type { BenignClass } from './types'
import type { Rng } from './rng'
import { alnum, db, hex, person, time, user, uuid, b64bytes } from './values'

const until = (limit: number, line: (i: number) => string): string => {
  const out: string[] = []
  let size = 0
  for (let i = 0; size < limit; i++) {
    const l = line(i)
    out.push(l)
    size += l.length + 1
  }
  return out.join('\n')
}
const city = (r: Rng): string => r.pick(['Lagos', 'Osaka', 'Lyon', 'Porto', 'Tallinn', 'Quito', 'Pune', 'Gdańsk', 'Bergen', 'Hobart'])

export const largeBenignClasses: readonly BenignClass[] = [
  {
    name: 'large-pastes',
    sinks: ['ai_memory_messages.content', 'query_history.query_text', 'saved_queries.query_text'],
    templates: [
      (r) => `id,customer_id,email,city,total,created_at,request_id\n` + until(150_000, (i) => `${i + 1},${r.between(1, 99999)},${person(r)}${i}@example.org,${city(r)},${r.between(100, 99999) / 100},${time(r)},${uuid(r)}`),
      (r) => `INSERT INTO events (id, kind, payload, created_at) VALUES\n` + until(120_000, (i) => `  (${i + 1}, '${r.pick(['login', 'logout', 'password_reset_requested', 'token_refreshed', 'query_run'])}', '{"ip":"10.0.${r.int(255)}.${r.int(255)}","ua":"studio/3.${r.int(9)}"}', '${time(r)}'),`) + `\n  (0, 'end', '{}', now());`,
      (r) => until(200_000, () => `10.0.${r.int(255)}.${r.int(255)} - - [07/Dec/2026:10:${String(r.int(60)).padStart(2, '0')}:${String(r.int(60)).padStart(2, '0')} +0000] "${r.pick(['GET', 'POST'])} /api/${r.pick(['rows', 'queries', 'login', 'session', 'export'])}?page=${r.int(50)} HTTP/1.1" ${r.pick([200, 200, 200, 401, 404, 500])} ${r.between(100, 90000)} "-" "Mozilla/5.0" rt=${r.between(1, 900) / 1000} req=${hex(r, 16)}`),
      (r) => `-- PostgreSQL database dump\nSET statement_timeout = 0;\n` + until(110_000, (i) => `CREATE TABLE public.t_${i} (\n    id bigint NOT NULL,\n    ${r.pick(['password_hash text', 'api_key_id uuid', 'token_expires_at timestamptz', 'name text'])},\n    created_at timestamp with time zone DEFAULT now()\n);\nALTER TABLE ONLY public.t_${i} ADD CONSTRAINT t_${i}_pkey PRIMARY KEY (id);`),
      (r) => JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ id: i, user: user(r), session: uuid(r), tokens_used: r.between(10, 9000), model: r.pick(['gpt-4.1', 'claude-sonnet-4']), etag: hex(r, 32) })), null, 1),
      (r) => until(40_000, (i) => (i % 2 === 0 ? `User: how do I ${r.pick(['rotate the api key', 'reset a forgotten password', 'speed up this join', 'partition the events table'])} for ${db(r)}?` : `Assistant: Store the secret in your vault and reference it as \${${db(r).toUpperCase()}_PASSWORD}; never paste the value here. Then run EXPLAIN ANALYZE to check the plan.`)),
      (r) => `!function(e,t){"object"==typeof exports?module.exports=t():e.lib=t()}(this,function(){` + until(130_000, (i) => `var a${i}="${alnum(r, 12)}",k${i}=function(t){return t.token?t.token.length:${r.int(99)}};`) + `});\n//# sourceMappingURL=data:application/json;base64,${b64bytes(r, 3000)}`,
      (r) => `# Runbook: database credentials\n\n` + until(30_000, (i) => `${i + 1}. ${r.pick(['Never paste a password into chat; use the vault link.', 'Rotate API keys every 90 days.', 'Use ${DB_PASSWORD} in configs, not the value.', 'The password column holds bcrypt hashes only.', 'Request access with `vault read database/creds/readonly`.'])}`),
    ],
  },
]
