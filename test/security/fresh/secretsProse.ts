import type { Rng } from './rng'
import { alnum, dbName, githubToken, host, jwt, openaiKey, password, stripeKey, user } from './values'
import { sample, type SecretClass, type SecretSample } from './types'

/** A token a person might paste in prose, with its kind. */
const token = (r: Rng): string => r.pick([openaiKey, stripeKey, githubToken])(r)

const prose = (context: string, before: string, after = ''): ((r: Rng) => SecretSample) => (r) => {
  const p = password(r)
  return sample(context, `${before}${p}${after}`, p)
}

/** Chat messages to an AI assistant, in English: the secret sits in ordinary sentences. */
export const proseSecretClasses: SecretClass[] = [
  {
    name: 'sql-comments-and-metadata',
    templates: [
      prose('sql-comment', '-- run as etl / ', '\nSELECT * FROM staging.orders WHERE loaded_at > now() - interval \'1 day\';'),
      prose('sql-comment', '/* prod creds: admin ', ' */\nSELECT count(*) FROM users;'),
      prose('saved-query-description', 'Nightly revenue rollup. Needs the reporting login (pw ', ') because the view is restricted.'),
      (r) => { const p = password(r); return sample('saved-query-json', JSON.stringify({ name: 'Churn by cohort', description: `connect with ${user(r)}:${p} on ${host(r)}`, tags: ['finance', 'weekly'] }), p) },
      (r) => { const t = token(r); return sample('sql-comment', `# TODO remove before commit: token=${t}\nSELECT id FROM events LIMIT 10;`, t) },
      prose('mssql-comment', '-- sa password after reinstall: ', '\nGO\nSELECT name FROM sys.databases;'),
      (r) => { const t = jwt(r); return sample('chat-markdown', '```http\nGET /v1/me\nAuthorization: Bearer ' + t + '\n```\nwhy 401?', t) },
      prose('tags', 'tags: [prod, ' + 'readonly, pass=', ']'),
      (r) => { const p = password(r); return sample('snowflake-worksheet', `-- ${dbName(r)} worksheet\n-- login: ${user(r)} / ${p}\nUSE WAREHOUSE COMPUTE_WH;`, p) },
    ],
  },
  {
    name: 'chat-english',
    templates: [
      prose('chat', 'the prod db password is ', ' — can you help me write a query that lists the biggest tables?'),
      prose('chat', 'I keep getting "access denied" when I log in as admin with ', ', what am I doing wrong?'),
      (r) => { const p = password(r); return sample('chat', `user: ${user(r)}\npass: ${p}\nhost: ${host(r)}\nwhy does DBeaver time out?`, p) },
      prose('chat', 'New creds for staging after the rotation: reporting / ', ' (same host as before)'),
      (r) => { const t = token(r); return sample('chat', `My API key is ${t}. Write a Python script that calls the API and saves the JSON to Postgres.`, t) },
      prose('chat', 'pw for the analytics warehouse = ', ''),
      prose('chat-markdown', 'Here are the credentials:\n\n| field | value |\n|---|---|\n| user | app |\n| password | ', ' |'),
      prose('chat', 'Try logging in with passphrase ', ' and tell me whether the SSH key prompt still shows'),
      (r) => { const t = alnum(r, 40); return sample('chat', `use this token when you call the endpoint: ${t}`, t) },
      prose('chat-email', 'Hi Sam,\nyour temporary password is ', '\nPlease change it at first login.\nIT'),
    ],
  },
  {
    name: 'chat-latin-languages',
    templates: [
      prose('es', 'la contraseña de la base de datos es ', ', ¿por qué no puedo conectarme?'),
      prose('fr', 'Le mot de passe de prod est ', ' — peux-tu écrire la requête ?'),
      prose('de', 'Passwort für den Server: ', ' (bitte nicht weitergeben)'),
      prose('pt', 'a senha do banco é ', ' e o usuário é admin'),
      prose('it', 'la password del database è ', ', grazie'),
      prose('nl', 'het wachtwoord is ', ' voor de gebruiker report'),
      prose('pl', 'hasło do bazy: ', ''),
      prose('tr', 'veritabanı şifresi ', ' ama bağlanamıyorum'),
      prose('sv', 'lösenordet till databasen är ', ''),
      prose('id', 'kata sandi database-nya ', ' tolong bantu'),
      prose('vi', 'mật khẩu là ', ' nhé'),
      (r) => { const t = token(r); return sample('es', `mi clave de API es ${t}, escríbeme un script en Node`, t) },
    ],
  },
  {
    name: 'chat-other-scripts',
    templates: [
      prose('ru', 'пароль от базы: ', ', помоги написать запрос'),
      prose('uk', 'пароль до сервера ', ''),
      prose('zh', '数据库密码是', '，帮我写一个查询'),
      prose('zh-tw', '密碼：', ''),
      prose('ja', 'DBのパスワードは', 'です。クエリを書いてください。'),
      prose('ko', '데이터베이스 비밀번호는 ', '입니다'),
      prose('ar', 'كلمة المرور هي ', ''),
      prose('he', 'הסיסמה היא ', ''),
      prose('hi', 'डेटाबेस का पासवर्ड ', ' है'),
      prose('el', 'ο κωδικός πρόσβασης είναι ', ''),
      prose('th', 'รหัสผ่านคือ ', ''),
      (r) => { const t = token(r); return sample('ja', `APIキー: ${t} これでPythonから呼び出したいです`, t) },
    ],
  },
]
