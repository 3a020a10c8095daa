/** Value generators: random, never real, shaped like the real thing. */
import type { Rng } from './rng'

export const LOWER = 'abcdefghijklmnopqrstuvwxyz'
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
export const DIGITS = '0123456789'
export const ALNUM = LOWER + UPPER + DIGITS
export const HEX = '0123456789abcdef'
export const B64 = ALNUM + '+/'
export const B64URL = ALNUM + '-_'
export const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export const alnum = (r: Rng, n: number): string => r.chars(ALNUM, n)
export const lower = (r: Rng, n: number): string => r.chars(LOWER + DIGITS, n)
export const upperAlnum = (r: Rng, n: number): string => r.chars(UPPER + DIGITS, n)
export const hex = (r: Rng, n: number): string => r.chars(HEX, n)
export const b64url = (r: Rng, n: number): string => r.chars(B64URL, n)
/** Standard base64 of n random bytes, with padding. */
export const b64bytes = (r: Rng, n: number): string => Buffer.from(Array.from({ length: n }, () => r.int(256))).toString('base64')
export const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64')
export const b64u = (s: string): string => Buffer.from(s, 'utf8').toString('base64url')

/** 256 BIP-39 English words (every eighth of the list). */
export const BIP39 = 'abandon absurd acoustic adapt advice agree alcohol alpha amount animal anxiety arch army artist asthma audit avoid baby bamboo basic beef bench bid blade blossom boil borrow brand bright brown bulk business cactus canal capital cart catch celery champion check chimney cinnamon claw climb clown code come congress copy country craft credit cross crush current damage day decorate deliver deposit despair dial dignity disease divorce donate dragon drink dune eagle ecology either elite empower energy enrich equal escape evoke excuse exotic extra faith fantasy favorite fence figure finish fix flip foam force foster fringe fun gallery gas genre ginger glide goat govern gravity grow gym harbor head help hire home host humor hybrid illegal improve indoor inject insect invite jacket job jungle key kitchen lab laptop lawn lecture length library link loan lottery lunar maid mandate marine math meat mention metal minimum mix monitor mosquito much must narrow neglect never noodle novel object october old only orchard other own pair parade patient pear perfect piano pink plastic poem pool poverty present prison project public puppy pyramid quote rain rare reason reduce relax render require retreat ribbon ring roast rose rug safe sample scale scissors search seek series shallow ship shove siege simple skate slam slot snack sock someone source speed spirit spring stage steel stomach strong subway summer surface swamp switch tag taste tennis then thrive timber tobacco tomorrow topple tower transfer trial truck tumble twice unable unhappy unusual urban vacant vapor venue vibrant virtual voice wait wash wear west whip window wise word wrist youth'.split(' ')
export const seedPhrase = (r: Rng, n: 12 | 24): string[] => Array.from({ length: n }, () => r.pick(BIP39))

const WORDS = ['river', 'falcon', 'copper', 'maple', 'orbit', 'velvet', 'harbor', 'cactus', 'lantern', 'meadow', 'quartz', 'tundra', 'pepper', 'glacier', 'summit', 'walnut', 'ember', 'violet', 'nimbus', 'saffron', 'cobalt', 'juniper', 'marble', 'thistle', 'puffin', 'raven', 'sierra', 'willow']
const SYMBOLS = '!#%*+-.?_~^'

/** A password a person chooses: words, capitals, digits, a symbol; or a manager-made one. */
export const password = (r: Rng): string => {
  switch (r.int(6)) {
    case 0: return cap(r.pick(WORDS)) + r.between(1970, 2029) + r.pick([...SYMBOLS])
    case 1: return r.chars(ALNUM + SYMBOLS, r.between(14, 24))
    case 2: return [r.pick(WORDS), r.pick(WORDS), r.pick(WORDS)].join(r.pick(['-', '.', '_'])) + r.between(2, 99)
    case 3: return leet(r.pick(WORDS) + r.pick(WORDS)) + r.pick([...SYMBOLS]) + r.between(10, 999)
    case 4: return r.chars(ALNUM, r.between(16, 32))
    default: return cap(r.pick(WORDS)) + r.pick([...SYMBOLS]) + r.chars(ALNUM, r.between(6, 10))
  }
}
/** A password without characters that need escaping in a URL, shell or JSON. */
export const safePassword = (r: Rng): string => {
  switch (r.int(3)) {
    case 0: return cap(r.pick(WORDS)) + r.between(1970, 2029) + r.pick(['_', '-', '.'])
    case 1: return r.chars(ALNUM, r.between(16, 28))
    default: return leet(r.pick(WORDS) + cap(r.pick(WORDS))) + r.between(10, 999)
  }
}
const cap = (s: string): string => s[0]!.toUpperCase() + s.slice(1)
const leet = (s: string): string => s.replace(/a/g, '4').replace(/e/g, '3').replace(/o/g, '0').replace(/i/g, '1')

export const user = (r: Rng): string => r.pick(['app', 'svc', 'etl', 'report', 'admin', 'analytics', 'billing', 'dbt', 'airflow', 'readonly', 'migrator', 'grafana']) + r.pick(['', '_rw', '_ro', '_prod', r.between(1, 9).toString()])
export const person = (r: Rng): string => r.pick(['amara', 'jonas', 'li.wei', 'priya', 'mateo', 'olga', 'kenji', 'fatima', 'sven', 'chioma', 'diego', 'aiko', 'noah', 'yusuf'])
export const db = (r: Rng): string => r.pick(['orders', 'warehouse', 'crm', 'billing', 'analytics', 'inventory', 'ledger', 'events', 'payroll', 'catalog'])
export const host = (r: Rng): string => r.pick([
  `db-${r.between(1, 9)}.${r.pick(['prod', 'staging', 'eu', 'us-east'])}.${r.pick(['acme.io', 'internal.lan', 'corp.example.net'])}`,
  `${db(r)}-${lower(r, 6)}.${r.pick(['c9x', 'ck2', 'cz8'])}${lower(r, 6)}.${r.pick(['eu-west-1', 'us-east-2', 'ap-south-1'])}.rds.amazonaws.com`,
  `10.${r.int(255)}.${r.int(255)}.${r.between(2, 254)}`,
  `${lower(r, 8)}.${r.pick(['postgres.database.azure.com', 'mongodb.net', 'snowflakecomputing.com', 'aivencloud.com', 'neon.tech', 'turso.io'])}`,
])
export const port = (r: Rng): number => r.pick([5432, 3306, 1433, 1521, 27017, 6379, 9000, 8123, 5439, 50000, 6432, 3307])
export const uuid = (r: Rng): string => `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-${r.pick(['8', '9', 'a', 'b'])}${hex(r, 3)}-${hex(r, 12)}`
export const awsKeyId = (r: Rng): string => r.pick(['AKIA', 'ASIA']) + r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)
export const awsSecret = (r: Rng): string => r.chars(ALNUM + '+/', 40)
/** A JWT with a random payload and signature (HS256 or RS256-length). */
export const jwt = (r: Rng, claims: Record<string, unknown> = {}): string => {
  const header = b64u(JSON.stringify({ alg: r.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' }))
  const payload = b64u(JSON.stringify({ sub: uuid(r), iat: 1764000000 + r.int(9_000_000), exp: 1766000000 + r.int(9_000_000), ...claims }))
  return `${header}.${payload}.${b64url(r, r.pick([43, 86, 342]))}`
}
/** A fake PEM body: base64 lines of 64 characters. */
export const pemBody = (r: Rng, bytes: number): string[] => {
  const all = b64bytes(r, bytes)
  const lines: string[] = []
  for (let i = 0; i < all.length; i += 64) lines.push(all.slice(i, i + 64))
  return lines
}
export const pem = (r: Rng, label: string, bytes: number): { text: string; needles: string[] } => {
  const body = pemBody(r, bytes)
  return { text: `-----BEGIN ${label}-----\n${body.join('\n')}\n-----END ${label}-----`, needles: [body[1]!, body[Math.floor(body.length / 2)]!] }
}
export const date = (r: Rng): string => `2026-${String(r.between(1, 12)).padStart(2, '0')}-${String(r.between(1, 28)).padStart(2, '0')}`
export const time = (r: Rng): string => `${date(r)}T${String(r.int(24)).padStart(2, '0')}:${String(r.int(60)).padStart(2, '0')}:${String(r.int(60)).padStart(2, '0')}Z`
/** Percent-encodes the characters a URL userinfo cannot hold raw. */
export const pctUserinfo = (s: string): string => s.replace(/[^A-Za-z0-9._~-]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'))
export const jsonEsc = (s: string): string => JSON.stringify(s).slice(1, -1)
export const sqlEsc = (s: string): string => s.replace(/'/g, "''")
