import { ALPHA, b64, randomB64, wrap, type Rng } from './rng'
import { WORDS, alnum, dbName, hex, user } from './values'
import type { BenignClass } from './types'

const uuid = (r: Rng): string => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-${r.pick(['8', '9', 'a', 'b'])}${hex(r, 3)}-${hex(r, 12)}`
const iso = (r: Rng): string => `2026-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}T${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}Z`

/** High-entropy strings that grant nothing: public keys, digests, identifiers, encoded data. */
export const dataBenignClasses: BenignClass[] = [
  {
    name: 'public-keys-certs',
    templates: [
      (r) => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.chars(ALPHA.B64, 43)} ${user(r)}@laptop`,
      (r) => `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ${randomB64(r, 380)} deploy@ci`,
      (r) => `-----BEGIN PUBLIC KEY-----\n${wrap('MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA' + randomB64(r, 240), 64).join('\n')}\n-----END PUBLIC KEY-----`,
      (r) => `-----BEGIN CERTIFICATE-----\n${wrap('MIID' + randomB64(r, 700), 64).join('\n')}\n-----END CERTIFICATE-----`,
      (r) => `{"kty":"RSA","use":"sig","kid":"${hex(r, 16)}","alg":"RS256","n":"${r.chars(ALPHA.B64URL, 342)}","e":"AQAB"}`,
      (r) => `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n${wrap(randomB64(r, 300), 64).join('\n')}\n-----END PGP PUBLIC KEY BLOCK-----`,
      (r) => `github.com ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB${r.chars(ALPHA.B64, 90)}=`,
      (r) => `[Peer]\nPublicKey = ${randomB64(r, 32)}\nAllowedIPs = 10.8.0.0/24\nEndpoint = vpn.acme.io:51820`,
      (r) => `# public key: age1${r.chars('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 58)}`,
      (r) => `SHA256:${r.chars(ALPHA.B64, 43)} (ED25519) key fingerprint for ${user(r)}@build-${r.int(1, 9)}`,
      (r) => `-----BEGIN CERTIFICATE REQUEST-----\n${wrap('MIIC' + randomB64(r, 500), 64).join('\n')}\n-----END CERTIFICATE REQUEST-----`,
    ],
  },
  {
    name: 'hashes-and-ids',
    templates: [
      (r) => `commit ${hex(r, 40)}\nAuthor: ${user(r)} <${user(r)}@acme.io>\nDate:   Mon Dec 7 ${r.int(10, 23)}:00:00 2026 +0100\n\n    Fix ${r.pick(WORDS)} pagination`,
      (r) => `${hex(r, 64)}  release-${r.int(1, 9)}.${r.int(0, 30)}.tar.gz`,
      (r) => `"integrity": "sha512-${randomB64(r, 64)}"`,
      (r) => `image: ghcr.io/acme/api@sha256:${hex(r, 64)}`,
      (r) => `request_id=${uuid(r)} trace_id=${hex(r, 32)} span_id=${hex(r, 16)}`,
      (r) => `$argon2id$v=19$m=65536,t=3,p=4$${randomB64(r, 16).replace(/=+$/, '')}$${randomB64(r, 32).replace(/=+$/, '')}`,
      (r) => `ETag: "${hex(r, 32)}"\nLast-Modified: Mon, 07 Dec 2026 03:00:00 GMT`,
      (r) => `01J${r.chars('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 23)}`,
      (r) => `md5(${r.pick(WORDS)}.csv) = ${hex(r, 32)}`,
      (r) => `git rebase --onto ${hex(r, 7)} ${hex(r, 7)} feature/${r.pick(WORDS)}`,
      (r) => `{"id":"${uuid(r)}","parent":"${uuid(r)}","checksum":"${hex(r, 64)}"}`,
      (r) => `Bitcoin tx ${hex(r, 64)} to bc1q${r.chars('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 38)}`,
      (r) => `ethereum address 0x${hex(r, 40)} (public, for donations)`,
    ],
  },
  {
    name: 'encoded-data',
    templates: [
      (r) => `<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA${randomB64(r, 400)}" alt="chart">`,
      (r) => `payload: ${b64(JSON.stringify({ event: 'page_view', path: '/pricing', ts: r.int(1e9, 2e9) }))}`,
      (r) => `xxd dump.bin | head\n${Array.from({ length: 6 }, (_, i) => `${(i * 16).toString(16).padStart(8, '0')}: ${wrap(hex(r, 32), 4).join(' ')}  ................`).join('\n')}`,
      (r) => `@font-face { font-family: Inter; src: url(data:font/woff2;base64,d09GMgABAAAAA${randomB64(r, 300)}) format("woff2"); }`,
      (r) => `SELECT decode('${randomB64(r, 48)}', 'base64');`,
      (r) => `//# sourceMappingURL=data:application/json;base64,${b64(JSON.stringify({ version: 3, sources: ['app.ts'], mappings: r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/;,', 200) }))}`,
      (r) => `geohash: ${r.chars('0123456789bcdefghjkmnpqrstuvwxyz', 12)}  lat/lon: ${(r.next() * 180 - 90).toFixed(6)}, ${(r.next() * 360 - 180).toFixed(6)}`,
      (r) => `Content-Transfer-Encoding: base64\n\n${wrap(b64(Array.from({ length: 40 }, () => r.pick(WORDS)).join(' ')), 76).join('\n')}`,
      (r) => `protobuf (hex): 0a${hex(r, 2)}${hex(r, 120)}`,
      (r) => `cursor=${b64(JSON.stringify({ seq: r.int(1, 1e6), id: uuid(r) })).replace(/=+$/, '')}`,
      (r) => `"mappings": "${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 40)};${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/,', 300)}"`,
    ],
  },
  {
    name: 'public-identifiers',
    templates: [
      (r) => `arn:aws:iam::${r.chars(ALPHA.DIGITS, 12)}:role/${r.pick(WORDS)}-lambda-exec`,
      (r) => `instance i-0${hex(r, 16)} in subnet-${hex(r, 17)} (vpc-${hex(r, 17)})`,
      (r) => `pk_live_${alnum(r, 24)} is the publishable key for checkout.js`,
      (r) => `Slack channel C0${r.chars(ALPHA.UPPER + ALPHA.DIGITS, 9)}, user U0${r.chars(ALPHA.UPPER + ALPHA.DIGITS, 9)}`,
      (r) => `customer cus_${alnum(r, 14)} subscription sub_${alnum(r, 24)} invoice in_${alnum(r, 24)}`,
      (r) => `projects/acme-${r.pick(WORDS)}-${r.int(100000, 999999)}/locations/europe-west1/services/api`,
      (r) => `https://docs.google.com/spreadsheets/d/1${r.chars(ALPHA.B64URL, 43)}/edit#gid=0`,
      (r) => `https://www.youtube.com/watch?v=${r.chars(ALPHA.B64URL, 11)}&t=${r.int(10, 900)}s`,
      (r) => `ipfs://bafybei${r.chars('abcdefghijklmnopqrstuvwxyz234567', 52)}`,
      (r) => `OAuth client ID: ${r.chars(ALPHA.DIGITS, 12)}-${r.chars(ALPHA.LOWER + ALPHA.DIGITS, 32)}.apps.googleusercontent.com`,
      (r) => `Sentry issue ${hex(r, 32)} first seen in release ${hex(r, 12)}`,
      (r) => `https://github.com/acme/web/pull/${r.int(100, 9999)}/commits/${hex(r, 40)}`,
    ],
  },
  {
    name: 'result-dumps',
    templates: [
      (r) => ['id,email,created_at,plan,mrr_cents', ...Array.from({ length: r.int(10, 40) }, () => `${r.int(1, 1e6)},${user(r)}${r.int(1, 999)}@example.com,${iso(r)},${r.pick(['free', 'pro', 'team'])},${r.int(0, 99999)}`)].join('\n'),
      (r) => ` id |   username   | password_changed_at |      password_hash\n----+--------------+---------------------+------------------\n${Array.from({ length: 8 }, () => ` ${r.int(1, 999)} | ${user(r).padEnd(12)} | ${iso(r)} | $2a$10$${r.chars(ALPHA.ALNUM + './', 53)}`).join('\n')}`,
      (r) => `Seq Scan on orders  (cost=0.00..${r.int(100, 99999)}.00 rows=${r.int(1, 1e6)} width=${r.int(8, 200)}) (actual time=0.012..${r.int(1, 999)}.${r.int(100, 999)} rows=${r.int(1, 1e6)} loops=1)\n  Filter: (status = 'paid'::text)\n  Rows Removed by Filter: ${r.int(1, 1e5)}\nPlanning Time: 0.${r.int(100, 999)} ms\nExecution Time: ${r.int(1, 999)}.${r.int(100, 999)} ms`,
      (r) => JSON.stringify(Array.from({ length: r.int(5, 20) }, () => ({ id: uuid(r), sku: r.chars(ALPHA.UPPER + ALPHA.DIGITS, 10), qty: r.int(1, 20), price: r.int(100, 99999) / 100 }))),
      (r) => ['ts\tlevel\tmsg', ...Array.from({ length: 20 }, () => `${iso(r)}\t${r.pick(['INFO', 'WARN', 'DEBUG'])}\tprocessed batch ${hex(r, 12)} in ${r.int(1, 900)}ms`)].join('\n'),
      (r) => `+----+-----------+----------+\n| id | token_id  | revoked  |\n+----+-----------+----------+\n${Array.from({ length: 6 }, () => `| ${r.int(1, 99)} | ${hex(r, 8)}  | ${r.pick(['0', '1'])}        |`).join('\n')}\n+----+-----------+----------+`,
      (r) => `${Array.from({ length: 12 }, () => `${r.int(10, 250)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)} - - [07/Dec/2026:03:${r.int(10, 59)}:00 +0000] "GET /api/v1/${r.pick(WORDS)}?page=${r.int(1, 9)} HTTP/1.1" ${r.pick([200, 304, 401, 404])} ${r.int(100, 9999)}`).join('\n')}`,
      (r) => `{"_id":{"$oid":"${hex(r, 24)}"},"user":"${user(r)}","roles":["read"],"mechanisms":["SCRAM-SHA-256"],"lastLogin":{"$date":"${iso(r)}"}}`,
      (r) => Array.from({ length: 15 }, () => `INSERT INTO metrics VALUES ('${iso(r)}', '${r.pick(WORDS)}', ${r.next().toFixed(6)});`).join('\n'),
    ],
  },
  {
    name: 'app-records',
    templates: [
      (r) => JSON.stringify({ theme: r.pick(['dark', 'light', 'system']), editor: { fontSize: r.int(11, 18), tabSize: r.pick([2, 4]), wordWrap: r.bool() }, ai: { provider: r.pick(['openai', 'anthropic', 'ollama']), model: r.pick(['gpt-4o', 'claude-sonnet', 'llama3']) } }),
      (r) => JSON.stringify({ keybindings: { runQuery: 'Mod-Enter', format: 'Shift-Alt-F', toggleSidebar: 'Mod-B' }, recentConnections: [uuid(r), uuid(r)], lastOpened: iso(r) }),
      (r) => JSON.stringify({ name: `${r.pick(['Monthly', 'Weekly', 'Daily'])} ${r.pick(WORDS)} report`, description: 'Revenue by region, excludes refunds', tags: ['finance', r.pick(WORDS)], folder: dbName(r) }),
      () => JSON.stringify({ name: 'Expired reset tokens', description: 'Users whose password reset token expired without being used', tags: ['security', 'auth', 'cleanup'] }),
      () => JSON.stringify({ name: 'Rotate API keys', description: 'Lists keys older than 90 days so owners can rotate them. Does not show the keys.', tags: ['api-keys', 'audit'] }),
      (r) => JSON.stringify({ session: { id: uuid(r), title: 'Why is my query slow?', model: 'claude-sonnet', messageCount: r.int(1, 40), tokenCount: r.int(100, 90000) } }),
      (r) => JSON.stringify({ device_id: uuid(r), device_name: `${user(r)}'s MacBook`, platform: 'macOS', last_seen_at: iso(r), is_active: 1 }),
      (r) => JSON.stringify({ sidebar: { width: r.int(180, 420) }, grid: { pageSize: r.pick([50, 100, 500]), nullDisplay: '∅' }, passwordManagerIntegration: 'none', rememberPasswords: false }),
      () => JSON.stringify({ tokenizer: 'cl100k_base', maxTokens: 4096, temperature: 0.2, keyword: 'password', secretMode: false }),
      (r) => JSON.stringify({ user_id: uuid(r), total_queries: r.int(0, 1e5), saved_queries: r.int(0, 500), ai_sessions: r.int(0, 300), last_sync_at: iso(r) }),
    ],
  },
]
