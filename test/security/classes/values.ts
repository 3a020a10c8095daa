import { wordlist } from '@scure/bip39/wordlists/english.js'
import { ALNUM, B64, B64URL, DIGITS, HEX, LOWER, token, UPPER, type Random } from '../corpus/random'

/** A password as people choose them: letters with digits or symbols, never a quote or a backslash. */
export const password = (r: Random): string =>
  r.pick([
    () => `${r.pick(['Summer', 'Dragon', 'Welcome', 'Kaffee', 'Zapato', 'Orange', 'tiger', 'Sunshine'])}${r.int(10, 9999)}${r.pick([...'!#%*+-=?^_~'])}`,
    () => token(r, `${ALNUM}!#%*+-=?^_~`, r.int(10, 20)),
    () => `${token(r, UPPER, 1)}${token(r, LOWER, r.int(4, 7))}${token(r, DIGITS, r.int(2, 4))}${r.pick([...'!#*'])}`,
    // Passwords that end like a name for one (`hunter2-secret`, `blue7_pass`) are still passwords.
    () => `${r.pick(['hunter', 'blue', 'winter', 'kaffee'])}${r.int(1, 99)}${r.pick(['-', '_'])}${r.pick(['secret', 'token', 'key', 'pass', 'credentials'])}`,
  ])()

export const user = (r: Random): string => r.pick(['app', 'admin', 'report_ro', 'svc-sync', 'etl', 'deploy', 'ann', 'sa'])
export const host = (r: Random): string => r.pick(['db.internal', 'pg-01.prod.example.com', '10.0.3.17', 'localhost', 'mysql.eu-west-1.rds.amazonaws.com', 'cache'])
export const port = (r: Random): string => r.pick(['', ':5432', ':3306', ':6379', ':1433'])
export const b64 = (text: string): string => btoa(String.fromCharCode(...new TextEncoder().encode(text)))
export const b64url = (text: string): string => b64(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
export const randomB64 = (r: Random, n: number): string => token(r, B64, n)
export const randomB64url = (r: Random, n: number): string => token(r, B64URL, n)
export const hex = (r: Random, n: number): string => token(r, HEX, n)

/** A PEM body of the given type, with random base64 lines. */
export const pem = (r: Random, type: string, lines = 6): string =>
  `-----BEGIN ${type}-----\n${Array.from({ length: lines }, () => randomB64(r, 64)).join('\n')}\n-----END ${type}-----\n`

/** A BIP39 mnemonic of 12 to 24 words from the English list (checksum not computed: the detector needs none). */
export const mnemonic = (r: Random): string =>
  Array.from({ length: r.pick([12, 15, 18, 21, 24]) }, () => r.pick(wordlist)).join(' ')

export const sshPublic = (r: Random): string =>
  r.pick([
    () => `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${randomB64(r, 43)}`,
    () => `ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ${randomB64(r, 340)}`,
    () => `ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBB${randomB64(r, 86)}=`,
  ])()
