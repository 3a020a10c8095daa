/** Secrets in driver and SDK code, the way they get pasted into an AI chat with "why does this not connect?". */
import { anthropicKey, awsKeyId, awsSecret, database, githubPat, googleApiKey, host, jwt, openaiKey, password, slackToken, stripeKey, user } from './values'
import { ALNUM, DIGITS, HEX, LOWER } from './rng'
import type { SecretClass } from './types'

const dq = (p: string): string => p.replace(/["\\$`]/g, '')
const sq = (p: string): string => p.replace(/['\\]/g, '')

export const codeSecretClasses: readonly SecretClass[] = [
  {
    name: 'driver-code-static',
    context: 'code',
    templates: [
      (r) => { const p = dq(password(r)); return [`Connection conn = DriverManager.getConnection(\n    "jdbc:postgresql://${host(r)}:5432/${database(r)}", "${user(r)}", "${p}");`, [p]] },
      (r) => { const p = dq(password(r)); return [`HikariConfig cfg = new HikariConfig();\ncfg.setJdbcUrl("jdbc:mysql://${host(r)}/${database(r)}");\ncfg.setUsername("${user(r)}");\ncfg.setPassword("${p}");`, [p]] },
      (r) => { const p = dq(password(r)).replace(/[ ']/g, ''); return [`db, err := sql.Open("postgres", "host=${host(r)} user=${user(r)} password=${p} dbname=${database(r)} sslmode=disable")\nif err != nil {\n\tlog.Fatal(err)\n}`, [p]] },
      (r) => { const p = dq(password(r)); return [`cfg := mysql.Config{\n\tUser:   "${user(r)}",\n\tPasswd: "${p}",\n\tNet:    "tcp",\n\tAddr:   "${host(r)}:3306",\n}`, [p]] },
      (r) => { const p = dq(password(r)).replace(/;/g, ''); return [`using var conn = new SqlConnection("Server=${host(r)};Database=${database(r)};User Id=${user(r)};Password=${p};TrustServerCertificate=true");\nawait conn.OpenAsync();`, [p]] },
      (r) => { const p = dq(password(r)); return [`var csb = new NpgsqlConnectionStringBuilder {\n    Host = "${host(r)}",\n    Username = "${user(r)}",\n    Password = "${p}",\n    Database = "${database(r)}"\n};`, [p]] },
      (r) => { const p = dq(password(r)); return [`let pool = PgPoolOptions::new()\n    .max_connections(5)\n    .connect_with(PgConnectOptions::new().host("${host(r)}").username("${user(r)}").password("${p}"))\n    .await?;`, [p]] },
      (r) => { const p = dq(password(r)); return [`val ds = HikariDataSource().apply {\n    jdbcUrl = "jdbc:postgresql://${host(r)}/${database(r)}"\n    username = "${user(r)}"\n    password = "${p}"\n}`, [p]] },
      (r) => { const p = dq(password(r)); return [`let opts = redis::ConnectionInfo { addr: redis::ConnectionAddr::Tcp("${host(r)}".into(), 6379), redis: redis::RedisConnectionInfo { db: 0, username: None, password: Some("${p}".into()), ..Default::default() } };`, [p]] },
      (r) => { const p = dq(password(r)); return [`client := redis.NewClient(&redis.Options{\n\tAddr:     "${host(r)}:6379",\n\tPassword: "${p}",\n\tDB:       0,\n})`, [p]] },
    ],
  },
  {
    name: 'driver-code-scripting',
    context: 'code',
    templates: [
      (r) => { const p = sq(password(r)); return [`conn = psycopg2.connect(host="${host(r)}", dbname="${database(r)}", user="${user(r)}", password='${p}')\ncur = conn.cursor()`, [p]] },
      (r) => { const p = sq(password(r)); return [`import pymysql\ncon = pymysql.connect(host='${host(r)}', user='${user(r)}', passwd='${p}', db='${database(r)}', charset='utf8mb4')`, [p]] },
      (r) => { const p = sq(password(r)); return [`ctx = snowflake.connector.connect(\n    user='${user(r).toUpperCase()}',\n    password='${p}',\n    account='xy${r.chars(DIGITS, 5)}.eu-west-1',\n    warehouse='COMPUTE_WH')`, [p]] },
      (r) => { const p = sq(password(r)); return [`const pool = new Pool({\n  host: '${host(r)}',\n  user: '${user(r)}',\n  password: '${p}',\n  database: '${database(r)}',\n  port: 5432,\n})`, [p]] },
      (r) => { const p = sq(password(r)); return [`const connection = await mysql.createConnection({ host: 'localhost', user: 'root', password: '${p}', database: '${database(r)}' });`, [p]] },
      (r) => { const p = sq(password(r)); return [`<?php\n$pdo = new PDO('mysql:host=${host(r)};dbname=${database(r)};charset=utf8mb4', '${user(r)}', '${p}');\n$pdo->setAttribute(PDO::ATTR_ERRMODE, PDO::ERRMODE_EXCEPTION);`, [p]] },
      (r) => { const p = dq(password(r)); return [`$link = mysqli_connect("${host(r)}", "${user(r)}", "${p}", "${database(r)}");`, [p]] },
      (r) => { const p = sq(password(r)); return [`conn = PG.connect(host: '${host(r)}', dbname: '${database(r)}', user: '${user(r)}', password: '${p}')`, [p]] },
      (r) => { const p = sq(password(r)); return [`ActiveRecord::Base.establish_connection(adapter: 'postgresql', host: '${host(r)}', username: '${user(r)}', password: '${p}', database: '${database(r)}')`, [p]] },
      (r) => { const p = sq(password(r)); return [`r = redis.Redis(host='${host(r)}', port=6379, password='${p}', ssl=True)`, [p]] },
    ],
  },
  {
    name: 'sdk-client-token',
    context: 'code',
    templates: [
      (r) => { const k = openaiKey(r); return [`from openai import OpenAI\nclient = OpenAI(api_key="${k}")\nresp = client.chat.completions.create(model="gpt-4o", messages=msgs)`, [k]] },
      (r) => { const k = anthropicKey(r); return [`const anthropic = new Anthropic({ apiKey: '${k}' })`, [k]] },
      (r) => { const k = stripeKey(r); return [`const stripe = require('stripe')('${k}');\nconst session = await stripe.checkout.sessions.create({ mode: 'payment' });`, [k]] },
      (r) => { const s = awsSecret(r); return [`s3 = boto3.client(\n    "s3",\n    aws_access_key_id="${awsKeyId(r)}",\n    aws_secret_access_key="${s}",\n    region_name="eu-west-1",\n)`, [s]] },
      (r) => { const t = githubPat(r); return [`const octokit = new Octokit({ auth: "${t}" });`, [t]] },
      (r) => { const t = slackToken(r); return [`client = WebClient(token="${t}")\nclient.chat_postMessage(channel="#deploys", text="done")`, [t]] },
      (r) => { const k = googleApiKey(r); return [`genai.configure(api_key="${k}")\nmodel = genai.GenerativeModel("gemini-1.5-pro")`, [k]] },
      (r) => { const t = `${r.int(100000000, 9999999999)}:AA${r.chars(ALNUM + '-_', 33)}`; return [`bot = telebot.TeleBot("${t}")`, [t]] },
      (r) => { const j = jwt(r, { role: 'service_role', iss: 'supabase', iat: 1760000000 + r.int(0, 99999) }); return [`const supabase = createClient('https://${r.chars(LOWER, 20)}.supabase.co', '${j}')`, [j]] },
      (r) => { const t = `hf_${r.chars(ALNUM, 34)}`; return [`from huggingface_hub import login\nlogin(token="${t}")`, [t]] },
      (r) => { const t = `glpat-${r.chars(ALNUM + '-_', 20)}`; return [`gl = gitlab.Gitlab('https://gitlab.${r.chars(LOWER, 5)}.com', private_token='${t}')`, [t]] },
      (r) => { const t = `dop_v1_${r.chars(HEX, 64)}`; return [`client := godo.NewFromToken("${t}")`, [t]] },
      (r) => { const t = `${r.chars(ALNUM, 24)}.${r.chars(ALNUM + '-_', 6)}.${r.chars(ALNUM + '-_', 38)}`; return [`client.run('${t}')  # discord bot`, [t]] },
    ],
  },
]
