import { ALPHA, b64, randomB64 } from './rng'
import {
  alnum, anthropicKey, awsKeyId, awsSecret, dbName, doToken, dockerPat, gitlabToken, githubToken, googleApiKey, hex,
  hfToken, host, jwt, linearKey, mailgunKey, notionKey, npmToken, openaiKey, password, sendgridKey, shopifyToken,
  slackToken, stripeKey, twilioToken, user, vaultToken,
} from './values'
import { sample, type SecretClass } from './types'

/** Shell history, HTTP traffic and URLs, and the token formats of the services a developer uses. */
export const tokenSecretClasses: SecretClass[] = [
  {
    name: 'shell-history',
    templates: [
      (r) => { const p = password(r); return sample('bash', `$ mysql -h ${host(r)} -u ${user(r)} -p${p} ${dbName(r)} < dump.sql`, p) },
      (r) => { const p = password(r); return sample('bash', `PGPASSWORD=${p} psql -h ${host(r)} -U ${user(r)} -d ${dbName(r)} -c '\\dt'`, p) },
      (r) => { const p = password(r); return sample('bash', `curl -u ${user(r)}:${p} https://jenkins.acme.io/job/deploy/build`, p) },
      (r) => { const p = password(r); return sample('bash', `docker login registry.acme.io -u ${user(r)} -p ${p}`, p) },
      (r) => { const p = password(r); return sample('bash', `redis-cli -h ${host(r)} -a '${p}' --no-auth-warning INFO`, p) },
      (r) => { const p = password(r); return sample('bash', `sqlcmd -S ${host(r)} -U sa -P "${p}" -Q "SELECT @@VERSION"`, p) },
      (r) => { const p = password(r); return sample('bash', `sshpass -p '${p}' ssh deploy@${host(r)}`, p) },
      (r) => { const t = githubToken(r); return sample('zsh_history', `: 1765012345:0;export GITHUB_TOKEN=${t}\n: 1765012399:0;gh pr list`, t) },
      (r) => { const p = password(r); return sample('powershell', `$env:SNOWSQL_PWD = "${p}"\nsnowsql -a xy12345 -u ${user(r)}`, p) },
      (r) => { const p = password(r); return sample('bash', `mysqldump --user=${user(r)} --password='${p}' --single-transaction ${dbName(r)} > backup.sql`, p) },
    ],
  },
  {
    name: 'http-and-urls',
    templates: [
      (r) => { const t = jwt(r); return sample('http-request', `GET /api/v2/orders HTTP/1.1\nHost: api.acme.io\nAuthorization: Bearer ${t}\nAccept: application/json`, t) },
      (r) => { const c = b64(`${user(r)}:${password(r)}`); return sample('http-request', `POST /v1/charges HTTP/1.1\nAuthorization: Basic ${c}\nContent-Type: application/x-www-form-urlencoded`, c) },
      (r) => { const k = alnum(r, 32); return sample('curl', `curl -H "X-API-Key: ${k}" https://api.weather.example.com/v1/forecast?city=Oslo`, k) },
      (r) => { const s = randomB64(r, 32).replace(/[+/=]/g, 'q'); return sample('http-request', `Cookie: _ga=GA1.2.1234; session_id=${s}; theme=dark`, s) },
      (r) => { const k = alnum(r, 32); return sample('url', `https://api.example-maps.com/geocode/json?address=Main+St&api_key=${k}`, k) },
      (r) => { const path = `T${alnum(r, 8).toUpperCase()}/B${alnum(r, 10).toUpperCase()}/${alnum(r, 24)}`; return sample('slack-webhook', `curl -X POST -d '{"text":"deploy done"}' https://hooks.slack.com/services/${path}`, path) },
      (r) => { const t = r.chars(ALPHA.B64URL, 68); return sample('discord-webhook', `https://discord.com/api/webhooks/${r.int(1e17, 9e17)}/${t}`, t) },
      (r) => { const sig = hex(r, 64); const k = awsKeyId(r); return sample('s3-presigned', `https://acme-exports.s3.amazonaws.com/report.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${k}%2F20261207%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261207T031500Z&X-Amz-Expires=604800&X-Amz-SignedHeaders=host&X-Amz-Signature=${sig}`, sig) },
      (r) => { const sig = encodeURIComponent(randomB64(r, 32)); return sample('azure-sas', `https://acmeprod.blob.core.windows.net/backups?sv=2022-11-02&ss=b&srt=sco&sp=rwdlac&se=2027-01-01T00:00:00Z&st=2026-12-01T00:00:00Z&spr=https&sig=${sig}`, sig) },
      (r) => { const t = githubToken(r); return sample('git-remote', `git clone https://x-access-token:${t}@github.com/acme/infra.git`, t) },
    ],
  },
  {
    name: 'cloud-provider-keys',
    templates: [
      (r) => { const k = awsKeyId(r); const s = awsSecret(r); return sample('aws-csv', `User name,Access key ID,Secret access key\nci-bot,${k},${s}`, k, s) },
      (r) => {
        const pem = randomB64(r, 600)
        const lines = pem.match(/.{1,64}/g) ?? []
        const key = `-----BEGIN PRIVATE KEY-----\\n${lines.join('\\n')}\\n-----END PRIVATE KEY-----\\n`
        return sample('gcp-service-account', `{\n  "type": "service_account",\n  "project_id": "acme-prod",\n  "private_key_id": "${hex(r, 40)}",\n  "private_key": "${key}",\n  "client_email": "etl@acme-prod.iam.gserviceaccount.com"\n}`, lines[1] ?? '', lines[4] ?? '')
      },
      (r) => { const k = googleApiKey(r); return sample('gcp-api-key', `const map = new google.maps.Map(el, { key: "${k}" })`, k) },
      (r) => { const s = r.chars(ALPHA.ALNUM + '~.-_', 3) + 'Q~' + r.chars(ALPHA.ALNUM + '~.-_', 34); return sample('azure-client-secret', `AZURE_TENANT_ID=${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}\nAZURE_CLIENT_SECRET=${s}`, s) },
      (r) => { const t = doToken(r); return sample('digitalocean', `doctl auth init --access-token ${t}`, t) },
      (r) => { const t = r.chars(ALPHA.ALNUM + '_-', 40); return sample('cloudflare', `CLOUDFLARE_API_TOKEN=${t} wrangler deploy`, t) },
      (r) => { const t = vaultToken(r); return sample('vault', `VAULT_ADDR=https://vault.acme.io VAULT_TOKEN=${t} vault kv get secret/db`, t) },
      (r) => { const t = hex(r, 32); return sample('datadog', `DD_API_KEY=${t} DD_SITE="datadoghq.eu" bash -c "$(curl -L https://install.datadoghq.com/scripts/install_script_agent7.sh)"`, t) },
      (r) => { const t = 'ATATT3xFfGF0' + r.chars(ALPHA.B64URL, 180); return sample('atlassian', `jira:\n  url: https://acme.atlassian.net\n  email: dev@acme.io\n  token: ${t}`, t) },
      (r) => { const t = 'eyJrIjoi' + r.chars(ALPHA.B64URL, 70); return sample('grafana', `grafana api key for the dashboards: ${t}`, t) },
    ],
  },
  {
    name: 'saas-dev-tokens',
    templates: [
      (r) => { const t = githubToken(r); return sample('chat', `here's my token ${t} why does the API return 403?`, t) },
      (r) => { const t = gitlabToken(r); return sample('python', `gl = gitlab.Gitlab("https://gitlab.com", private_token="${t}")`, t) },
      (r) => { const t = npmToken(r); return sample('chat', `npm publish fails with E401 even though I set NPM_TOKEN=${t}`, t) },
      (r) => { const t = hfToken(r); return sample('python', `from huggingface_hub import login\nlogin(token="${t}")`, t) },
      (r) => { const t = dockerPat(r); return sample('shell', `echo ${t} | docker login -u acme --password-stdin`, t) },
      (r) => { const t = 'sntrys_' + r.chars(ALPHA.B64URL, 120); return sample('sentry', `SENTRY_AUTH_TOKEN=${t} npx @sentry/wizard`, t) },
      (r) => { const t = 'PMAK-' + hex(r, 24) + '-' + hex(r, 34); return sample('postman', `postman login --with-api-key ${t}`, t) },
      (r) => { const t = alnum(r, 24); return sample('vercel', `vercel deploy --prod --token ${t}`, t) },
      (r) => { const t = 'dp.st.prd.' + alnum(r, 43); return sample('doppler', `DOPPLER_TOKEN="${t}" doppler run -- npm start`, t) },
      (r) => { const t = 'pscale_pw_' + r.chars(ALPHA.B64URL, 43); return sample('planetscale', `mysql://${user(r)}:${t}@aws.connect.psdb.cloud/${dbName(r)}?ssl={"rejectUnauthorized":true}`, t) },
    ],
  },
  {
    name: 'saas-business-tokens',
    templates: [
      (r) => { const t = stripeKey(r); return sample('node', `const stripe = require('stripe')('${t}');`, t) },
      (r) => { const t = slackToken(r); return sample('python', `client = WebClient(token="${t}")`, t) },
      (r) => { const t = sendgridKey(r); return sample('csharp', `var client = new SendGridClient("${t}");`, t) },
      (r) => { const t = twilioToken(r); return sample('env', `TWILIO_ACCOUNT_SID=AC${hex(r, 32)}\nTWILIO_AUTH_TOKEN=${t}`, t) },
      (r) => { const t = openaiKey(r); return sample('python', `client = OpenAI(api_key="${t}")`, t) },
      (r) => { const t = anthropicKey(r); return sample('curl', `curl https://api.anthropic.com/v1/messages -H "x-api-key: ${t}" -H "anthropic-version: 2023-06-01"`, t) },
      (r) => { const t = shopifyToken(r); const s = hex(r, 32); return sample('ruby', `ShopifyAPI::Context.setup(api_key: "${hex(r, 32)}", api_secret_key: "${s}")\nsession.access_token = "${t}"`, t, s) },
      (r) => { const t = notionKey(r); return sample('node', `const notion = new Client({ auth: "${t}" })`, t) },
      (r) => { const t = linearKey(r); return sample('chat', `Linear key: ${t} — can you write a GraphQL query for my open issues?`, t) },
      (r) => { const t = mailgunKey(r); return sample('php', `$mg = Mailgun::create('${t}');`, t) },
    ],
  },
]
