/** Benign high-entropy data: digests, identifiers, commit SHAs, base64 payloads, ciphertext, URLs. */
import { host } from './values'
import { ALNUM, b64, base64Bytes, base64urlBytes, DIGITS, HEX, LOWER, UPPER, uuid } from './rng'
import type { BenignClass } from './types'

export const dataBenignClasses: readonly BenignClass[] = [
  {
    name: 'hashes-digests',
    templates: [
      (r) => `${r.chars(HEX, 64)}  postgresql-16.4-linux-x64.tar.gz`,
      (r) => `md5sum backup.sql → ${r.chars(HEX, 32)}`,
      (r) => `SELECT id FROM files WHERE sha256 = '${r.chars(HEX, 64)}';`,
      (r) => `docker pull postgres@sha256:${r.chars(HEX, 64)}`,
      (r) => `<script src="https://cdn.jsdelivr.net/npm/chart.js@4.4.0" integrity="sha384-${base64Bytes(r, 48)}" crossorigin="anonymous"></script>`,
      (r) => `| id | email | password_hash |\n| 1 | a@acme.io | $2b$12$${r.chars(ALNUM + './', 53)} |\n| 2 | b@acme.io | $2b$12$${r.chars(ALNUM + './', 53)} |`,
      (r) => `stored hash: $argon2id$v=19$m=65536,t=3,p=4$${base64Bytes(r, 16).replace(/=+$/, '')}$${base64Bytes(r, 32).replace(/=+$/, '')}`,
      (r) => `ETag: "${r.chars(HEX, 32)}"`,
      (r) => `checksum of migration 0042: ${r.chars(HEX, 40)}`,
      (r) => `INSERT INTO schema_migrations (version, checksum) VALUES (${r.int(1, 90)}, '${r.chars(HEX, 64)}');`,
      (r) => `x-amz-content-sha256: ${r.chars(HEX, 64)}`,
      (r) => `SELECT encode(digest('hello', 'sha1'), 'hex'); -- ${r.chars(HEX, 40)}`,
    ],
  },
  {
    name: 'identifiers',
    templates: [
      (r) => `SELECT * FROM orders WHERE id = '${uuid(r)}';`,
      (r) => `request-id: ${uuid(r)}  trace: 00-${r.chars(HEX, 32)}-${r.chars(HEX, 16)}-01`,
      (r) => `ulid ${r.chars('0123456789ABCDEFGHJKMNPQRSTVWXYZ', 26)} was created twice`,
      (r) => `Stripe event evt_${r.chars(ALNUM, 24)} for customer cus_${r.chars(ALNUM, 14)} (payment pi_${r.chars(ALNUM, 24)})`,
      (r) => `container ${r.chars(HEX, 64)} exited with code 137`,
      (r) => `pod api-${r.chars(LOWER + DIGITS, 10)}-${r.chars(LOWER + DIGITS, 5)} CrashLoopBackOff`,
      (r) => `Idempotency-Key: ${uuid(r)}`,
      (r) => `google doc: https://docs.google.com/document/d/1${r.chars(ALNUM + '-_', 43)}/edit`,
      (r) => `youtube.com/watch?v=${r.chars(ALNUM + '-_', 11)} explains window functions well`,
      (r) => `arn:aws:kms:us-east-1:${r.chars(DIGITS, 12)}:key/${uuid(r)}`,
      (r) => `{"messageId":"${uuid(r)}","receiptHandle":"${base64Bytes(r, 120)}"}`,
      (r) => `Snowflake query id ${uuid(r)} ran for 14m`,
      (r) => `nanoid() → ${r.chars(ALNUM + '_-', 21)}`,
      (r) => `order #${r.int(100000, 999999)}, tracking ${r.chars(UPPER, 2)}${r.chars(DIGITS, 9)}${r.chars(UPPER, 2)}`,
    ],
  },
  {
    name: 'git-and-build-output',
    templates: [
      (r) => `commit ${r.chars(HEX, 40)}\nAuthor: Dana <dana@acme.io>\nDate:   Mon Nov 30 10:00:00 2026 +0100\n\n    fix: close the cursor on error`,
      (r) => `git rebase -i ${r.chars(HEX, 7)}`,
      (r) => Array.from({ length: 8 }, () => `${r.chars(HEX, 7)} ${r.pick(['fix', 'feat', 'chore', 'refactor'])}: ${r.pick(['query planner', 'password reset flow', 'token refresh', 'key rotation docs', 'migrations'])}`).join('\n'),
      (r) => `Merge pull request #${r.int(100, 9999)} from acme/fix/rotate-api-keys`,
      (r) => `remote: Resolving deltas: 100% (${r.int(10, 999)}/${r.int(1000, 2000)}), done.\nTo github.com:acme/api.git\n   ${r.chars(HEX, 7)}..${r.chars(HEX, 7)}  main -> main`,
      (r) => `dist/assets/index-${r.chars(ALNUM, 8)}.js   ${r.int(100, 900)}.${r.int(10, 99)} kB │ gzip: ${r.int(30, 200)}.${r.int(10, 99)} kB`,
      (r) => `https://github.com/acme/api/commit/${r.chars(HEX, 40)}`,
      (r) => `go: downloading golang.org/x/crypto v0.${r.int(10, 30)}.0\ngo.sum: h1:${base64Bytes(r, 32)}`,
      (r) => `npm warn deprecated inflight@1.0.6: This module is not supported\nadded ${r.int(100, 900)} packages in ${r.int(2, 30)}s`,
      (r) => `Step 7/12 : RUN npm ci\n ---> Running in ${r.chars(HEX, 12)}\n ---> ${r.chars(HEX, 12)}`,
    ],
  },
  {
    name: 'base64-non-credential',
    templates: [
      (r) => `<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA${base64Bytes(r, 600)}">`,
      (r) => `SELECT FROM_BASE64('${b64(`{"report":"weekly","rows":${r.int(1, 900)},"generated":"2026-12-01"}`)}');`,
      (r) => `the payload column holds protobuf: ${base64Bytes(r, 90)}`,
      (r) => `font-src url(data:font/woff2;base64,d09GMgABAAAAA${base64Bytes(r, 400)}) format("woff2");`,
      (r) => `cursor=${b64(JSON.stringify({ id: r.int(1, 99999), ts: 1764590000 + r.int(0, 9999) }))}`,
      (r) => `echo '${b64(`hello from ${host(r)}`)}' | base64 -d`,
      (r) => `{"next_page_token":"${base64urlBytes(r, 48)}","items":[]}`,
      (r) => `msgpack blob (base64): ${base64Bytes(r, 200)}`,
      (r) => `UPDATE thumbnails SET data = decode('${base64Bytes(r, 300)}', 'base64') WHERE id = ${r.int(1, 999)};`,
      () => `JWT header eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9 decodes to {"alg":"HS256","typ":"JWT"}, the rest of the token is elided`,
    ],
  },
  {
    name: 'ciphertext-and-sealed',
    templates: [
      (r) => `$ANSIBLE_VAULT;1.1;AES256\n${Array.from({ length: 5 }, () => r.chars(HEX, 80)).join('\n')}`,
      (r) => `sealed value: v1.k1.${base64urlBytes(r, 12)}.${base64urlBytes(r, 80)}`,
      (r) => `-----BEGIN PGP MESSAGE-----\n\n${base64Bytes(r, 300).match(/.{1,64}/g)!.join('\n')}\n-----END PGP MESSAGE-----`,
      (r) => `age-encryption.org/v1\n-> X25519 ${base64Bytes(r, 32).replace(/=+$/, '')}\n${base64Bytes(r, 32).replace(/=+$/, '')}\n--- ${base64Bytes(r, 32).replace(/=+$/, '')}`,
      (r) => `SELECT pgp_sym_decrypt(ssn_enc, current_setting('app.key')) FROM people; -- ssn_enc = \\x${r.chars(HEX, 96)}`,
      (r) => `"ciphertext": "${base64Bytes(r, 120)}", "iv": "${base64Bytes(r, 12)}", "tag": "${base64Bytes(r, 16)}"`,
      (r) => `sops:\n    kms:\n        - arn: arn:aws:kms:eu-west-1:${r.chars(DIGITS, 12)}:key/${uuid(r)}\n          enc: ${base64Bytes(r, 180)}\n    mac: ENC[AES256_GCM,data:${base64Bytes(r, 48)},iv:${base64Bytes(r, 32)},tag:${base64Bytes(r, 16)},type:str]`,
      (r) => `encrypted_data_key = AQIDAHh${base64Bytes(r, 150)}`,
    ],
  },
  {
    name: 'urls-benign',
    templates: [
      (r) => `https://www.postgresql.org/docs/16/sql-createrole.html#${r.pick(['id-1.9.3.67.7', 'notes'])}`,
      (r) => `https://shop.acme.io/search?q=${r.pick(['usb+hub', 'standing+desk', 'monitor'])}&page=${r.int(1, 9)}&utm_source=newsletter&utm_campaign=${r.chars(LOWER, 8)}`,
      (r) => `https://console.aws.amazon.com/rds/home?region=eu-west-1#database:id=${r.chars(LOWER, 8)}-prod;is-cluster=false`,
      (r) => `https://app.acme.io/reports/${uuid(r)}?tab=sql&range=30d`,
      (r) => `https://grafana.acme.io/d/${r.chars(ALNUM, 9)}/api-latency?orgId=1&from=now-6h&to=now&var-env=prod`,
      () => `https://learn.microsoft.com/en-us/sql/relational-databases/security/password-policy`,
      (r) => `https://www.google.com/maps/place/Berlin/@52.5200,13.4050,${r.int(10, 15)}z`,
      (r) => `https://stackoverflow.com/questions/${r.int(1000000, 79999999)}/how-to-reset-the-root-password-in-mysql-8-0`,
      (r) => `https://oauth.acme.io/authorize?response_type=code&client_id=${r.chars(ALNUM, 20)}&redirect_uri=https%3A%2F%2Fapp.acme.io%2Fcb&scope=openid%20email&state=${r.chars(ALNUM, 16)}&code_challenge_method=S256`,
      (r) => `https://${r.chars(LOWER, 7)}.s3.amazonaws.com/public/logo.svg`,
      () => `https://api.github.com/repos/acme/api/pulls?state=open&per_page=100`,
    ],
  },
]

