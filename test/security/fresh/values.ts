import { ALPHA, b64, randomB64, type Rng } from './rng'

/** Everyday English words: passwords, passphrases and recovery phrases are built from them. */
export const WORDS = (
  'amber anchor apple arctic autumn badge bamboo banner basket beacon canyon carbon castle cedar cherry circle ' +
  'citizen cobalt comet copper coral cotton crystal dawn delta desert dolphin dragon eagle echo ember falcon ' +
  'feather fiber forest fossil galaxy garden ginger glacier granite harbor hazel helmet honey horizon island ' +
  'ivory jacket jungle kernel kettle ladder lantern lemon lizard magnet maple marble meadow melon mirror monkey ' +
  'morning napkin nectar noble ocean olive orbit orchid oyster paddle panda parrot pepper pilot planet pocket ' +
  'quartz rabbit radar raven ribbon river rocket saddle salmon silver sketch spider spring summit sunset tiger ' +
  'timber tomato tunnel turtle velvet violet voyage walnut willow window winter yellow zebra'
).split(' ')

const SAFE_SYMBOLS = '!#%*-_.+=~^'

/** A password a person or a generator would choose. Quote-free, so it survives any string literal unchanged. */
export const password = (r: Rng): string => {
  const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1)
  switch (r.int(0, 4)) {
    case 0:
      return cap(r.pick(WORDS)) + r.chars(ALPHA.DIGITS, r.int(2, 4)) + r.chars('!#*.?', 1)
    case 1:
      return r.chars(ALPHA.ALNUM + SAFE_SYMBOLS, r.int(14, 24))
    case 2:
      return [r.pick(WORDS), r.pick(WORDS), r.pick(WORDS), String(r.int(10, 99))].join(r.pick(['-', '.', '_']))
    case 3:
      return r.chars(ALPHA.UPPER, 2) + r.chars(ALPHA.LOWER, 4) + '_' + r.chars(ALPHA.DIGITS, 4) + r.chars(ALPHA.ALNUM, 4)
    default:
      return r.chars(ALPHA.ALNUM, r.int(16, 32))
  }
}

/** A password with characters that break naive URI and key=value parsing (@ : / # ; ? &). */
export const nastyPassword = (r: Rng): string =>
  r.chars(ALPHA.ALNUM, r.int(3, 6)) + r.pick(['@', ':', '#', '/', '?', '&', ';', '@@']) + r.chars(ALPHA.ALNUM + '!*', r.int(4, 8)) + r.pick(['@', '$', '%', ''])

export const hex = (r: Rng, n: number): string => r.chars(ALPHA.HEX, n)
export const alnum = (r: Rng, n: number): string => r.chars(ALPHA.ALNUM, n)
export const user = (r: Rng): string => r.pick(['app', 'svc_etl', 'admin', 'report_rw', 'deploy', 'analytics', 'backend', 'root', 'sa', 'postgres', 'dbuser', 'ingest']) + (r.bool(0.4) ? String(r.int(1, 9)) : '')
export const host = (r: Rng): string => r.pick(['db.internal', 'prod-db-1.acme.io', '10.0.3.17', 'mysql.example-corp.net', 'pg-primary.svc.cluster.local', 'warehouse.company.com', 'localhost', 'cluster0.ab1cd.mongodb.net', 'redis-master.cache.local', 'db-replica-02.eu-west-1.rds.amazonaws.com'])
export const dbName = (r: Rng): string => r.pick(['analytics', 'orders', 'app_prod', 'crm', 'billing', 'inventory', 'events', 'warehouse', 'reporting', 'main'])

export const awsKeyId = (r: Rng): string => r.pick(['AKIA', 'ASIA']) + r.chars(ALPHA.UPPER + '234567', 16)
export const awsSecret = (r: Rng): string => r.chars(ALPHA.ALNUM + '+/', 40)
export const githubToken = (r: Rng): string =>
  r.bool(0.3) ? 'github_pat_' + alnum(r, 22) + '_' + alnum(r, 59) : r.pick(['ghp_', 'gho_', 'ghs_', 'ghu_']) + alnum(r, 36)
export const gitlabToken = (r: Rng): string => 'glpat-' + r.chars(ALPHA.ALNUM + '-_', 20)
export const slackToken = (r: Rng): string =>
  r.pick(['xoxb-', 'xoxp-', 'xoxa-2-']) + r.int(100000000000, 999999999999) + '-' + r.int(100000000000, 999999999999) + '-' + alnum(r, 24)
export const stripeKey = (r: Rng): string => r.pick(['sk_live_', 'rk_live_', 'sk_test_']) + alnum(r, r.int(24, 99))
export const openaiKey = (r: Rng): string => (r.bool() ? 'sk-proj-' + r.chars(ALPHA.B64URL, 56) + 'T3BlbkFJ' + r.chars(ALPHA.B64URL, 56) : 'sk-' + alnum(r, 48))
export const anthropicKey = (r: Rng): string => 'sk-ant-api03-' + r.chars(ALPHA.B64URL, 93) + 'AA'
export const googleApiKey = (r: Rng): string => 'AIza' + r.chars(ALPHA.B64URL, 35)
export const npmToken = (r: Rng): string => 'npm_' + alnum(r, 36)
export const pypiToken = (r: Rng): string => 'pypi-AgEIcHlwaS5vcmc' + r.chars(ALPHA.B64URL, r.int(50, 120))
export const hfToken = (r: Rng): string => 'hf_' + r.chars(ALPHA.ALNUM, 34)
export const sendgridKey = (r: Rng): string => 'SG.' + r.chars(ALPHA.B64URL, 22) + '.' + r.chars(ALPHA.B64URL, 43)
export const twilioToken = (r: Rng): string => hex(r, 32)
export const vaultToken = (r: Rng): string => (r.bool() ? 'hvs.' + r.chars(ALPHA.B64URL, 90) : 's.' + alnum(r, 24))
export const dockerPat = (r: Rng): string => 'dckr_pat_' + r.chars(ALPHA.B64URL, 27)
export const doToken = (r: Rng): string => 'dop_v1_' + hex(r, 64)
export const shopifyToken = (r: Rng): string => r.pick(['shpat_', 'shpss_']) + hex(r, 32)
export const linearKey = (r: Rng): string => 'lin_api_' + alnum(r, 40)
export const notionKey = (r: Rng): string => r.pick(['secret_', 'ntn_']) + alnum(r, 43)
export const mailgunKey = (r: Rng): string => 'key-' + hex(r, 32)
export const genericApiKey = (r: Rng): string => r.chars(ALPHA.ALNUM, r.int(32, 48))

/** A compact JWT with a plausible header and payload and a random signature. */
export const jwt = (r: Rng): string => {
  const enc = (o: unknown): string => b64(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
  const now = 1_760_000_000 + r.int(0, 10_000_000)
  const header = enc({ alg: r.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' })
  const payload = enc({ sub: String(r.int(1000, 99999)), role: r.pick(['authenticated', 'service_role', 'admin']), iat: now, exp: now + 3600 })
  return `${header}.${payload}.${r.chars(ALPHA.B64URL, r.pick([43, 86, 342]))}`
}

/** PEM private key material: the block and the body lines a leak check looks for. */
export const privateKeyPem = (r: Rng): { pem: string; needles: string[] } => {
  const label = r.pick(['RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'DSA PRIVATE KEY'])
  const body = (label === 'OPENSSH PRIVATE KEY' ? 'b3BlbnNzaC1rZXktdjEAAAAA' : 'MII' + r.chars('BCE', 1) + 'v') + randomB64(r, r.int(110, 900))
  const lines: string[] = []
  const width = label === 'OPENSSH PRIVATE KEY' ? 70 : 64
  for (let i = 0; i < body.length; i += width) lines.push(body.slice(i, i + width))
  const pem = `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`
  const middle = lines[Math.floor(lines.length / 2)] ?? ''
  return { pem, needles: [lines[1] ?? middle, middle].filter((l, i, a) => l.length >= 16 && a.indexOf(l) === i) }
}

export const shortBase64Key = (r: Rng, bytes: number): string => randomB64(r, bytes)
export const recoveryPhrase = (r: Rng, words: number): string => Array.from({ length: words }, () => r.pick(WORDS)).join(' ')
