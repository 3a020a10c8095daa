/** Benign shell sessions, key-management commands and their public output, and HTTP exchanges without credentials. */
import { database, host, user } from './values'
import { base64Bytes, DIGITS, HEX, LOWER, uuid } from './rng'
import type { BenignClass } from './types'

export const shellBenignClasses: readonly BenignClass[] = [
  {
    name: 'shell-benign',
    templates: [
      (r) => `$ mysql -h ${host(r)} -u ${user(r)} -p ${database(r)}\nEnter password:\nWelcome to the MySQL monitor.`,
      (r) => `psql -h ${host(r)} -U ${user(r)} -d ${database(r)} -W`,
      () => `ssh-keygen -t ed25519 -C "dana@acme.io" -f ~/.ssh/id_ed25519`,
      () => `openssl rand -base64 32 > /run/secrets/session_key && chmod 600 /run/secrets/session_key`,
      () => `aws configure list\n      Name                    Value             Type    Location\n      ----                    -----             ----    --------\n   profile                <not set>             None    None\naccess_key     ****************QX7A shared-credentials-file\nsecret_key     ****************9kLm shared-credentials-file`,
      () => `kubectl create secret generic db --from-literal=password="$(pass show prod/db)" --dry-run=client -o yaml`,
      () => `read -rs DB_PASSWORD && export DB_PASSWORD`,
      () => `gh auth login --with-token < token.txt`,
      () => `docker login -u "$REGISTRY_USER" --password-stdin ghcr.io < ~/.registry-token`,
      (r) => `pg_dump -h ${host(r)} -U ${user(r)} -Fc ${database(r)} > backup-$(date +%F).dump`,
      () => `history | grep -i passw   # checking nothing leaked, it's all prompts`,
      () => `sqlcmd -S localhost -E -Q "SELECT name FROM sys.databases"`,
      (r) => `redis-cli -h ${host(r)} --askpass`,
      () => `mongosh "mongodb+srv://cluster0.abcde.mongodb.net/" --apiVersion 1 --username app`,
    ],
  },
  {
    name: 'key-management-output',
    templates: [
      (r) => `$ gpg --list-secret-keys --keyid-format=long\nsec   ed25519/${r.chars('0123456789ABCDEF', 16)} 2026-01-12 [SC]\n      ${r.chars('0123456789ABCDEF', 40)}\nuid                 [ultimate] Dana <dana@acme.io>`,
      (r) => `$ ssh-add -l\n256 SHA256:${base64Bytes(r, 32).slice(0, 43)} dana@laptop (ED25519)`,
      () => `openssl genpkey -algorithm ed25519 -out signing.pem\nopenssl pkey -in signing.pem -pubout -out signing.pub`,
      (r) => `aws kms describe-key --key-id alias/app-sealing\n{ "KeyMetadata": { "KeyId": "${uuid(r)}", "KeyState": "Enabled", "KeyUsage": "ENCRYPT_DECRYPT" } }`,
      (r) => `vault token lookup\nKey                 Value\n---                 -----\naccessor            ${r.chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 24)}\npolicies            [default readonly]\nttl                 ${r.int(1, 767)}h`,
      (r) => `gcloud iam service-accounts keys list --iam-account=etl@acme.iam.gserviceaccount.com\nKEY_ID                                    CREATED_AT            EXPIRES_AT\n${r.chars(HEX, 40)}  2026-10-01T00:00:00Z  9999-12-31T23:59:59Z`,
      (r) => `az keyvault secret list --vault-name acme-kv -o table\nName            Enabled  Updated\n--------------  -------  -------------------\ndb-password     True     2026-11-${String(r.int(1, 30)).padStart(2, '0')}T08:00:00`,
      (r) => `certbot certificates\n  Certificate Name: ${r.chars(LOWER, 6)}.acme.io\n    Serial Number: ${r.chars(HEX, 36)}\n    Expiry Date: 2027-02-28 (VALID: 83 days)\n    Certificate Path: /etc/letsencrypt/live/acme.io/fullchain.pem\n    Private Key Path: /etc/letsencrypt/live/acme.io/privkey.pem`,
      (r) => `Your identification has been saved in /home/dana/.ssh/id_ed25519\nYour public key has been saved in /home/dana/.ssh/id_ed25519.pub\nThe key fingerprint is:\nSHA256:${base64Bytes(r, 32).slice(0, 43)} dana@acme.io`,
      (r) => `AccessKeyMetadata:\n- AccessKeyId: AKIA${r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}\n  CreateDate: '2026-03-01T10:00:00+00:00'\n  Status: Inactive\n  UserName: ci-bot`,
      () => `openssl x509 -in cert.pem -noout -subject -issuer -dates`,
      () => `The signing key was rotated; tokens signed with key id "2026-q3" stay valid until they expire.`,
    ],
  },
  {
    name: 'http-benign',
    templates: [
      (r) => `HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Bearer realm="api", error="invalid_token", error_description="The access token expired"\nX-Request-Id: ${uuid(r)}`,
      (r) => `GET /v1/orders?limit=50&cursor=${r.int(1000, 9999)} HTTP/1.1\nHost: api.acme.io\nAccept: application/json\nAuthorization: Bearer <token>`,
      () => `Set-Cookie: theme=dark; Path=/; Max-Age=31536000; SameSite=Lax`,
      (r) => `HTTP/2 200\ncontent-type: application/json\ncache-control: no-store\nx-ratelimit-remaining: ${r.int(0, 5000)}\netag: W/"${r.chars(HEX, 16)}"`,
      () => `curl -i https://api.acme.io/health\nHTTP/2 200\n{"status":"ok","db":"ok","version":"3.4.1"}`,
      (r) => `POST /oauth/token HTTP/1.1\nContent-Type: application/x-www-form-urlencoded\n\ngrant_type=authorization_code&code=<code>&redirect_uri=https%3A%2F%2Fapp.acme.io%2Fcb&client_id=${r.chars(DIGITS, 10)}`,
      (r) => `{"access_token":"<redacted by the proxy>","token_type":"Bearer","expires_in":${r.int(300, 7200)},"scope":"read:orders"}`,
      () => `Access-Control-Allow-Headers: Authorization, Content-Type, X-Api-Key`,
      (r) => `traceparent: 00-${r.chars(HEX, 32)}-${r.chars(HEX, 16)}-01\ntracestate: rojo=${r.chars(HEX, 16)}`,
      () => `HTTP/1.1 403 Forbidden\n{"error":"api key revoked","hint":"create a new key in Settings → API"}`,
      (r) => `sec-websocket-key: ${base64Bytes(r, 16)}\nsec-websocket-version: 13`,
    ],
  },
]
