/** Secrets in shell history, HTTP requests, auth dotfiles and URL query strings. */
import { awsSecret, database, githubPat, host, jwt, openaiKey, password, user } from './values'
import { ALNUM, B64URL, b64, base64Bytes, DIGITS, HEX, LOWER, uuid } from './rng'
import type { SecretClass } from './types'

const bare = (p: string): string => p.replace(/["'\\\s#;$`&|<>()]/g, '')

export const shellSecretClasses: readonly SecretClass[] = [
  {
    name: 'shell-history',
    context: 'shell',
    templates: [
      (r) => { const p = bare(password(r)); return [`$ mysql -h ${host(r)} -u ${user(r)} -p${p} ${database(r)} < dump.sql`, [p]] },
      (r) => { const p = bare(password(r)); return [`PGPASSWORD=${p} psql -h ${host(r)} -U ${user(r)} -d ${database(r)} -c '\\dt'`, [p]] },
      (r) => { const p = bare(password(r)); return [`  512  sqlcmd -S ${host(r)} -U sa -P '${p}' -Q "SELECT @@VERSION"\n  513  history | tail`, [p]] },
      (r) => { const p = bare(password(r)); return [`curl -u admin:${p} -X POST https://es.${r.chars(LOWER, 5)}.internal:9200/_snapshot/backup`, [p]] },
      (r) => { const p = bare(password(r)); return [`echo '${p}' | docker login ghcr.io -u ${r.chars(LOWER, 7)} --password-stdin`, [p]] },
      (r) => { const s = awsSecret(r); return [`export AWS_SECRET_ACCESS_KEY="${s}"\naws sts get-caller-identity`, [s]] },
      (r) => { const p = bare(password(r)); return [`sshpass -p '${p}' ssh deploy@${host(r)} 'systemctl restart api'`, [p]] },
      (r) => { const p = bare(password(r)); return [`mongodump --uri="mongodb://${user(r)}:${encodeURIComponent(p)}@${host(r)}:27017/${database(r)}?authSource=admin" --gzip`, [encodeURIComponent(p)]] },
      (r) => { const p = bare(password(r)); return [`SNOWSQL_PWD='${p}' snowsql -a xy${r.chars(DIGITS, 5)} -u ${user(r)} -q "select current_role()"`, [p]] },
      (r) => { const p = bare(password(r)); return [`pg_dump "host=${host(r)} user=${user(r)} password=${p} dbname=${database(r)}" -Fc -f backup.dump`, [p]] },
      (r) => { const p = bare(password(r)); return [`htpasswd -b -c /etc/nginx/.htpasswd ${user(r)} ${p}`, [p]] },
      (r) => { const t = r.chars(ALNUM, 40); return [`turso db shell "libsql://${database(r)}.turso.io?authToken=${t}"`, [t]] },
    ],
  },
  {
    name: 'http-auth-headers',
    context: 'http',
    templates: [
      (r) => { const t = jwt(r); return [`curl -s https://api.${r.chars(LOWER, 6)}.com/v1/me \\\n  -H "Authorization: Bearer ${t}" \\\n  -H "Accept: application/json"`, [t]] },
      (r) => { const c = b64(`${user(r)}:${bare(password(r))}`); return [`GET /api/v2/reports HTTP/1.1\nHost: reports.acme.io\nAuthorization: Basic ${c}\nUser-Agent: insomnia/2023.5.8`, [c]] },
      (r) => { const k = r.chars(ALNUM, 32); return [`> POST /v3/mail/send HTTP/2\n> host: api.mailer.example\n> x-api-key: ${k}\n> content-type: application/json`, [k]] },
      (r) => { const s = r.chars(LOWER + DIGITS, 32); return [`Cookie: _ga=GA1.2.${r.int(1e8, 9e8)}.${r.int(1e9, 2e9)}; sessionid=${s}; csrftoken=${r.chars(ALNUM, 32)}`, [s]] },
      (r) => { const t = openaiKey(r); return [`fetch("https://api.openai.com/v1/models", { headers: { Authorization: "Bearer ${t}" } })`, [t]] },
      (r) => { const sig = base64Bytes(r, 32).replace(/=+$/, '').replace(/\+/g, '%2B').replace(/\//g, '%2F'); const s = `s%3A${r.chars(B64URL, 32)}.${sig}`; return [`set-cookie: connect.sid=${s}; Path=/; HttpOnly; Secure`, [s]] },
      (r) => { const t = r.chars(ALNUM, 64); return [`Invoke-RestMethod -Uri "https://api.${r.chars(LOWER, 5)}.com/items" -Headers @{ "X-Auth-Token" = "${t}" }`, [t]] },
      (r) => { const t = `${r.chars(HEX, 8)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 4)}-${r.chars(HEX, 12)}`; return [`http POST https://api.heroku.com/apps Authorization:"Bearer ${t}" Accept:application/vnd.heroku+json`, [t]] },
    ],
  },
  {
    name: 'auth-dotfiles',
    context: 'config',
    templates: [
      (r) => { const t = `npm_${r.chars(ALNUM, 36)}`; return [`# ~/.npmrc\nregistry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${t}`, [t]] },
      (r) => { const t = `pypi-AgEIcHlwaS5vcmc${r.chars(B64URL, 120)}`; return [`[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = ${t}`, [t]] },
      (r) => { const p = bare(password(r)); return [`machine api.${r.chars(LOWER, 6)}.com\n  login ${user(r)}@acme.com\n  password ${p}`, [p]] },
      (r) => { const t = githubPat(r); return [`https://${r.chars(LOWER, 8)}:${t}@github.com`, [t]] },
      (r) => { const a = b64(`_json_key:${bare(password(r))}`); return [`{"auths":{"https://index.docker.io/v1/":{"auth":"${a}"}}}`, [a]] },
      (r) => { const t = r.chars(ALNUM, 20); return [`//npm.pkg.github.com/:_authToken=ghp_${t}${r.chars(ALNUM, 16)}\n@acme:registry=https://npm.pkg.github.com`, [`ghp_${t}`]] },
      (r) => { const p = base64Bytes(r, 24); return [`[server]\nurl = https://nexus.acme.io\n[auth]\nnexus.username = ci\nnexus.password = ${p}`, [p]] },
      (r) => { const t = r.chars(ALNUM + '-_', 40); return [`# ~/.config/gh/hosts.yml\ngithub.com:\n    user: ${r.chars(LOWER, 7)}\n    oauth_token: gho_${t}\n    git_protocol: ssh`, [`gho_${t}`]] },
    ],
  },
  {
    name: 'url-query-secret',
    context: 'url',
    templates: [
      (r) => { const s = base64Bytes(r, 32).replace(/=/g, '%3D').replace(/\+/g, '%2B').replace(/\//g, '%2F'); return [`https://acme${r.chars(LOWER, 4)}.blob.core.windows.net/exports/q3.csv?sv=2022-11-02&ss=b&srt=o&sp=r&se=2027-01-01T00:00:00Z&spr=https&sig=${s}`, [s]] },
      (r) => { const s = r.chars(HEX, 64); return [`https://acme-exports.s3.amazonaws.com/report.parquet?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${`AKIA${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`}%2F20261201%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261201T101010Z&X-Amz-Expires=604800&X-Amz-SignedHeaders=host&X-Amz-Signature=${s}`, [s]] },
      (r) => { const k = r.chars(ALNUM, 32); return [`GET https://api.${r.chars(LOWER, 7)}.com/v2/forecast?q=Berlin&appid=${k}&units=metric`, [k]] },
      (r) => { const t = r.chars(ALNUM + '-_', 43); return [`https://hooks.slack.com/services/T${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 8)}/B${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 10)}/${t.slice(0, 24)}`, [t.slice(0, 24)]] },
      (r) => { const t = r.chars(ALNUM + '-_', 68); return [`https://discord.com/api/webhooks/${r.chars(DIGITS, 19)}/${t}`, [t]] },
      (r) => { const t = jwt(r); return [`wss://realtime.${r.chars(LOWER, 6)}.io/socket?access_token=${t}&vsn=1.0.0`, [t]] },
      (r) => { const s = r.chars(ALNUM, 40); return [`https://oauth.${r.chars(LOWER, 5)}.com/token?grant_type=client_credentials&client_id=${uuid(r)}&client_secret=${s}`, [s]] },
      (r) => { const k = r.chars(ALNUM, 24); return [`https://maps.${r.chars(LOWER, 6)}.com/api/geocode?address=Main+St&key=${k}&token=${k}`, [k]] },
    ],
  },
]
