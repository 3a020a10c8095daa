/**
 * Known credential formats: each provider's token shape, written from the providers' documentation and the public
 * rule sets that track them (gitleaks `config/gitleaks.toml`, secretlint's recommended preset; see README). These
 * are the final check's first method, independent of the sanitizer's structural rules: a format is recognised by
 * what it looks like, wherever it is.
 *
 * Every rule is anchored on both sides (no letter or digit may touch it) and long enough that prose never matches.
 */
export interface KnownFormat {
  readonly id: string
  readonly pattern: RegExp
}

const L = '(?<![A-Za-z0-9_])'
const R = '(?![A-Za-z0-9_])'
const f = (id: string, body: string, flags = ''): KnownFormat => ({ id, pattern: new RegExp(`${L}(?:${body})${R}`, flags) })
/** For formats whose edges are punctuation (URLs, headers, PEM blocks): no anchoring. */
const raw = (id: string, body: string, flags = ''): KnownFormat => ({ id, pattern: new RegExp(body, flags) })

export const KNOWN_FORMATS: readonly KnownFormat[] = [
  f('aws-access-key-id', '(?:AKIA|ASIA|AROA|AIDA|AGPA|ANPA|ANVA|AIPA|ABIA|ACCA)[A-Z2-7]{16}'),
  f('github', 'gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}'),
  f('gitlab', 'gl(?:pat|dt|rt|ptt|oas|soat|ft|imt|agent|cbt)-[A-Za-z0-9_-]{20,}'),
  f('npm', 'npm_[A-Za-z0-9]{36}'),
  f('pypi', 'pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}'),
  f('huggingface', 'hf_[A-Za-z]{34}'),
  f('slack', 'xox[abposr]-[0-9]{8,}-[A-Za-z0-9-]{10,}|xapp-\\d-[A-Z0-9]+-\\d+-[a-f0-9]{32,}'),
  raw('slack-webhook', 'hooks\\.slack\\.com/(?:services|workflows|triggers)/T[A-Z0-9]+/[A-Z0-9]+/[A-Za-z0-9]{20,}'),
  f('stripe', '(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,}|whsec_[A-Za-z0-9]{32,}'),
  f('openai', 'sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}|sk-proj-[A-Za-z0-9_-]{80,}'),
  f('anthropic', 'sk-ant-(?:api|admin)\\d{2}-[A-Za-z0-9_-]{80,}'),
  f('google-api-key', 'AIza[0-9A-Za-z_-]{35}'),
  f('gcp-oauth-secret', 'GOCSPX-[A-Za-z0-9_-]{28}'),
  f('gcp-oauth-token', 'ya29\\.[A-Za-z0-9_-]{50,}|1//0[A-Za-z0-9_-]{40,}'),
  raw('azure-ad-client-secret', '(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])'),
  f('digitalocean', 'do[opr]_v1_[a-f0-9]{64}'),
  f('supabase', 'sbp_[a-f0-9]{40}'),
  f('planetscale', 'pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}'),
  f('twilio-api-key', 'SK[0-9a-f]{32}'),
  f('sendgrid', 'SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}'),
  f('databricks', 'dapi[a-f0-9]{32}(?:-\\d)?'),
  f('shopify', 'shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}'),
  f('mailgun', 'key-[a-f0-9]{32}'),
  f('doppler', 'dp\\.(?:pt|st|sa|ct|scim|audit)\\.(?:[a-z0-9_-]{1,40}\\.)?[A-Za-z0-9]{40,44}'),
  f('postman', 'PMAK-[a-f0-9]{24}-[a-f0-9]{34}'),
  f('linear', 'lin_(?:api|oauth)_[A-Za-z0-9]{40}'),
  f('grafana', 'glc_[A-Za-z0-9+/]{32,400}={0,2}|glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}'),
  f('hashicorp-vault', 'hv[sbr]\\.[A-Za-z0-9_-]{24,}'),
  f('age', 'AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}'),
  f('telegram-bot', '\\d{8,10}:AA[A-Za-z0-9_-]{33}'),
  raw('telegram-bot-url', '/bot\\d{6,12}:[A-Za-z0-9_-]{30,}'),
  raw('discord-webhook', 'discord(?:app)?\\.com/api/webhooks/\\d+/[A-Za-z0-9_-]{60,}'),
  f('discord-bot', '[MN][A-Za-z0-9]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}'),
  // A bot token of the same three parts whatever its first letter: 24–28 characters, exactly six, then 27–38.
  f('bot-token', '[A-Za-z0-9]{24,28}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}'),
  f('notion', 'ntn_\\d{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43}'),
  f('figma', 'figd_[A-Za-z0-9_-]{40}'),
  f('groq', 'gsk_[A-Za-z0-9]{52}'),
  f('docker-hub', 'dckr_pat_[A-Za-z0-9_-]{27}'),
  f('atlassian', 'ATATT3[A-Za-z0-9_=-]{180,}'),
  f('sentry', 'sntry[us]_[A-Za-z0-9_=+/.-]{40,}'),
  f('newrelic', 'NR(?:AK|II|JS)-[A-Z0-9]{27}'),
  f('mapbox', 'sk\\.eyJ[A-Za-z0-9_-]{20,}\\.[A-Za-z0-9_-]{20,}'),
  f('square', 'EAAA[A-Za-z0-9_-]{60}|sq0(?:atp|csp)-[A-Za-z0-9_-]{22,43}'),
  raw('braintree', 'access_token\\$production\\$[a-z0-9]{16}\\$[a-f0-9]{32}'),
  f('mailchimp', '[a-f0-9]{32}-us\\d{1,2}'),
  f('dropbox', 'sl\\.[A-Za-z0-9_-]{130,}'),
  f('flyio', 'fo1_[A-Za-z0-9_-]{43}|fm[12][ar]?_[A-Za-z0-9+/=_-]{100,}'),
  f('pulumi', 'pul-[a-f0-9]{40}'),
  f('terraform-cloud', '[a-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,}'),
  f('neon', 'napi_[a-z0-9]{64}'),
  f('airtable', 'pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}'),
  f('replicate', 'r8_[A-Za-z0-9]{37}'),
  f('perplexity', 'pplx-[A-Za-z0-9]{48}'),
  f('xai', 'xai-[A-Za-z0-9]{80}'),
  f('bitbucket', 'ATBB[A-Za-z0-9_=.-]{32,}'),
  f('sonarqube', 'sq[upa]_[a-f0-9]{40}'),
  f('alibaba', 'LTAI[A-Za-z0-9]{12,20}'),
  f('tencent', 'AKID[A-Za-z0-9]{32}'),
  f('contentful', 'CFPAT-[A-Za-z0-9_-]{43}'),
  f('buildkite', 'bkua_[a-f0-9]{40}'),
  f('prefect', 'pnu_[A-Za-z0-9]{36}'),
  f('clojars', 'CLOJARS_[a-z0-9]{60}'),
  f('rubygems', 'rubygems_[a-f0-9]{48}'),
  f('brevo', 'xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}'),
  f('dynatrace', 'dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}'),
  f('readme', 'rdme_[a-z0-9]{70}'),
  f('adafruit', 'aio_[A-Za-z0-9]{28}'),
  f('easypost', 'EZ[AT]K[A-Za-z0-9]{54}'),
  f('duffel', 'duffel_(?:test|live)_[A-Za-z0-9_-]{43}'),
  f('flutterwave', 'FLWSECK(?:_TEST)?-[a-h0-9]{32}-X'),
  f('render', 'rnd_[A-Za-z0-9]{32}'),
  f('jwt', 'eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}'),
  f('onepassword', 'ops_eyJ[A-Za-z0-9_-]{100,}'),
  f('heroku', 'HRKU-AA[A-Za-z0-9_-]{58}'),
  f('cloudflare-origin-ca', 'v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}'),
  f('plaid', 'access-(?:sandbox|development|production)-[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}'),
  raw('private-key', '-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?!\\s*(?:\\[REDACTED\\]\\s*)?-----END)'),
  raw('putty-private-key', 'Private-Lines:\\s*\\d+\\s*\\n(?!\\[REDACTED\\])[A-Za-z0-9+/=]{16,}'),
  raw('authorization-header', '\\b(?:Authorization|Proxy-Authorization)\\s*:\\s*(?:Basic|Bearer|SSWS|Token|Digest|Negotiate)\\s+(?![$<{%]|\\[REDACTED|(?:YOUR|MY|INSERT|ENTER|REPLACE|your|my)[_-]|[A-Z_-]+(?![A-Za-z0-9._~+/=-])|x{3,}|X{3,})[A-Za-z0-9._~+/=-]{8,}', 'i'),
  // A session cookie is a login: `Cookie: sessionid=…`, `connect.sid=s%3A…`, `_myapp_session=…`, `PHPSESSID=…`.
  raw('session-cookie', '\\b(?:Set-)?Cookie\\s*:[^\\n]*?(?<![\\w.-])(?:session|sessionid|session_id|sid|connect\\.sid|PHPSESSID|JSESSIONID|ASP\\.NET_SessionId|laravel_session|_[\\w-]+_session|__Secure-[\\w.-]*session[\\w.-]*|__Host-[\\w.-]*session[\\w.-]*|remember_token|remember_user_token|auth_token|access_token)=(?![$<{]|\\[REDACTED)[^;\\s]{16,}', 'i'),
  raw('okta', '\\bSSWS\\s+00[A-Za-z0-9_-]{40}'),
  raw('azure-sas', '[?&;]sig=(?!\\[REDACTED)[A-Za-z0-9%+/=]{20,}'),
  raw('azure-account-key', '\\bAccountKey=(?!\\[REDACTED)[A-Za-z0-9+/]{80,}={0,2}', 'i'),
]
