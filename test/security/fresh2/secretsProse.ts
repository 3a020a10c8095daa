/** Secrets told in prose (many human languages and scripts), wallet phrases, and pasted logs that carry one. */
import { awsSecret, database, host, jwt, mnemonic, passphrase, password, user } from './values'
import { ALNUM, HEX, uuid } from './rng'
import type { SecretClass } from './types'

const clean = (p: string): string => p.replace(/["'`\s]/g, '')
/** A phrase with a few words missing is still guessable: each half is a needle, so a half left intact is a leak. */
const halves = (m: string): string[] => {
  const w = m.split(' ')
  return [w.slice(0, w.length / 2).join(' '), w.slice(w.length / 2).join(' ')]
}

export const proseSecretClasses: readonly SecretClass[] = [
  {
    name: 'chat-password-latin',
    context: 'chat',
    templates: [
      (r) => { const p = clean(password(r)); return [`the prod db password is ${p}, can you write me a query that lists the biggest tables?`, [p]] },
      (r) => { const p = clean(password(r)); return [`Hola! mi contraseña de la base es ${p} y no me deja entrar con el usuario ${user(r)}`, [p]] },
      (r) => { const p = clean(password(r)); return [`Kannst du mir helfen? Benutzer: ${user(r)}, Passwort: ${p}, Host ${host(r)}`, [p]] },
      (r) => { const p = clean(password(r)); return [`Le mot de passe du compte de service est « ${p} », il expire vendredi.`, [p]] },
      (r) => { const p = clean(password(r)); return [`a senha do root é ${p} — pode verificar se o GRANT está certo?`, [p]] },
      (r) => { const p = clean(password(r)); return [`Şifre: ${p} ama bağlantı reddediliyor`, [p]] },
      (r) => { const p = clean(password(r)); return [`login ${user(r)} / ${p} on ${host(r)} works from my laptop but not from the VPN`, [p]] },
      (r) => { const p = clean(password(r)); return [`wachtwoord voor de staging db: ${p}`, [p]] },
      (r) => { const p = clean(password(r)); return [`La password dell'utente ${user(r)} è ${p}`, [p]] },
      (r) => { const p = passphrase(r); return [`pw for the jump host is "${p}" (yes with the separators)`, [p]] },
      (r) => { const p = clean(password(r)); return [`creds: ${user(r)} ${p}`, [p]] },
      (r) => { const p = clean(password(r)); return [`Hasło do bazy to ${p}, nie mów nikomu`, [p]] },
    ],
  },
  {
    name: 'chat-password-other-scripts',
    context: 'chat',
    templates: [
      (r) => { const p = clean(password(r)); return [`мой пароль от базы ${p}, почему psql пишет FATAL?`, [p]] },
      (r) => { const p = clean(password(r)); return [`データベースのパスワードは ${p} です。接続できません。`, [p]] },
      (r) => { const p = clean(password(r)); return [`我的数据库密码是${p}，用户名是${user(r)}`, [p]] },
      (r) => { const p = clean(password(r)); return [`비밀번호: ${p} 로 접속이 안 돼요`, [p]] },
      (r) => { const p = clean(password(r)); return [`كلمة المرور هي ${p} لكن الاتصال يفشل`, [p]] },
      (r) => { const p = clean(password(r)); return [`पासवर्ड ${p} है, फिर भी लॉगिन नहीं हो रहा`, [p]] },
      (r) => { const p = clean(password(r)); return [`הסיסמה למסד הנתונים היא ${p}`, [p]] },
      (r) => { const p = clean(password(r)); return [`Κωδικός πρόσβασης: ${p}`, [p]] },
      (r) => { const p = clean(password(r)); return [`รหัสผ่านคือ ${p} ครับ`, [p]] },
      (r) => { const p = clean(password(r)); return [`Mật khẩu của tài khoản admin là ${p}`, [p]] },
      (r) => { const p = clean(password(r)); return [`用户 ${user(r)} 密码 ${p} 主机 ${host(r)} 端口 5432`, [p]] },
      (r) => { const p = clean(password(r)); return [`🔑 ${p} ← that's the new one for ${database(r)}`, [p]] },
    ],
  },
  {
    name: 'wallet-recovery-phrase',
    context: 'chat',
    templates: [
      (r) => { const m = mnemonic(r, 12); return [`my seed phrase is ${m} — how do I store it encrypted in sqlite?`, halves(m)] },
      (r) => { const m = mnemonic(r, 24); return [`recovery phrase:\n${m}`, halves(m)] },
      (r) => { const m = mnemonic(r, 12); return [`INSERT INTO wallets (label, mnemonic) VALUES ('cold', '${m}');`, halves(m)] },
      (r) => { const m = mnemonic(r, 12); return [`助记词：${m}`, halves(m)] },
      (r) => { const m = mnemonic(r, 24); const words = m.split(' '); return [words.map((w, i) => `${i + 1}. ${w}`).join('\n'), [words.slice(0, 6).map((w, i) => `${i + 1}. ${w}`).join('\n')]] },
      (r) => { const m = mnemonic(r, 12); return [`{"wallet":"metamask","phrase":"${m}"}`, halves(m)] },
      (r) => { const m = mnemonic(r, 12); return [`frase de recuperação: ${m}`, halves(m)] },
    ],
  },
  {
    name: 'log-paste-with-secret',
    context: 'chat',
    templates: [
      (r) => { const p = clean(password(r, 'url')); return [`Exception in thread "main" java.sql.SQLException: Access denied\n\tat com.mysql.cj.jdbc.ConnectionImpl.<init>(ConnectionImpl.java:448)\nCaused by: url=jdbc:mysql://${host(r)}:3306/${database(r)}?user=${user(r)}&password=${p}`, [p]] },
      (r) => { const p = clean(password(r)).replace(/[,}]/g, ''); return [`2026-11-30T10:14:02.331Z DEBUG config loaded {"db":{"host":"${host(r)}","user":"${user(r)}","password":"${p}"},"port":8080}`, [p]] },
      (r) => { const s = awsSecret(r); return [`[2026-12-01 09:00:01] botocore.credentials DEBUG Found credentials in environment variables.\nAWS_SECRET_ACCESS_KEY=${s}\n[2026-12-01 09:00:02] ERROR SignatureDoesNotMatch`, [s]] },
      (r) => { const t = jwt(r); return [`127.0.0.1 - - [01/Dec/2026:10:00:00 +0000] "GET /api/orders?access_token=${t} HTTP/1.1" 200 5123`, [t]] },
      (r) => { const p = clean(password(r, 'url')); return [`Traceback (most recent call last):\n  File "etl.py", line 12, in <module>\n    engine = create_engine("postgresql://${user(r)}:${p}@${host(r)}/${database(r)}")\nsqlalchemy.exc.OperationalError: could not translate host name`, [p]] },
      (r) => { const p = clean(password(r)).replace(/[;]/g, ''); return [`fail: Microsoft.EntityFrameworkCore.Database.Connection[20004]\n      An error occurred using the connection to database '${database(r)}' on server '${host(r)}'. ConnectionString: Server=${host(r)};User Id=${user(r)};Password=${p};`, [p]] },
      (r) => { const k = r.chars(ALNUM, 40); return [`{"level":"error","msg":"upstream 401","request":{"headers":{"authorization":"Token ${k}","x-request-id":"${uuid(r)}"}}}`, [k]] },
      (r) => { const p = clean(password(r)); return [`+ export PGPASSWORD=${p}\n+ psql -h ${host(r)} -U ${user(r)} -f migrate.sql\npsql: error: connection to server failed: timeout`, [p]] },
      (r) => { const s = r.chars(HEX, 40); return [`WARN  [runner] git clone https://oauth2:${s}@gitlab.acme.io/data/etl.git failed with exit 128`, [s]] },
    ],
  },
]
