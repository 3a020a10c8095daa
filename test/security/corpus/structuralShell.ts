import { ALNUM, humanPassword, token, type Random } from './random'
import type { Structural } from './structuralSql'

/** Shell-safe password characters (no quotes, spaces or `$`, which a real command line would quote). */
const pw = (r: Random): string => humanPassword(r, '!#%*+-.=?@^_~')
const plain = (r: Random): string => humanPassword(r, '#%+-.=@^_~').replace(/[!?*]/g, '')
const user = (r: Random): string => r.pick(['root', 'sa', 'admin', 'deploy', 'etl'])
const host = (r: Random): string => r.pick(['db.internal', '10.0.3.17', 'sql01.corp.example', 'cache.example.net'])

export const SHELL_FORMATS: readonly Structural[] = [
  ['mysql-p-glued', (r) => { const p = plain(r); return { text: `mysql -h ${host(r)} -u ${user(r)} -p${p} shop`, needles: [p] } }],
  ['mysql-password-flag', (r) => { const p = pw(r); return { text: `mysql --host=${host(r)} --user=${user(r)} --password=${p} -e 'SHOW DATABASES'`, needles: [p] } }],
  ['mysqldump-quoted-p', (r) => { const p = pw(r); return { text: `mysqldump -u${user(r)} -p'${p}' --all-databases > all.sql`, needles: [p] } }],
  ['sqlcmd-P', (r) => { const p = pw(r); return { text: `sqlcmd -S ${host(r)} -U ${user(r)} -P ${p} -Q "SELECT @@VERSION"`, needles: [p] } }],
  ['redis-cli-a', (r) => { const p = plain(r); return { text: `redis-cli -h ${host(r)} -p 6379 -a ${p} INFO keyspace`, needles: [p] } }],
  ['curl-u', (r) => { const p = plain(r); return { text: `curl -u ${user(r)}:${p} https://es.example.com:9200/_cat/indices`, needles: [p] } }],
  ['sshpass-p', (r) => { const p = pw(r); return { text: `sshpass -p '${p}' ssh ${user(r)}@${host(r)} 'uptime'`, needles: [p] } }],
  ['sqlplus-connect', (r) => { const p = `${r.pick(['Tiger', 'manager', 'Welcome'])}${r.int(10, 9999)}`; return { text: `sqlplus ${user(r)}/${p}@//${host(r)}:1521/ORCLPDB1`, needles: [p] } }],
  ['az-account-key', (r) => { const k = `${token(r, `${ALNUM}+/`, 86)}==`; return { text: `az storage blob upload --account-name acct01 --account-key ${k} -c backups -f dump.sql`, needles: [k] } }],
  ['aws-configure-set', (r) => { const s = token(r, `${ALNUM}/+`, 40); return { text: `aws configure set aws_secret_access_key ${s} --profile prod`, needles: [s] } }],
  ['pgpassword-env', (r) => { const p = plain(r); return { text: `PGPASSWORD=${p} psql -h ${host(r)} -U ${user(r)} -d app -c 'select 1'`, needles: [p] } }],
  ['export-secret-env', (r) => { const s = token(r, `${ALNUM}/+`, 40); const k = `AKIA${token(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`; return { text: `export AWS_ACCESS_KEY_ID=${k}\nexport AWS_SECRET_ACCESS_KEY=${s}`, needles: [k, s] } }],
  ['docker-login-p', (r) => { const p = pw(r); return { text: `docker login -u ${user(r)} -p ${p} registry.example.com`, needles: [p] } }],
  ['mongosh-u-p', (r) => { const p = plain(r); return { text: `mongosh --host ${host(r)} -u ${user(r)} -p ${p} --authenticationDatabase admin`, needles: [p] } }],
  ['psql-conninfo', (r) => { const p = plain(r); return { text: `psql "host=${host(r)} port=5432 user=${user(r)} password=${p} dbname=app sslmode=require"`, needles: [p] } }],
  ['pg-dump-uri', (r) => { const p = pw(r); return { text: `pg_dump "postgresql://${user(r)}:${p}@${host(r)}:5432/app" > app.sql`, needles: [p] } }],
  ['git-clone-x-access-token', (r) => { const t = `ghs_${token(r, ALNUM, 36)}`; return { text: `git clone https://x-access-token:${t}@github.com/acme/infra.git`, needles: [t] } }],
  ['git-clone-oauth2', (r) => { const t = `glpat-${token(r, ALNUM, 20)}`; return { text: `git remote set-url origin https://oauth2:${t}@gitlab.example.com/group/app.git`, needles: [t] } }],
  ['wget-password', (r) => { const p = pw(r); return { text: `wget --user=${user(r)} --password=${p} https://files.example.com/export.csv`, needles: [p] } }],
  ['openssl-pass', (r) => { const p = plain(r); return { text: `openssl enc -aes-256-cbc -salt -in db.sql -out db.sql.enc -pass pass:${p}`, needles: [p] } }],
  ['ldapsearch-w', (r) => { const p = plain(r); return { text: `ldapsearch -x -H ldap://${host(r)} -D "cn=admin,dc=example,dc=com" -w ${p} -b "dc=example,dc=com"`, needles: [p] } }],
  ['influx-password', (r) => { const p = plain(r); return { text: `influx -host ${host(r)} -username ${user(r)} -password ${p} -database metrics`, needles: [p] } }],
  ['kubectl-from-literal', (r) => { const p = plain(r); return { text: `kubectl create secret generic db-creds --from-literal=username=${user(r)} --from-literal=password=${p}`, needles: [p] } }],
  ['htpasswd-b', (r) => { const p = plain(r); return { text: `htpasswd -b -c /etc/nginx/.htpasswd ${user(r)} ${p}`, needles: [p] } }],
  ['snowsql-env', (r) => { const p = plain(r); return { text: `SNOWSQL_PWD=${p} snowsql -a xy12345 -u ${user(r)} -q "select current_version()"`, needles: [p] } }],
  ['mysqladmin-password', (r) => { const p = plain(r); const q = plain(r); return { text: `mysqladmin -u root -p${p} password ${q}`, needles: [p, q] } }],
]
