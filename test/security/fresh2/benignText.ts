/** Benign app records, logs, error messages, and prose in many languages that talks about credentials. */
import { database, host, user } from './values'
import { ALNUM, DIGITS, HEX, LOWER, uuid, type Rng } from './rng'
import type { BenignClass } from './types'

const ip = (r: Rng): string => `${r.int(1, 223)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(1, 254)}`

export const textBenignClasses: readonly BenignClass[] = [
  {
    name: 'app-records',
    templates: [
      (r) => JSON.stringify({ theme: r.pick(['dark', 'light', 'system']), editor: { fontSize: r.int(11, 18), tabSize: 2, wordWrap: true, keymap: r.pick(['vim', 'default']) }, autoSaveMs: r.int(500, 5000), telemetry: false }),
      (r) => JSON.stringify({ host: host(r), port: 5432, database: database(r), username: user(r), sslMode: 'verify-full', savePassword: false, color: '#' + r.chars(HEX, 6) }),
      (r) => `Monthly active users by plan. Excludes internal accounts (email LIKE '%@acme.io'). Tags: ${r.pick(['billing, mrr', 'growth, cohort', 'ops, latency'])}`,
      () => `Lists roles whose password expires within 14 days so ops can rotate them before the Friday freeze.`,
      (r) => JSON.stringify({ recentConnections: [uuid(r), uuid(r)], pinnedQueries: [uuid(r)], sidebar: { width: r.int(200, 400), collapsed: false } }),
      (r) => JSON.stringify({ name: `${database(r)} (read replica)`, host: host(r), authMethod: r.pick(['iam', 'kerberos', 'password-prompt', 'aws-secrets-manager']), secretRef: 'prod/db/readonly' }),
      () => `Session summary: we debugged a slow join, added an index on (tenant_id, created_at), and agreed to rotate the service password next sprint.`,
      (r) => JSON.stringify({ shortcuts: { run: 'Mod-Enter', format: 'Shift-Alt-F', toggleSecretsPanel: 'Mod-K' }, lastTab: r.int(0, 5) }),
      () => `Saved query "Failed logins by IP" — counts auth failures per source over the last 24 h; alert when > 50.`,
      (r) => JSON.stringify({ ai: { model: r.pick(['gpt-4o', 'claude-sonnet', 'llama3']), temperature: 0.2, maxTokens: r.int(512, 8192), apiKeySource: 'keychain' } }),
    ],
  },
  {
    name: 'already-redacted',
    templates: [
      (r) => `postgres://${user(r)}:[REDACTED]@${host(r)}:5432/${database(r)}`,
      () => `CREATE USER app IDENTIFIED BY '[REDACTED]';`,
      () => `DB_PASSWORD=[REDACTED]\nDB_HOST=localhost`,
      () => `{"password":"[REDACTED]","user":"app"}`,
      () => `Authorization: Bearer [REDACTED]`,
      () => `my key is [REDACTED], why does it return 401?`,
      () => `-----BEGIN PRIVATE KEY-----\n[REDACTED]\n-----END PRIVATE KEY-----`,
      () => `password=******** user=admin host=db.local`,
      (r) => `Server=${host(r)};User Id=sa;Password=[REDACTED];`,
      () => `AWS_SECRET_ACCESS_KEY=[REDACTED]`,
    ],
  },
  {
    name: 'logs-benign',
    templates: [
      (r) => Array.from({ length: 12 }, () => `${ip(r)} - - [01/Dec/2026:10:${r.int(10, 59)}:${r.int(10, 59)} +0000] "${r.pick(['GET', 'POST'])} /api/${r.pick(['orders', 'users', 'login', 'reports'])}/${r.int(1, 9999)} HTTP/1.1" ${r.pick([200, 201, 304, 401, 404, 500])} ${r.int(100, 90000)} "-" "Mozilla/5.0"`).join('\n'),
      (r) => `2026-12-01 10:00:0${r.int(0, 9)}.123 UTC [${r.int(1000, 99999)}] FATAL:  password authentication failed for user "${user(r)}"\n2026-12-01 10:00:0${r.int(0, 9)}.124 UTC [${r.int(1000, 99999)}] DETAIL:  Connection matched pg_hba.conf line 99: "host all all 0.0.0.0/0 scram-sha-256"`,
      (r) => `{"ts":"2026-12-01T10:00:00Z","level":"info","msg":"token refreshed","user_id":${r.int(1, 99999)},"expires_in":3600,"trace_id":"${r.chars(HEX, 32)}"}`,
      (r) => `[${new Date(Date.UTC(2026, 11, 1, 9, r.int(0, 59))).toISOString()}] INFO  HikariPool-1 - Start completed.\n[…] WARN  HikariPool-1 - Connection is not available, request timed out after 30000ms (total=10, active=10, idle=0, waiting=${r.int(1, 50)})`,
      (r) => `Dec  1 10:00:00 ${r.chars(LOWER, 6)} sshd[${r.int(1000, 99999)}]: Failed password for invalid user admin from ${ip(r)} port ${r.int(1024, 65535)} ssh2`,
      (r) => `${r.chars(HEX, 12)}  ${r.pick(['api', 'worker', 'db'])}  Up ${r.int(1, 59)} minutes  0.0.0.0:${r.int(3000, 9000)}->8080/tcp`,
      (r) => `audit: type=USER_AUTH msg=audit(1764590000.${r.int(100, 999)}:${r.int(100, 999)}): pid=${r.int(100, 9999)} uid=0 auid=1000 ses=3 msg='op=PAM:authentication grantors=pam_unix acct="${user(r)}" exe="/usr/bin/sudo" res=success'`,
      (r) => `Vault: secret/data/prod/db version ${r.int(2, 40)} created_time=2026-11-30T08:00:00Z deletion_time=n/a destroyed=false`,
      () => `kubectl get secrets -n prod\nNAME             TYPE     DATA   AGE\ndb-credentials   Opaque   2      41d\napi-keys         Opaque   5      12d`,
      (r) => `Query complete (${r.int(1, 60)}.${r.int(0, 9)} sec elapsed, ${r.int(1, 900)} GB processed)`,
    ],
  },
  {
    name: 'error-messages',
    templates: [
      (r) => `ERROR 1045 (28000): Access denied for user '${user(r)}'@'${ip(r)}' (using password: YES)`,
      () => `ORA-01017: invalid username/password; logon denied`,
      (r) => `Msg 18456, Level 14, State 1, Server ${host(r)}, Line 1\nLogin failed for user '${user(r)}'.`,
      () => `MongoServerError: Authentication failed.`,
      () => `(error) NOAUTH Authentication required.`,
      () => `(error) WRONGPASS invalid username-password pair or user is disabled.`,
      () => `openai.AuthenticationError: Error code: 401 - {'error': {'message': 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.', 'type': 'invalid_request_error', 'code': 'invalid_api_key'}}`,
      () => `psql: error: connection to server at "localhost" (::1), port 5432 failed: fe_sendauth: no password supplied`,
      () => `botocore.exceptions.ClientError: An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid.`,
      () => `Error: error:1E08010C:DECODER routines::unsupported — the private key file could not be parsed`,
      () => `SQLSTATE[HY000] [1045] Access denied for user 'forge'@'localhost' (using password: NO)`,
      () => `JsonWebTokenError: invalid signature`,
      () => `Error: Your password has expired. To log on you must change it.`,
    ],
  },
  {
    name: 'chat-about-credentials',
    templates: [
      () => `How do I rotate the password of a Postgres role without downtime? We use pgbouncer in transaction mode.`,
      () => `Should API keys be stored hashed like passwords, or encrypted? We need to show the last 4 characters.`,
      () => `Wie setze ich das root-Passwort in MySQL 8 zurück, wenn ich es vergessen habe?`,
      () => `¿Cuál es la mejor forma de guardar la contraseña de la base de datos en Kubernetes?`,
      () => `Comment configurer l'authentification par clé SSH au lieu du mot de passe ?`,
      () => `Как безопасно хранить пароль от базы данных в приложении на Go?`,
      () => `パスワードをハッシュ化するにはbcryptとargon2のどちらがいいですか？`,
      () => `数据库密码应该放在环境变量里还是配置文件里？`,
      () => `비밀번호 정책: 최소 12자, 대문자와 숫자를 포함해야 합니다.`,
      () => `ما هي أفضل طريقة لتخزين كلمة المرور في قاعدة البيانات؟`,
      () => `पासवर्ड को डेटाबेस में सुरक्षित तरीके से कैसे स्टोर करें?`,
      () => `The password must be at least 12 characters and contain one digit. Passwords like "password" are rejected.`,
      () => `Please don't paste your password or API key here; use the connection dialog, it stores it in the OS keychain.`,
      () => `Our SOC2 auditor asked where the signing keys live. Answer: in KMS, never exported; rotation every 90 days.`,
    ],
  },
  {
    name: 'prose-other-senses',
    templates: [
      () => `This prompt used 1,284 input tokens and 311 output tokens.`,
      () => `The key insight is that the index on (tenant_id, created_at) makes the range scan cheap.`,
      () => `Primary key vs unique key: a table has one primary key but can have many unique keys.`,
      () => `The secret sauce of this query is the LATERAL join.`,
      () => `Ce morceau est en ré mineur — the key of D minor — et le passage au pont est magnifique.`,
      () => `他把球传给了队友，然后跑到了禁区。`,
      () => `Die Schlüsselfrage ist, ob wir die Tabelle partitionieren.`,
      () => `Passe-moi le sel, s'il te plaît. 🧂`,
      () => `Tokenization splits "unbelievable" into three subword tokens.`,
      () => `Keyboard shortcut: press Ctrl+K to open the command palette, Esc to close.`,
      () => `Сегодня мы обсуждали шардирование и ключи партиционирования в ClickHouse.`,
      () => `今日は天気がいいので、ミーティングは外でやりましょう。`,
      () => `مرحبا، هل يمكنك مساعدتي في كتابة استعلام يجمع المبيعات حسب الشهر؟`,
      (r) => `Meeting notes ${r.int(1, 28)}/11: hallway pass system, the boarding pass printer, and a mountain pass hike on Saturday.`,
    ],
  },
  {
    name: 'minified-code',
    templates: [
      (r) => `!function(e,t){"object"==typeof exports?module.exports=t():e.${r.chars(LOWER, 4)}=t()}(this,function(){var e=${r.int(1, 99)},t={},n=function(r){return t[r]||(t[r]=e+r.length)};return{get:n,id:"${r.chars(ALNUM, 16)}"}});`,
      (r) => `(self.webpackChunkapp=self.webpackChunkapp||[]).push([[${r.int(100, 999)}],{${r.int(1000, 9999)}:(e,t,n)=>{"use strict";n.d(t,{Z:()=>o});var r=n(${r.int(1000, 9999)}),o=function(e){return(0,r.jsx)("div",{className:"${r.chars(ALNUM, 8)}",children:e.children})}}}]);`,
      (r) => `{"version":3,"sources":["../src/index.ts"],"names":["a","b"],"mappings":"${Array.from({ length: 40 }, () => r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', r.int(4, 8))).join(';')}"}`,
      (r) => `.${r.chars(LOWER, 6)}{display:flex;align-items:center}.${r.chars(LOWER, 6)}:hover{color:#${r.chars(HEX, 6)}}.css-${r.chars(LOWER + DIGITS, 7)}{margin:0 auto;max-width:${r.int(600, 1400)}px}`,
      (r) => `const a=${r.int(1, 9)},b="${r.chars(ALNUM, 24)}",c=(d,e)=>d.map(f=>f[e]??b).filter(Boolean);export{a as A,c as C};`,
      (r) => `import{r as ${r.chars(LOWER, 2)}}from"./vendor-${r.chars(ALNUM, 8)}.js";import"./index-${r.chars(ALNUM, 8)}.css";`,
      (r) => `function ${r.chars(LOWER, 1)}(e){let t=0;for(let n=0;n<e.length;n++)t=(t<<5)-t+e.charCodeAt(n)|0;return t>>>0}var BUILD_ID="${r.chars(HEX, 32)}";`,
    ],
  },
]

