import { b64 } from './rng'
import {
  alnum, anthropicKey, awsKeyId, awsSecret, dbName, dockerPat, genericApiKey, githubToken, hex, host, jwt, npmToken,
  openaiKey, password, pypiToken, shortBase64Key, slackToken, stripeKey, user,
} from './values'
import { sample, type SecretClass } from './types'

/** Config files in every format a developer pastes into a chat to ask "why doesn't this work?". */
export const configSecretClasses: SecretClass[] = [
  {
    name: 'env-file',
    templates: [
      (r) => { const p = password(r); return sample('.env', `NODE_ENV=production\nDB_HOST=${host(r)}\nDB_PASSWORD=${p}\nLOG_LEVEL=info`, p) },
      (r) => { const k = stripeKey(r); return sample('.env', `STRIPE_SECRET_KEY=${k}\nSTRIPE_PUBLISHABLE_KEY=pk_live_${alnum(r, 24)}`, k) },
      (r) => { const s = shortBase64Key(r, 32); return sample('.env', `JWT_SECRET="${s}"\nJWT_EXPIRES_IN=15m`, s) },
      (r) => { const k = awsKeyId(r); const s = awsSecret(r); return sample('shell-export', `export AWS_ACCESS_KEY_ID=${k}\nexport AWS_SECRET_ACCESS_KEY=${s}\nexport AWS_REGION=eu-west-1`, k, s) },
      (r) => { const k = openaiKey(r); return sample('.env', `OPENAI_API_KEY=${k}`, k) },
      (r) => { const s = hex(r, 64); return sample('.env', `SESSION_SECRET=${s}\nCOOKIE_DOMAIN=.acme.io`, s) },
      (r) => { const s = 'base64:' + shortBase64Key(r, 32); return sample('laravel-.env', `APP_NAME=Shop\nAPP_KEY=${s}\nAPP_DEBUG=false`, s) },
      (r) => { const p = password(r); return sample('.env', `POSTGRES_USER=${user(r)}\nPOSTGRES_PASSWORD='${p}'`, p) },
      (r) => { const k = anthropicKey(r); return sample('.env', `ANTHROPIC_API_KEY=${k}\nMODEL=claude-sonnet`, k) },
      (r) => { const s = genericApiKey(r); return sample('.env', `SENDGRID_API_KEY=\nMAILCHIMP_API_KEY=${s}-us${r.int(1, 21)}`, s) },
    ],
  },
  {
    name: 'yaml-compose-k8s',
    templates: [
      (r) => { const p = password(r); return sample('docker-compose', `services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: ${user(r)}\n      POSTGRES_PASSWORD: ${p}\n    ports: ["5432:5432"]`, p) },
      (r) => { const p = password(r); return sample('rails-database.yml', `production:\n  adapter: postgresql\n  host: ${host(r)}\n  database: ${dbName(r)}\n  username: ${user(r)}\n  password: "${p}"`, p) },
      (r) => { const p = password(r); const e = b64(p); return sample('k8s-secret', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials\ntype: Opaque\ndata:\n  username: ${b64(user(r))}\n  password: ${e}`, e) },
      (r) => { const p = password(r); return sample('k8s-secret', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\nstringData:\n  DB_PASSWORD: "${p}"`, p) },
      (r) => { const t = githubToken(r); return sample('github-actions', `jobs:\n  release:\n    runs-on: ubuntu-latest\n    env:\n      GH_TOKEN: ${t}\n    steps:\n      - run: gh release create v1.2.0`, t) },
      (r) => { const p = password(r); return sample('spring-yaml', `spring:\n  datasource:\n    url: jdbc:mysql://${host(r)}/${dbName(r)}\n    username: ${user(r)}\n    password: ${p}`, p) },
      (r) => { const t = slackToken(r); return sample('helm-values', `alertmanager:\n  config:\n    global:\n      slack_api_url: https://slack.com/api\n    receivers:\n      - name: ops\n        slack_configs:\n          - api_token: ${t}`, t) },
      (r) => { const t = npmToken(r); return sample('gitlab-ci', `publish:\n  stage: deploy\n  script:\n    - echo "//registry.npmjs.org/:_authToken=${t}" > .npmrc\n    - npm publish`, t) },
      (r) => { const p = password(r); return sample('ansible-vars', `mysql_root_password: "${p}"\nmysql_databases:\n  - name: ${dbName(r)}`, p) },
      (r) => { const t = dockerPat(r); return sample('circleci', `- run: echo "${t}" | docker login -u acmebot --password-stdin`, t) },
    ],
  },
  {
    name: 'toml-ini-xml-hcl',
    templates: [
      (r) => { const p = password(r); return sample('toml', `[database]\nhost = "${host(r)}"\nuser = "${user(r)}"\npassword = "${p}"\npool_size = 10`, p) },
      (r) => { const p = password(r); return sample('my.cnf', `[client]\nuser=${user(r)}\npassword=${p}\nhost=${host(r)}`, p) },
      (r) => { const p = password(r); return sample('web.config', `<appSettings>\n  <add key="DbPassword" value="${p}" />\n  <add key="Theme" value="dark" />\n</appSettings>`, p) },
      (r) => { const p = password(r); return sample('maven-settings.xml', `<servers>\n  <server>\n    <id>nexus</id>\n    <username>${user(r)}</username>\n    <password>${p}</password>\n  </server>\n</servers>`, p) },
      (r) => { const k = awsKeyId(r); const s = awsSecret(r); return sample('terraform', `provider "aws" {\n  region     = "us-east-1"\n  access_key = "${k}"\n  secret_key = "${s}"\n}`, k, s) },
      (r) => { const p = password(r); return sample('terraform', `resource "aws_db_instance" "main" {\n  engine   = "postgres"\n  username = "${user(r)}"\n  password = "${p}"\n}`, p) },
      (r) => { const p = password(r); return sample('ini', `; odbc.ini\n[Warehouse]\nDriver=PostgreSQL Unicode\nServername=${host(r)}\nUsername=${user(r)}\nPassword=${p}`, p) },
      (r) => { const p = password(r); return sample('hibernate.xml', `<property name="hibernate.connection.username">${user(r)}</property>\n<property name="hibernate.connection.password">${p}</property>`, p) },
      (r) => { const t = shortBase64Key(r, 40); return sample('cargo-credentials.toml', `[registry]\ntoken = "${t}"`, t) },
      (r) => { const p = password(r); return sample('pgadmin-servers.json', `{"Servers": {"1": {"Name": "prod", "Host": "${host(r)}", "Username": "${user(r)}", "Password": "${p}", "SSLMode": "prefer"}}}`, p) },
    ],
  },
  {
    name: 'dotfiles',
    templates: [
      (r) => { const t = npmToken(r); return sample('.npmrc', `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${t}`, t) },
      (r) => { const t = pypiToken(r); return sample('.pypirc', `[pypi]\n  username = __token__\n  password = ${t}`, t) },
      (r) => { const p = password(r); return sample('.netrc', `machine api.heroku.com\n  login ops@acme.io\n  password ${p}`, p) },
      (r) => { const p = password(r); return sample('.pgpass', `${host(r)}:5432:${dbName(r)}:${user(r)}:${p}`, p) },
      (r) => { const a = b64(`${user(r)}:${password(r)}`); return sample('docker-config.json', `{\n  "auths": {\n    "https://index.docker.io/v1/": { "auth": "${a}" }\n  }\n}`, a) },
      (r) => { const t = githubToken(r); return sample('.git-credentials', `https://${user(r)}:${t}@github.com`, t) },
      (r) => { const k = awsKeyId(r); const s = awsSecret(r); return sample('aws-credentials', `[default]\naws_access_key_id = ${k}\naws_secret_access_key = ${s}`, k, s) },
      (r) => { const t = b64(alnum(r, 30)); return sample('.npmrc', `@acme:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_auth=${t}\nalways-auth=true`, t) },
      (r) => { const p = password(r); return sample('.my.cnf', `[mysql]\npassword="${p}"`, p) },
      (r) => { const t = jwt(r); return sample('kubeconfig', `users:\n- name: ci\n  user:\n    token: ${t}`, t) },
    ],
  },
]
