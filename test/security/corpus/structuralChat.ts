import { ALNUM, HEX, humanPassword, token, type Random } from './random'
import type { Structural } from './structuralSql'

const pw = (r: Random): string => humanPassword(r, '!#%*+-=?@^_~').replace(/[.,]$/, '')
const user = (r: Random): string => r.pick(['admin', 'root', 'ann', 'deploy', 'sa'])

/** How people paste credentials into an AI chat, in several languages. */
export const CHAT_FORMATS: readonly Structural[] = [
  ['chat-en-my-password-is', (r) => { const p = pw(r); return { text: `I can't log in, my password is ${p} and it worked yesterday.`, needles: [p] } }],
  ['chat-en-the-key-hex', (r) => { const k = token(r, HEX, 64); return { text: `the key: ${k}\ndoes it need to be base64?`, needles: [k] } }],
  ['chat-en-user-slash-pw', (r) => { const p = pw(r); return { text: `login is ${user(r)} / ${p} on the staging box`, needles: [p] } }],
  ['chat-en-set-pgpassword-to', (r) => { const p = pw(r); return { text: `I set PGPASSWORD to ${p} but psql still asks for a password`, needles: [p] } }],
  ['chat-en-use-as-password', (r) => { const p = pw(r); return { text: `try using ${p} as the password for the replica`, needles: [p] } }],
  ['chat-en-changed-password-to', (r) => { const p = pw(r); return { text: `I changed the root password to ${p} yesterday, now the app fails`, needles: [p] } }],
  ['chat-en-token-for-staging', (r) => { const t = token(r, ALNUM, 32); return { text: `here's the token for staging: ${t}`, needles: [t] } }],
  ['chat-en-aws-secret-in-sentence', (r) => { const s = token(r, `${ALNUM}/+`, 40); return { text: `the AWS secret is ${s} and the region is eu-west-1`, needles: [s] } }],
  ['chat-en-aws-pair-no-word', (r) => { const k = `AKIA${token(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`; const s = token(r, `${ALNUM}/+`, 40); return { text: `${k} ${s} why does boto say signature mismatch?`, needles: [k, s] } }],
  ['chat-de-passwort', (r) => { const p = pw(r); return { text: `Das Passwort ist ${p}, bitte nicht weitergeben.`, needles: [p] } }],
  ['chat-de-kennwort-lautet', (r) => { const p = pw(r); return { text: `Mein Kennwort lautet ${p}`, needles: [p] } }],
  ['chat-de-passwort-colon', (r) => { const p = pw(r); return { text: `Benutzer: ${user(r)}\nPasswort: ${p}`, needles: [p] } }],
  ['chat-es-contrasena', (r) => { const p = pw(r); return { text: `contraseña: ${p}`, needles: [p] } }],
  ['chat-es-la-contrasena-es', (r) => { const p = pw(r); return { text: `la contraseña es ${p} y el usuario es ${user(r)}`, needles: [p] } }],
  ['chat-fr-mot-de-passe', (r) => { const p = pw(r); return { text: `le mot de passe est ${p} pour la base de prod`, needles: [p] } }],
  ['chat-fr-mot-de-passe-colon', (r) => { const p = pw(r); return { text: `Mot de passe : ${p}`, needles: [p] } }],
  ['chat-pt-senha', (r) => { const p = pw(r); return { text: `a senha é ${p}, pode testar?`, needles: [p] } }],
  ['chat-it-password-e', (r) => { const p = pw(r); return { text: `la password è ${p} per il server di test`, needles: [p] } }],
  ['chat-nl-wachtwoord', (r) => { const p = pw(r); return { text: `wachtwoord: ${p}`, needles: [p] } }],
  ['chat-pl-haslo', (r) => { const p = pw(r); return { text: `hasło: ${p}`, needles: [p] } }],
  ['chat-ru-parol', (r) => { const p = pw(r); return { text: `пароль: ${p}`, needles: [p] } }],
  ['chat-ja-password', (r) => { const p = pw(r); return { text: `パスワードは ${p} です`, needles: [p] } }],
  ['chat-zh-mima', (r) => { const p = pw(r); return { text: `密码是 ${p}，用户名是 ${user(r)}`, needles: [p] } }],
  ['chat-zh-fullwidth-colon', (r) => { const p = pw(r); return { text: `数据库密码：${p}`, needles: [p] } }],
  ['chat-tr-sifre', (r) => { const p = pw(r); return { text: `şifre: ${p}`, needles: [p] } }],
  ['chat-sv-losenord', (r) => { const p = pw(r); return { text: `lösenordet är ${p}`, needles: [p] } }],
  ['chat-ko-password', (r) => { const p = pw(r); return { text: `비밀번호: ${p}`, needles: [p] } }],
  ['chat-en-pw-quoted', (r) => { const p = pw(r); return { text: `the password is "${p}" (with the quotes removed)`, needles: [p] } }],
]
