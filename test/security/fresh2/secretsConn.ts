/** Connection strings: URLs with user info, and keyword/value strings (ADO.NET, JDBC, ODBC, libpq, Snowflake). */
import { awsSecret, database, host, password, user } from './values'
import { ALNUM, base64Bytes, LOWER } from './rng'
import type { SecretClass } from './types'

export const connSecretClasses: readonly SecretClass[] = [
  {
    name: 'conn-url-userinfo',
    context: 'url',
    templates: [
      (r) => { const p = password(r, 'url'); return [`postgres://${user(r)}:${p}@${host(r)}:5432/${database(r)}?sslmode=require`, [p]] },
      (r) => { const p = password(r, 'url'); return [`mysql://${user(r)}:${p}@${host(r)}:3306/${database(r)}`, [p]] },
      (r) => { const p = password(r, 'url'); return [`mongodb+srv://${user(r)}:${p}@cluster0.${r.chars(LOWER, 5)}.mongodb.net/${database(r)}?retryWrites=true&w=majority`, [p]] },
      (r) => { const p = password(r, 'url'); return [`rediss://default:${p}@${r.chars(LOWER, 8)}.upstash.io:6379`, [p]] },
      (r) => { const p = password(r, 'url'); return [`amqps://${user(r)}:${p}@rabbit.${r.chars(LOWER, 6)}.cloudamqp.com/vhost`, [p]] },
      // A password with an @ and a # percent-encoded, as the URL spec wants.
      (r) => { const raw = `${r.chars(ALNUM, 6)}@${r.chars(ALNUM, 5)}#${r.chars(ALNUM, 4)}`; const enc = encodeURIComponent(raw); return [`DATABASE_URL is postgresql://${user(r)}:${enc}@${host(r)}/${database(r)}`, [enc]] },
      // A password with a raw @ (what people paste even though it is not a valid URL).
      (r) => { const p = `${r.chars(ALNUM, 7)}@${r.chars(ALNUM, 6)}`; return [`psql "postgresql://${user(r)}:${p}@${host(r)}:5432/${database(r)}"`, [p]] },
      (r) => { const p = password(r, 'url'); return [`clickhouse://${user(r)}:${p}@${host(r)}:9440/default?secure=true`, [p]] },
      (r) => { const p = password(r, 'url'); return [`sqlalchemy.url = mssql+pyodbc://${user(r)}:${p}@${host(r)}/${database(r)}?driver=ODBC+Driver+18+for+SQL+Server`, [p]] },
      (r) => { const p = password(r, 'url'); return [`https://${user(r)}:${p}@nexus.${r.chars(LOWER, 5)}.com/repository/npm-private/`, [p]] },
      (r) => { const p = password(r, 'url'); return [`snowflake://${user(r)}:${p}@xy${r.chars(LOWER + '0123456789', 5)}.eu-central-1/${database(r).toUpperCase()}/PUBLIC?warehouse=COMPUTE_WH`, [p]] },
      (r) => { const t = r.chars(ALNUM, 40); return [`libsql://${database(r)}-${r.chars(LOWER, 6)}.turso.io?authToken=${t}`, [t]] },
    ],
  },
  {
    name: 'conn-keyword-string',
    context: 'config',
    templates: [
      (r) => { const p = password(r).replace(/[;'"]/g, ''); return [`Server=tcp:${host(r)},1433;Initial Catalog=${database(r)};Persist Security Info=False;User ID=${user(r)};Password=${p};Encrypt=True;`, [p]] },
      (r) => { const p = password(r).replace(/[;'"&]/g, ''); return [`jdbc:sqlserver://${host(r)}:1433;databaseName=${database(r)};user=${user(r)};password=${p};encrypt=true`, [p]] },
      (r) => { const p = password(r, 'url'); return [`jdbc:mysql://${host(r)}:3306/${database(r)}?user=${user(r)}&password=${p}&useSSL=true`, [p]] },
      (r) => { const p = password(r, 'bare').replace(/[@/]/g, '') + 'k2'; return [`jdbc:oracle:thin:${user(r)}/${p}@${host(r)}:1521/ORCLPDB1`, [p]] },
      (r) => { const p = `${password(r).replace(/[{}]/g, '')};x`; return [`DRIVER={PostgreSQL Unicode};SERVER=${host(r)};PORT=5432;DATABASE=${database(r)};UID=${user(r)};PWD={${p}};`, [p]] },
      (r) => { const p = password(r).replace(/[ '\\]/g, ''); return [`host=${host(r)} port=5432 dbname=${database(r)} user=${user(r)} password=${p} sslmode=verify-full`, [p]] },
      (r) => { const p = password(r).replace(/[;]/g, ''); return [`account=xy12345.us-east-1;user=${user(r).toUpperCase()};password=${p};db=${database(r).toUpperCase()};role=SYSADMIN`, [p]] },
      (r) => { const k = base64Bytes(r, 64); return [`DefaultEndpointsProtocol=https;AccountName=acme${r.chars(LOWER, 5)};AccountKey=${k};EndpointSuffix=core.windows.net`, [k]] },
      (r) => { const k = base64Bytes(r, 32); return [`Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${k}`, [k]] },
      (r) => { const p = password(r).replace(/[;'"]/g, ''); return [`Data Source=${host(r)};Database=${database(r)};Uid=${user(r)};Pwd=${p};SslMode=Required;`, [p]] },
      (r) => { const s = awsSecret(r); return [`Driver=Simba Athena;AwsRegion=us-east-1;S3OutputLocation=s3://athena-out/;AuthenticationType=IAM Credentials;UID=AKIA${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)};PWD=${s};`, [s]] },
    ],
  },
]
