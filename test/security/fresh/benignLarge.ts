import { ALPHA, randomB64, type Rng } from './rng'
import { WORDS, alnum, dbName, hex, user } from './values'
import type { BenignClass } from './types'

const lines = (r: Rng, targetChars: number, line: (r: Rng, i: number) => string): string => {
  const out: string[] = []
  let size = 0
  for (let i = 0; size < targetChars; i++) {
    const l = line(r, i)
    out.push(l)
    size += l.length + 1
  }
  return out.join('\n')
}
const size = (r: Rng): number => r.int(20_000, 120_000)

/** Very large pastes: logs, exports, migrations, bundles and transcripts of tens of kilobytes. */
export const largeBenignClasses: BenignClass[] = [
  {
    name: 'large-texts',
    templates: [
      (r) => lines(r, size(r), (r, i) => `2026-12-07T02:${String(i % 60).padStart(2, '0')}:00Z ${r.pick(['INFO', 'DEBUG', 'WARN'])} req=${hex(r, 16)} user=${user(r)} path=/api/${r.pick(WORDS)} status=${r.pick([200, 201, 401, 403, 500])} auth=${r.pick(['password', 'token', 'sso'])} dur=${r.int(1, 999)}ms`),
      (r) => 'id,sku,name,warehouse,qty,updated_at\n' + lines(r, size(r), (r, i) => `${i},${r.chars(ALPHA.UPPER + ALPHA.DIGITS, 12)},${r.pick(WORDS)} ${r.pick(WORDS)},${dbName(r)},${r.int(0, 999)},2026-11-${String(r.int(1, 28)).padStart(2, '0')}`),
      (r) => `-- migration ${r.int(100, 999)}\nBEGIN;\n` + lines(r, size(r), (r, i) => `INSERT INTO audit_log (id, actor, action, target, at) VALUES (${i}, '${user(r)}', '${r.pick(['password.changed', 'token.created', 'token.revoked', 'login.failed', 'role.granted'])}', '${hex(r, 24)}', '2026-10-0${r.int(1, 9)}');`) + '\nCOMMIT;',
      (r) => '[' + lines(r, size(r), (r, i) => `{"id":${i},"uuid":"${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}","title":"${r.pick(WORDS)} ${r.pick(WORDS)}","checksum":"${hex(r, 64)}","tags":["${r.pick(WORDS)}"]},`) + '{}]',
      (r) => lines(r, size(r), (r) => `var ${alnum(r, 2)}=function(${alnum(r, 1)},${alnum(r, 1)}){return ${alnum(r, 1)}.${r.pick(['map', 'filter', 'reduce'])}(function(${alnum(r, 1)}){return ${alnum(r, 1)}["${r.pick(WORDS)}"]||"${hex(r, 8)}"})};`),
      (r) => lines(r, size(r), (r, i) => (i % 2 === 0 ? `user: ${Array.from({ length: r.int(5, 25) }, () => r.pick(WORDS)).join(' ')}?` : `assistant: Here is a query that does that:\nSELECT ${r.pick(WORDS)}_id, count(*) FROM ${dbName(r)}.${r.pick(WORDS)}s GROUP BY 1 ORDER BY 2 DESC LIMIT ${r.int(5, 50)};\nRemember not to paste passwords; use a placeholder like <password>.`)),
      (r) => lines(r, size(r), (r) => `${hex(r, 8)}: ${randomB64(r, 45)}`),
      (r) => lines(r, size(r), (r, i) => `    at ${r.pick(WORDS)}${r.pick(['Service', 'Repository', 'Controller'])}.${r.pick(['login', 'verifyToken', 'hashPassword', 'refresh'])} (/srv/app/dist/${r.pick(WORDS)}.js:${i + 1}:${r.int(1, 80)})`),
    ],
  },
]
