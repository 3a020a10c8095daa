import { ALPHA, type Rng } from './rng'
import { WORDS, alnum, dbName, hex, host, user } from './values'
import type { BenignClass } from './types'

const sentence = (r: Rng, n: number): string => Array.from({ length: n }, () => r.pick(WORDS)).join(' ')

/** Prose, errors, logs and docs that talk about passwords and tokens without containing one. */
export const textBenignClasses: BenignClass[] = [
  {
    name: 'error-messages',
    templates: [
      (r) => `FATAL:  password authentication failed for user "${user(r)}"`,
      (r) => `ERROR 1045 (28000): Access denied for user '${user(r)}'@'${host(r)}' (using password: YES)`,
      () => `ORA-01017: invalid username/password; logon denied`,
      (r) => `Login failed for user '${user(r)}'. Reason: Password did not match that for the login provided. [CLIENT: 10.0.${r.int(0, 255)}.${r.int(1, 254)}]`,
      () => `WRONGPASS invalid username-password pair or user is disabled.`,
      () => `MongoServerError: Authentication failed.\n    at Connection.onMessage (node_modules/mongodb/lib/cmap/connection.js:231:30)`,
      () => `401 Unauthorized: {"error":{"message":"Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error"}}`,
      (r) => `jwt expired at ${2026}-12-0${r.int(1, 7)}T03:00:00.000Z (TokenExpiredError)`,
      () => `psql: error: connection to server at "db.internal" (10.0.3.17), port 5432 failed: fe_sendauth: no password supplied`,
      () => `Error: SQLITE_NOTADB: file is not a database (wrong key?)`,
      () => `remote: Support for password authentication was removed on August 13, 2021.\nfatal: Authentication failed for 'https://github.com/acme/web.git/'`,
      (r) => `[${hex(r, 8)}] invalid_grant: refresh token has been revoked`,
    ],
  },
  {
    name: 'logs-and-traces',
    templates: [
      (r) => Array.from({ length: 25 }, (_, i) => `2026-12-07T03:${String(i).padStart(2, '0')}:${r.int(10, 59)}.${r.int(100, 999)}Z ${r.pick(['INFO', 'WARN', 'DEBUG'])} [${hex(r, 8)}] ${r.pick(['user login ok', 'token refreshed', 'password reset requested', 'session created', 'cache miss'])} user_id=${r.int(1, 99999)} latency_ms=${r.int(1, 900)}`).join('\n'),
      (r) => `Exception in thread "main" java.sql.SQLException: Access denied for user '${user(r)}'@'localhost'\n\tat com.mysql.cj.jdbc.exceptions.SQLError.createSQLException(SQLError.java:129)\n\tat com.mysql.cj.jdbc.ConnectionImpl.createNewIO(ConnectionImpl.java:828)\n\tat com.acme.db.Pool.open(Pool.java:${r.int(10, 400)})`,
      (r) => `Traceback (most recent call last):\n  File "etl.py", line ${r.int(10, 500)}, in <module>\n    conn = psycopg2.connect(dsn)\npsycopg2.OperationalError: FATAL:  password authentication failed for user "etl"`,
      (r) => `{"level":"info","ts":${r.int(1.7e9, 1.8e9)},"msg":"auth","method":"password","result":"success","user":"${user(r)}","trace":"${hex(r, 32)}"}`,
      (r) => `${r.int(1, 12)}/Dec/2026 sshd[${r.int(100, 99999)}]: Failed password for invalid user ${user(r)} from 203.0.113.${r.int(1, 254)} port ${r.int(1024, 65535)} ssh2`,
      (r) => `time="2026-12-07T03:10:00Z" level=warning msg="token refresh failed, retrying" attempt=${r.int(1, 5)} backoff=${r.int(1, 30)}s request_id=${hex(r, 16)}`,
      (r) => `k8s: Warning  FailedMount  ${r.int(1, 59)}s  kubelet  MountVolume.SetUp failed for volume "db-credentials" : secret "db-credentials" not found`,
      (r) => `2026-12-07 03:12:${r.int(10, 59)} UTC [${r.int(1000, 99999)}] LOG:  connection authorized: user=${user(r)} database=${dbName(r)} SSL enabled (protocol=TLSv1.3, cipher=TLS_AES_256_GCM_SHA384)`,
      (r) => `at Object.<anonymous> (/app/node_modules/.pnpm/jsonwebtoken@9.0.2/node_modules/jsonwebtoken/verify.js:${r.int(10, 300)}:19)\nJsonWebTokenError: invalid signature`,
      (r) => `Vault: lease renewed lease_id=database/creds/readonly/${alnum(r, 24)} lease_duration=3600`,
    ],
  },
  {
    name: 'prose-english',
    templates: [
      () => `How do I reset the postgres user's password if I forgot it? I have sudo on the box.`,
      () => `Should I store API keys in environment variables or in a secrets manager? What are the tradeoffs?`,
      () => `Our policy: passwords must be at least 12 characters, rotated every 90 days, and never shared over chat.`,
      () => `Can you explain the difference between an access token and a refresh token in OAuth 2?`,
      (r) => `I rotated the ${r.pick(['Stripe', 'GitHub', 'Slack', 'AWS'])} key this morning, the old one is revoked. Can you update the runbook wording?`,
      () => `Write a query that finds users who have not changed their password in a year.`,
      (r) => `The ${r.pick(WORDS)} migration failed because the password column is NOT NULL but the import had blanks.`,
      () => `Why does my JWT say "invalid signature" when the secret is the same on both services?`,
      () => `Note to self: the DB password lives in 1Password under "Prod Postgres", not in the repo.`,
      (r) => `${sentence(r, 14)}.`,
      () => `If you accidentally commit a secret, rotate it first, then rewrite history — removing it from git is not enough.`,
      () => `Is bcrypt cost 12 still fine in 2026 or should we move to argon2id for password hashing?`,
    ],
  },
  {
    name: 'prose-world-languages',
    templates: [
      () => `¿Cómo cambio la contraseña del usuario postgres sin reiniciar el servidor?`,
      () => `Comment stocker le mot de passe de la base de données de façon sécurisée ?`,
      () => `Wie setze ich das Passwort für den MySQL-Root-Benutzer zurück?`,
      () => `Qual é a melhor forma de guardar a senha do banco num projeto Node?`,
      () => `如何在不重启的情况下修改数据库密码？`,
      () => `パスワードを忘れた場合、どうやってリセットしますか？`,
      () => `비밀번호는 최소 12자 이상이어야 합니다.`,
      () => `Как безопасно хранить пароль от базы данных в Kubernetes?`,
      () => `كيف أغير كلمة المرور لمستخدم قاعدة البيانات؟`,
      () => `पासवर्ड कम से कम बारह अक्षरों का होना चाहिए।`,
      () => `Parola en az 12 karakter olmalı ve her 90 günde değiştirilmeli.`,
      () => `Το token λήγει μετά από μία ώρα· πώς το ανανεώνω;`,
      (r) => `Merci pour ton aide hier ! La requête sur ${dbName(r)} tourne maintenant en ${r.int(2, 90)} ms. 🎉`,
      () => `הסיסמה צריכה להכיל לפחות 12 תווים.`,
    ],
  },
  {
    name: 'docs-and-answers',
    templates: [
      () => '```bash\nexport OPENAI_API_KEY="<your key>"\npython app.py\n```\nReplace `<your key>` with the key from your dashboard.',
      () => `To authenticate, send \`Authorization: Bearer <token>\` where <token> is the access token returned by /oauth/token.`,
      () => 'Use `curl -u USERNAME:PASSWORD https://api.example.com/` only for testing; prefer tokens.',
      () => `Example (from the AWS docs): AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE, AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`,
      () => `CREATE USER name [ [ WITH ] option [ ... ] ]\nwhere option can be:\n    PASSWORD 'password' | PASSWORD NULL\n  | VALID UNTIL 'timestamp'`,
      () => `The connection URI has the form postgresql://[user[:password]@][host][:port][/dbname][?param=value]`,
      () => `Never paste real credentials into the chat. Use placeholders such as <password> or $DB_PASSWORD instead, and load the real value from your secret manager at runtime.`,
      () => "Here is the fixed query:\n```sql\nSELECT u.id, u.email\nFROM users u\nLEFT JOIN password_resets pr ON pr.user_id = u.id\nWHERE pr.id IS NULL;\n```\nIt uses an anti-join instead of NOT IN, which is faster on large tables.",
      () => `IDENTIFIED BY password: specifies the password for the user. The password is case sensitive and may contain any characters from the database character set.`,
      () => `The secret key must be 32 bytes. Generate one with \`openssl rand -hex 32\` and keep it out of version control.`,
      () => `sk_live_ keys are secret; pk_live_ keys are publishable and safe to ship in the browser.`,
      (r) => `Step ${r.int(1, 9)}: run \`gh auth login\` and pick "Login with a web browser"; the CLI stores the token in your keychain.`,
    ],
  },
  {
    name: 'code-and-minified',
    templates: [
      (r) => `!function(e,t){"object"==typeof exports?module.exports=t():e.${alnum(r, 3)}=t()}(this,function(){var e={},t=function(n){return e[n]||(e[n]={exports:{}})};return t("${hex(r, 8)}")});`,
      (r) => `(self.webpackChunk_N_E=self.webpackChunk_N_E||[]).push([[${r.int(100, 999)}],{${r.int(1000, 99999)}:function(e,t,n){"use strict";n.d(t,{Z:function(){return o}});var r=n(${r.int(1000, 9999)}),o=function(e){return(0,r.jsx)("div",{className:"${alnum(r, 8)}",children:e.children})}}}]);`,
      (r) => `import{a as ${alnum(r, 2)}}from"./chunk-${alnum(r, 8)}.js";const p=(t,e)=>t.password===e?"ok":"bad";export{p as check};`,
      (r) => `<script src="/assets/index-${alnum(r, 8)}.js" integrity="sha384-${r.chars(ALPHA.B64, 64)}" crossorigin="anonymous"></script>`,
      () => `function validate(form) {\n  const errors = {}\n  if (!form.password) errors.password = 'Password is required'\n  else if (form.password !== form.confirmPassword) errors.confirmPassword = 'Passwords do not match'\n  return errors\n}`,
      (r) => `.${alnum(r, 6)}{display:flex;align-items:center}.${alnum(r, 6)}:hover{color:#${hex(r, 6)}}.input--password{letter-spacing:.2em}`,
      () => `type Credentials = { username: string; password: string }\nexport const login = (c: Credentials): Promise<Session> => api.post('/login', c)`,
      (r) => `const ICON = "M${r.int(1, 20)}.${r.int(0, 99)} ${r.int(1, 20)}.${r.int(0, 99)}L${r.int(1, 20)} ${r.int(1, 20)}Z${alnum(r, 0)}"; const ID = "${hex(r, 24)}";`,
      (r) => `regex: /^(?=.*[A-Z])(?=.*\\d)(?=.*[!@#$%^&*]).{${r.int(8, 16)},}$/ // at least one capital, digit and symbol`,
      () => `@PostMapping("/login")\npublic ResponseEntity<TokenResponse> login(@RequestBody LoginRequest req) {\n  return ResponseEntity.ok(auth.authenticate(req.username(), req.password()));\n}`,
    ],
  },
]
