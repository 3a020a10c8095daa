/**
 * Generated secret values, shaped like what people really use (never real ones), and the ordinary vocabulary
 * (hosts, users, databases) the templates put around them.
 */
import { ALNUM, B64URL, BASE32, DIGITS, HEX, LOWER, UPPER, base64Bytes, base64urlBytes, b64url, hexBytes, wrap, type Rng } from './rng'

const WORDS = ['maple', 'rocket', 'silent', 'ember', 'harbor', 'violet', 'canyon', 'pickle', 'orbit', 'falcon', 'tundra',
  'walnut', 'cobalt', 'meadow', 'lantern', 'quartz', 'saddle', 'thistle', 'glacier', 'marble', 'pepper', 'raven', 'summit',
  'juniper', 'otter', 'copper', 'velvet', 'zephyr', 'biscuit', 'harvest', 'nimbus', 'poplar']
const SYMBOLS = '!#$%^&*-_+=?.~'

export const host = (r: Rng): string =>
  r.pick([
    `db-${r.int(1, 9)}.prod.internal`, `${r.pick(['orders', 'billing', 'crm', 'events'])}-db.${r.pick(['cluster-c', 'cluster-ro-c'])}${r.chars(LOWER + DIGITS, 12)}.${r.pick(['us-east-1', 'eu-west-2', 'ap-south-1'])}.rds.amazonaws.com`,
    `10.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`, `pg-${r.chars(LOWER, 6)}.postgres.database.azure.com`,
    `${r.pick(['analytics', 'warehouse', 'replica'])}.${r.pick(['acme', 'globex', 'initech', 'umbrella'])}.${r.pick(['com', 'io', 'net'])}`,
    'localhost', `mysql-${r.int(0, 3)}.mysql.svc.cluster.local`,
  ])
export const user = (r: Rng): string => r.pick(['app', 'postgres', 'root', 'sa', 'admin', 'svc_etl', 'report_ro', 'django', 'api_user', 'scott', 'dbadmin', 'loader', 'metabase'])
export const database = (r: Rng): string => r.pick(['orders', 'appdb', 'analytics', 'prod', 'crm', 'inventory', 'warehouse', 'billing', 'postgres', 'events'])

/** A human-made password: words, a year or digits, a symbol. */
const humanPassword = (r: Rng): string => {
  const w = r.pick(WORDS)
  const cap = w[0]!.toUpperCase() + w.slice(1)
  return r.pick([
    `${cap}${r.int(1970, 2029)}${r.pick(['!', '#', '$', '?', '*'])}`,
    `${cap}-${r.pick(WORDS)}-${r.int(10, 99)}`,
    `${r.pick(WORDS)}${r.pick(['_', '.', ''])}${r.pick(WORDS)}${r.int(100, 9999)}`,
    `${cap.replace(/o/g, '0').replace(/e/g, '3').replace(/a/g, '@')}${r.chars(DIGITS, 3)}${r.pick(['!', '%', '&'])}`,
  ])
}

/** A password as a password manager or `openssl rand` makes it. */
const generatedPassword = (r: Rng, symbols: string): string => {
  const len = r.int(14, 28)
  let p = r.chars(ALNUM + symbols, len)
  // Make sure it has a digit and an upper-case letter, as most policies insist.
  p = p.slice(0, 3) + r.pick([...DIGITS]) + r.pick([...UPPER]) + p.slice(5)
  return p
}

/**
 * A password safe inside the given context. `set` says which symbols the surrounding syntax tolerates unescaped:
 * 'url' (none that need encoding), 'quoted' (no quotes or backslashes), 'bare' (no spaces, quotes, ; or #).
 */
export const password = (r: Rng, set: 'url' | 'quoted' | 'bare' = 'quoted'): string => {
  const symbols = set === 'url' ? '-_.~!*' : set === 'quoted' ? SYMBOLS + '@:/' : '!$%^&*-_+=?.~@'
  const p = r.chance(0.45) ? humanPassword(r) : generatedPassword(r, symbols)
  return set === 'url' ? p.replace(/[^A-Za-z0-9\-_.~!*]/g, '') || 'Xy7-' + r.chars(ALNUM, 10) : p
}

export const passphrase = (r: Rng): string => Array.from({ length: r.int(4, 5) }, () => r.pick(WORDS)).join(r.pick(['-', ' ', '.']))

export const awsKeyId = (r: Rng, prefix = 'AKIA'): string => prefix + r.chars(UPPER + '234567', 16)
export const awsSecret = (r: Rng): string => r.chars(ALNUM + '+/', 40)
export const githubPat = (r: Rng): string => r.pick(['ghp_', 'gho_', 'ghs_', 'ghu_']) + r.chars(ALNUM, 36)
export const githubFineGrained = (r: Rng): string => `github_pat_${r.chars(ALNUM, 22)}_${r.chars(ALNUM, 59)}`
export const jwt = (r: Rng, claims?: Record<string, unknown>): string => {
  const header = b64url(JSON.stringify({ alg: r.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' }))
  const body = b64url(JSON.stringify(claims ?? { sub: String(r.int(1000, 99999)), email: `${r.pick(WORDS)}@example.com`, role: r.pick(['admin', 'authenticated', 'service_role']), iat: 1760000000 + r.int(0, 9999999), exp: 1790000000 + r.int(0, 9999999) }))
  return `${header}.${body}.${base64urlBytes(r, r.pick([32, 64]))}`
}
export const hexSecret = (r: Rng, bytes = 32): string => hexBytes(r, bytes)
export const slackToken = (r: Rng): string => `${r.pick(['xoxb', 'xoxp', 'xoxa-2', 'xoxe.xoxp-1'])}-${r.chars(DIGITS, 12)}-${r.chars(DIGITS, 13)}-${r.chars(ALNUM, 24)}`
export const stripeKey = (r: Rng): string => `${r.pick(['sk_live_', 'rk_live_', 'sk_test_'])}${r.chars(ALNUM, r.pick([24, 99]))}`
export const openaiKey = (r: Rng): string => r.pick([`sk-proj-${r.chars(B64URL, 156)}`, `sk-${r.chars(ALNUM, 20)}T3BlbkFJ${r.chars(ALNUM, 20)}`, `sk-svcacct-${r.chars(B64URL, 120)}`])
export const anthropicKey = (r: Rng): string => `sk-ant-api03-${r.chars(B64URL, 93)}AA`
export const googleApiKey = (r: Rng): string => `AIza${r.chars(ALNUM + '-_', 35)}`
export const base32Secret = (r: Rng, len = 32): string => r.chars(BASE32, len)
export const hexChars = (r: Rng, n: number): string => r.chars(HEX, n)

/** A random PEM block; the returned `body` lines are what must not leave. */
export const pem = (r: Rng, label: string, bytes: number): { block: string; body: string[] } => {
  const body = wrap(base64Bytes(r, bytes), 64)
  return { block: [`-----BEGIN ${label}-----`, ...body, `-----END ${label}-----`].join('\n'), body }
}

export const opensshKey = (r: Rng): { block: string; body: string[] } => {
  const raw = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW' + base64Bytes(r, 300)
  const body = wrap(raw, 70)
  return { block: ['-----BEGIN OPENSSH PRIVATE KEY-----', ...body, '-----END OPENSSH PRIVATE KEY-----'].join('\n'), body }
}

/** Real BIP-39 words (a subset); a phrase from them is what a wallet shows. */
const BIP39 = ('abandon ability able about above absent absorb abstract absurd abuse access accident account accuse achieve acid ' +
  'acoustic acquire across act action actor actress actual adapt add addict address adjust admit adult advance advice aerobic ' +
  'affair afford afraid again age agent agree ahead aim air airport aisle alarm album alcohol alert alien all alley allow almost ' +
  'alone alpha already also alter always amateur amazing among amount amused analyst anchor ancient anger angle angry animal ' +
  'ankle announce annual another answer antenna antique anxiety any apart apology appear apple approve april arch arctic area ' +
  'arena argue arm armed armor army around arrange arrest arrive arrow art artefact artist artwork ask aspect assault asset ' +
  'assist assume asthma athlete atom attack attend attitude attract auction audit august aunt author auto autumn average ' +
  'avocado avoid awake aware away awesome awful awkward axis baby bachelor bacon badge bag balance balcony ball bamboo banana ' +
  'banner bar barely bargain barrel base basic basket battle beach bean beauty because become beef before begin behave behind ' +
  'believe below belt bench benefit best betray better between beyond bicycle bid bike bind biology bird birth bitter black ' +
  'blade blame blanket blast bleak bless blind blood blossom blouse blue blur blush board boat body boil bomb bone bonus book ' +
  'zebra zero zone zoo wolf woman wonder wood wool word work world worry worth wrap wreck wrestle wrist write wrong yard year').split(' ')

export const mnemonic = (r: Rng, words: 12 | 24): string => Array.from({ length: words }, () => r.pick(BIP39)).join(' ')
