/** Key material and long-lived secrets: PEM keys in many wrappings, encoded keys, cloud key pairs, signing keys, OTP. */
import type { SecretClass } from './types'
import { CHAT_SINKS, TEXT_SINKS } from './types'
import type { Rng } from './rng'
import { alnum, awsKeyId, awsSecret, b64, b64bytes, db, hex, jsonEsc, pem, pemBody, person, safePassword, upperAlnum, user, uuid, B32, lower } from './values'

const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'
const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
const DJANGO = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)'
const indent = (s: string, n: number): string => s.split('\n').map((l) => ' '.repeat(n) + l).join('\n')
const group = (s: string, n: number, sep: string): string => s.match(new RegExp(`.{1,${n}}`, 'g'))!.join(sep)

const openssh = (r: Rng): { text: string; needles: string[] } => {
  const all = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW' + b64bytes(r, 300)
  const lines = all.match(/.{1,70}/g)!
  return { text: `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----`, needles: [lines[2]!, lines[4]!] }
}

export const keySecretClasses: readonly SecretClass[] = [
  {
    name: 'pem-private-keys',
    context: 'key-material',
    sinks: [...CHAT_SINKS, 'saved_queries.query_text', 'user_preferences.value'],
    templates: [
      (r) => { const k = pem(r, 'RSA PRIVATE KEY', 1190); return [k.text, k.needles] },
      (r) => { const k = pem(r, 'PRIVATE KEY', 1218); return [`here is the key the ETL box uses, can you tell me why psql rejects it?\n\n${k.text}`, k.needles] },
      (r) => { const k = pem(r, 'EC PRIVATE KEY', 121); return [`\`\`\`\n${k.text}\n\`\`\``, k.needles] },
      (r) => { const k = openssh(r); return [k.text, k.needles] },
      (r) => { const k = pem(r, 'ENCRYPTED PRIVATE KEY', 1298); return [`${k.text}\n\n(passphrase is ${safePassword(r)})`, k.needles] },
      (r) => { const k = pem(r, 'PRIVATE KEY', 1218); return [`{"ssl":{"ca":"/etc/ssl/rds.pem","key":"${jsonEsc(k.text)}"}}`, k.needles, 'user_preferences.value'] },
      (r) => { const k = pem(r, 'RSA PRIVATE KEY', 1190); return [`tls:\n  cert: /etc/pg/server.crt\n  key: |\n${indent(k.text, 4)}`, k.needles] },
      (r) => { const k = pem(r, 'PRIVATE KEY', 48); return [`INSERT INTO signing_keys (kid, alg, pem) VALUES ('${hex(r, 16)}', 'EdDSA', '${k.text}');`, k.needles.length ? [k.text.split('\n')[1]!] : []] },
      (r) => { const body = pemBody(r, 1400); return [`-----BEGIN PGP PRIVATE KEY BLOCK-----\nComment: ${person(r)}@acme.io\n\n${body.join('\n')}\n=${alnum(r, 4)}\n-----END PGP PRIVATE KEY BLOCK-----`, [body[2]!, body[10]!]] },
      (r) => { const pub = pemBody(r, 51), priv = pemBody(r, 1100); return [`PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\nComment: rsa-key-2026\nPublic-Lines: ${pub.length}\n${pub.join('\n')}\nPrivate-Lines: ${priv.length}\n${priv.join('\n')}\nPrivate-MAC: ${hex(r, 64)}`, [priv[1]!, priv[5]!]] },
      (r) => { const k = pem(r, 'DSA PRIVATE KEY', 444); return [k.text.replace(/\n/g, '\r\n'), k.needles] },
      (r) => { const k = openssh(r); return [`ssh_tunnel.privateKey = "${jsonEsc(k.text)}"`, k.needles] },
      (r) => { const k = pem(r, 'RSA PRIVATE KEY', 1190); return [`-- client cert auth for the replica\nSELECT pg_read_file('/tmp/client.key');\n/*\n${k.text}\n*/`, k.needles] },
      (r) => { const k = pem(r, 'PRIVATE KEY', 1218); return [`$ cat ~/.snowflake/rsa_key.p8\n${k.text}`, k.needles] },
      (r) => { const k = pem(r, 'PRIVATE KEY', 1218); return [`${k.text.replace(/\n/g, ' ')}`, k.needles] },
    ],
  },
  {
    name: 'encoded-key-material',
    context: 'key-material',
    sinks: [...CHAT_SINKS, 'saved_queries.query_text'],
    templates: [
      (r) => { const k = pem(r, 'RSA PRIVATE KEY', 1190), e = b64(k.text + '\n'); return [`apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\ndata:\n  tls.crt: ${b64('-----BEGIN CERTIFICATE-----\n' + pemBody(r, 600).join('\n') + '\n-----END CERTIFICATE-----\n')}\n  tls.key: ${e}`, [e.slice(200, 300)]] },
      (r) => { const k = b64bytes(r, 32); return [`[Interface]\nAddress = 10.8.0.2/24\nPrivateKey = ${k}\n\n[Peer]\nPublicKey = ${b64bytes(r, 32)}\nEndpoint = vpn.acme.io:51820`, [k]] },
      (r) => { const k = 'AGE-SECRET-KEY-1' + r.chars(BECH32, 58).toUpperCase(); return [`# created: 2026-11-02T10:11:12Z\n# public key: age1${r.chars(BECH32, 58)}\n${k}`, [k]] },
      (r) => { const k = 'nsec1' + r.chars(BECH32, 58); return [`my nostr key for the bot is ${k}, post the daily stats with it`, [k]] },
      (r) => { const k = '0x' + hex(r, 64); return [`PRIVATE_KEY=${k}\nRPC_URL=https://mainnet.infura.io/v3/${hex(r, 32)}`, [k.slice(2)]] },
      (r) => { const d = r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-', 43); return [JSON.stringify({ kty: 'OKP', crv: 'Ed25519', kid: hex(r, 8), x: r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-', 43), d }), [d]] },
      (r) => { const k = pem(r, 'PRIVATE KEY', 1218); return [JSON.stringify({ type: 'service_account', project_id: `acme-${db(r)}`, private_key_id: hex(r, 40), private_key: k.text + '\n', client_email: `etl@acme-${db(r)}.iam.gserviceaccount.com` }, null, 2), k.needles] },
      (r) => { const arr = Array.from({ length: 64 }, () => r.int(256)); const s = arr.slice(0, 12).join(','); return [`solana config: ~/.config/solana/id.json = [${arr.join(',')}]`, [s]] },
      (r) => { const k = r.pick(['K', 'L']) + r.chars(BASE58, 51); return [`importprivkey "${k}" "cold-wallet" false`, [k]] },
      (r) => { const k = 'xprv9s21ZrQH143K' + r.chars(BASE58, 95); return [`extended key for the watcher: ${k}`, [k]] },
      (r) => { const k = hex(r, 64); return [`ed25519 signing seed (hex): ${k}`, [k]] },
      (r) => { const k = b64bytes(r, 32); return [`{"sealing":{"algorithm":"AES-256-GCM","key":"${k}"}}`, [k], 'user_preferences.value'] },
      (r) => { const k = b64(pem(r, 'EC PRIVATE KEY', 121).text); return [`SNOWFLAKE_PRIVATE_KEY_B64=${k}`, [k.slice(40, 120)]] },
      (r) => { const k = hex(r, 64); return [`SELECT pgp_sym_decrypt(ssn_enc, '${k}') FROM employees WHERE id = ${r.between(1, 9999)};`, [k]] },
      (r) => { const k = b64bytes(r, 64); return [`[ssh]\nidentity_b64 = "${k}"\n# base64 of id_ed25519 (private)`, [k]] },
    ],
  },
  {
    name: 'cloud-credential-pairs',
    context: 'config',
    sinks: [...TEXT_SINKS],
    templates: [
      (r) => { const s = awsSecret(r); return [`[default]\naws_access_key_id = ${awsKeyId(r)}\naws_secret_access_key = ${s}\nregion = eu-central-1`, [s]] },
      (r) => { const s = awsSecret(r), t = 'IQoJb3JpZ2luX2VjE' + b64bytes(r, 300); return [JSON.stringify({ Credentials: { AccessKeyId: 'ASIA' + upperAlnum(r, 16), SecretAccessKey: s, SessionToken: t, Expiration: '2026-12-07T18:00:00Z' } }, null, 2), [s]] },
      (r) => { const s = r.chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 3) + '8Q~' + r.chars('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-~', 34); return [`AZURE_CLIENT_ID=${uuid(r)}\nAZURE_TENANT_ID=${uuid(r)}\nAZURE_CLIENT_SECRET=${s}`, [s]] },
      (r) => { const k = b64bytes(r, 64); return [`DefaultEndpointsProtocol=https;AccountName=acme${lower(r, 6)};AccountKey=${k};EndpointSuffix=core.windows.net`, [k]] },
      (r) => { const k = b64bytes(r, 32); return [`Endpoint=sb://acme-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${k}`, [k]] },
      (r) => { const k = b64bytes(r, 64); return [`AccountEndpoint=https://acme-cosmos.documents.azure.com:443/;AccountKey=${k};`, [k]] },
      (r) => { const s = awsSecret(r); return [`$ export AWS_ACCESS_KEY_ID=${awsKeyId(r)} AWS_SECRET_ACCESS_KEY=${s}\n$ aws s3 ls s3://acme-${db(r)}`, [s]] },
      (r) => { const s = 'K00' + alnum(r, 28); return [`b2 account authorize 00${hex(r, 23)} ${s}`, [s]] },
      (r) => { const s = alnum(r, 27); return [`CLOUDINARY_URL=cloudinary://${r.between(1e14, 9e14)}:${s}@acme`, [s]] },
      (r) => { const s = alnum(r, 40); return [`mc alias set minio https://s3.acme.internal ${upperAlnum(r, 20)} ${s}`, [s]] },
      (r) => { const s = r.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-', 44); return [`ibmcloud login --apikey ${s} -r eu-de`, [s]] },
      (r) => { const s = awsSecret(r); return [`| AccessKeyId          | SecretAccessKey                          |\n|----------------------|------------------------------------------|\n| ${awsKeyId(r)} | ${s} |`, [s]] },
      (r) => { const s = awsSecret(r); return [`s3 = boto3.client("s3", aws_access_key_id="${awsKeyId(r)}", aws_secret_access_key="${s}")`, [s]] },
      (r) => { const s = hex(r, 40); return [`[default]\nuser=ocid1.user.oc1..${lower(r, 60)}\nfingerprint=${group(hex(r, 32), 2, ':')}\nkey_file=~/.oci/key.pem\npass_phrase=${s}`, [s]] },
      (r) => { const s = awsSecret(r); return [`aws configure set aws_secret_access_key ${s} --profile ${db(r)}`, [s]] },
    ],
  },
  {
    name: 'signing-and-app-secrets',
    context: 'config',
    sinks: [...CHAT_SINKS, 'saved_queries.query_text'],
    templates: [
      (r) => { const s = r.chars(DJANGO, 50); return [`SECRET_KEY = '${s}'`, [s]] },
      (r) => { const s = 'base64:' + b64bytes(r, 32); return [`APP_KEY=${s}\nAPP_ENV=production`, [s.slice(7)]] },
      (r) => { const s = b64bytes(r, 32); return [`NEXTAUTH_SECRET="${s}"`, [s]] },
      (r) => { const s = hex(r, 128); return [`production:\n  secret_key_base: ${s}`, [s]] },
      (r) => { const s = b64bytes(r, 48); return [`config :my_app, MyAppWeb.Endpoint,\n  secret_key_base: "${s}"`, [s]] },
      (r) => { const s = hex(r, 48); return [`app.secret_key = bytes.fromhex("${s}")`, [s]] },
      (r) => { const s = alnum(r, 32); return [`app.use(session({ secret: '${s}', resave: false, saveUninitialized: false }))`, [s]] },
      (r) => { const s = 'whsec_' + b64bytes(r, 24).replace(/[+/=]/g, ''); return [`stripe listen --forward-to localhost:3000/webhooks\n> Ready! Your webhook signing secret is ${s} (^C to quit)`, [s]] },
      (r) => { const s = hex(r, 40); return [`GITHUB_WEBHOOK_SECRET=${s}`, [s]] },
      (r) => { const s = hex(r, 128).toUpperCase(); return [`<machineKey validationKey="${s}" decryptionKey="${hex(r, 64).toUpperCase()}" validation="HMACSHA256" decryption="AES" />`, [s]] },
      (r) => { const s = hex(r, 32); return [`APP_SECRET=${s}  # symfony`, [s]] },
      (r) => { const s = alnum(r, 32); return [`keycloak client "studio": client secret ${s}`, [s]] },
      (r) => { const s = hex(r, 64); return [`const token = jwt.sign({ sub: userId }, "${s}", { expiresIn: "1h" })`, [s]] },
      (r) => { const s = safePassword(r) + safePassword(r); return [`SELECT pgp_sym_encrypt(card_number, '${s}') FROM payments_staging;`, [s]] },
      (r) => { const s = b64bytes(r, 32); return [`encryption:\n  provider: aescbc\n  keys:\n    - name: key1\n      secret: ${s}`, [s]] },
    ],
  },
  {
    name: 'otp-and-recovery-codes',
    context: 'chat',
    sinks: [...CHAT_SINKS, 'saved_queries.description'],
    templates: [
      (r) => { const s = r.chars(B32, 32); return [`otpauth://totp/Acme:${person(r)}@acme.io?secret=${s}&issuer=Acme&algorithm=SHA1&digits=6&period=30`, [s]] },
      (r) => { const s = r.chars(B32, 32).toLowerCase(); return [`2FA setup key for the shared admin account: ${group(s, 4, ' ')}`, [group(s, 4, ' ').slice(0, 19), group(s, 4, ' ').slice(20)]] },
      (r) => { const codes = Array.from({ length: 10 }, () => `${lower(r, 5)}-${lower(r, 5)}`); return [`GitHub recovery codes (keep safe!)\n${codes.join('\n')}`, [codes[0]!, codes[5]!]] },
      (r) => { const codes = Array.from({ length: 10 }, () => `${r.between(1000, 9999)} ${r.between(1000, 9999)}`); return [`BACKUP VERIFICATION CODES\n${codes.map((c, i) => `${i + 1}. ${c}`).join('\n')}`, [codes[0]!, codes[3]!]] },
      (r) => { const k = Array.from({ length: 8 }, () => String(r.between(0, 999999)).padStart(6, '0')).join('-'); return [`BitLocker recovery key for LAPTOP-${upperAlnum(r, 6)}: ${k}`, [k]] },
      (r) => { const k = `A3-${upperAlnum(r, 6)}-${upperAlnum(r, 6)}-${upperAlnum(r, 5)}-${upperAlnum(r, 5)}-${upperAlnum(r, 5)}-${upperAlnum(r, 5)}`; return [`1Password secret key: ${k}`, [k]] },
      (r) => { const s = r.chars(B32, 16); return [`INSERT INTO user_mfa (user_id, totp_secret) VALUES (${r.between(1, 9999)}, '${s}');`, [s]] },
      (r) => { const k = upperAlnum(r, 32); return [`Bitwarden two-step login recovery code: ${k}`, [k]] },
      (r) => { const k = Array.from({ length: 7 }, () => upperAlnum(r, 4)).join('-'); return [`apple recovery key ${k}`, [k]] },
      (r) => { const s = r.chars(B32, 32); return [`{"mfa":{"type":"totp","seed":"${s}"}}`, [s], 'user_preferences.value'] },
      (r) => { const codes = Array.from({ length: 6 }, () => String(r.between(100000000, 999999999))); return [`duo bypass codes: ${codes.join(', ')}`, [codes[0]!, codes[2]!]] },
      (r) => { const s = r.chars(B32, 26); return [`oathtool --totp -b ${s}`, [s]] },
      (r) => { const codes = Array.from({ length: 8 }, () => `${hex(r, 4)}-${hex(r, 4)}`); return [`AWS root MFA lost → use these: ${codes.join(' ')}`, [codes[0]!, codes[4]!]] },
      (r) => { const t = hex(r, 40); return [`your password reset link: https://studio.acme.io/reset/${t}`, [t]] },
      (r) => { const s = r.chars(B32, 32); return [`google authenticator export: otpauth://totp/${user(r)}?secret=${s}`, [s]] },
    ],
  },
]
