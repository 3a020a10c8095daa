import { ALPHA, b64, randomB64, wrap } from './rng'
import { WORDS, alnum, awsSecret, hex, jwt, openaiKey, password, privateKeyPem, recoveryPhrase, shortBase64Key, stripeKey } from './values'
import { sample, type SecretClass } from './types'

/** Key material, signing secrets and recovery phrases, in the encodings they come in. */
export const keySecretClasses: SecretClass[] = [
  {
    name: 'private-keys',
    templates: [
      (r) => { const k = privateKeyPem(r); return sample('pem', k.pem, ...k.needles) },
      (r) => { const k = privateKeyPem(r); return sample('chat-pem', `my deploy key stopped working, here it is:\n\n${k.pem}\n\nany idea?`, ...k.needles) },
      (r) => { const k = privateKeyPem(r); return sample('json-escaped-pem', JSON.stringify({ tls: { cert: 'see vault', key: k.pem } }), ...k.needles.map((n) => n)) },
      (r) => {
        const lines = wrap(randomB64(r, 400), 64)
        return sample('pgp', `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${lines.join('\n')}\n=${alnum(r, 4)}\n-----END PGP PRIVATE KEY BLOCK-----`, lines[1] ?? '', lines[3] ?? '')
      },
      (r) => {
        const lines = wrap(randomB64(r, 180), 64)
        return sample('putty', `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy@ci\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAI${alnum(r, 40)}\nPrivate-Lines: ${lines.length}\n${lines.join('\n')}\nPrivate-MAC: ${hex(r, 64)}`, lines[0] ?? '')
      },
      (r) => { const d = r.chars(ALPHA.B64URL, 43); return sample('jwk', `{"kty":"EC","crv":"P-256","x":"${r.chars(ALPHA.B64URL, 43)}","y":"${r.chars(ALPHA.B64URL, 43)}","d":"${d}","kid":"signing-2026"}`, d) },
      (r) => { const k = 'AGE-SECRET-KEY-1' + r.chars('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58); return sample('age', `# created: 2026-11-02T10:11:12Z\n# public key: age1${r.chars('qpzry9x8gf2tvdw0s3jn54khce6mua7l', 58)}\n${k}`, k) },
      (r) => { const k = randomB64(r, 32); return sample('wireguard', `[Interface]\nAddress = 10.8.0.2/24\nPrivateKey = ${k}\nDNS = 1.1.1.1\n\n[Peer]\nPublicKey = ${randomB64(r, 32)}\nEndpoint = vpn.acme.io:51820`, k) },
      (r) => { const k = hex(r, 64); return sample('eth-wallet', `PRIVATE_KEY=0x${k}\nRPC_URL=https://mainnet.infura.io/v3/${hex(r, 32)}`, k) },
    ],
  },
  {
    name: 'signing-and-session-secrets',
    templates: [
      (r) => { const s = 'django-insecure-' + r.chars(ALPHA.LOWER + ALPHA.DIGITS + '!@#$%^&*(-_=+)', 50); return sample('django', `# settings.py\nSECRET_KEY = '${s}'\nDEBUG = False`, s) },
      (r) => { const s = hex(r, 128); return sample('rails', `production:\n  secret_key_base: ${s}`, s) },
      (r) => { const s = shortBase64Key(r, 32); return sample('nextauth', `NEXTAUTH_SECRET=${s}\nNEXTAUTH_URL=https://app.acme.io`, s) },
      (r) => { const s = alnum(r, 32); return sample('express', `app.use(session({ secret: '${s}', resave: false, saveUninitialized: false }))`, s) },
      (r) => { const s = r.chars(ALPHA.ALNUM, 24); return sample('flask', `app.secret_key = b"${s}"`, s) },
      (r) => { const t = jwt(r); return sample('chat-jwt', `decode this jwt for me please: ${t}`, t) },
      (r) => { const t = jwt(r); return sample('supabase', `const supabase = createClient('https://${alnum(r, 20).toLowerCase()}.supabase.co', '${t}')`, t) },
      (r) => { const s = 'whsec_' + alnum(r, 32); return sample('stripe-webhook', `const event = stripe.webhooks.constructEvent(body, sig, '${s}')`, s) },
      (r) => { const s = hex(r, 64); return sample('hmac', `const signature = crypto.createHmac('sha256', '${s}').update(payload).digest('hex')`, s) },
      (r) => { const s = hex(r, 32); return sample('rails-master-key', `$ cat config/master.key\n${s}`, s) },
    ],
  },
  {
    name: 'recovery-and-otp',
    templates: [
      (r) => { const p = recoveryPhrase(r, 12); return sample('seed-phrase', `wallet backup (do not share): ${p}`, p) },
      (r) => { const p = recoveryPhrase(r, 24); return sample('seed-phrase', `mnemonic: "${p}"`, p) },
      (r) => { const lines = recoveryPhrase(r, 12).split(' ').map((w, i) => `${i + 1}. ${w}`); return sample('seed-phrase-numbered', `Recovery phrase\n${lines.join('\n')}`, lines.slice(0, 3).join('\n')) },
      (r) => { const codes = Array.from({ length: 8 }, () => `${r.chars(ALPHA.DIGITS, 4)}-${r.chars(ALPHA.DIGITS, 4)}`); return sample('backup-codes', `GitHub recovery codes\n${codes.join('\n')}\nKeep them somewhere safe.`, ...codes.slice(0, 2)) },
      (r) => { const s = r.chars(ALPHA.B32, 32); return sample('totp', `otpauth://totp/Acme:ops@acme.io?secret=${s}&issuer=Acme&digits=6`, s) },
      (r) => { const s = r.chars(ALPHA.B32, 16).replace(/(.{4})/g, '$1 ').trim(); return sample('totp', `2FA setup key: ${s}`, s) },
      (r) => { const k = Array.from({ length: 8 }, () => r.chars('0123456789', 6)).join('-'); return sample('bitlocker', `BitLocker recovery key for LAPTOP-7: ${k}`, k) },
      (r) => { const k = Array.from({ length: 6 }, () => r.chars('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 4)).join('-'); return sample('apple-recovery', `Apple ID recovery key ${k}`, k) },
    ],
  },
  {
    name: 'encoded-key-material',
    templates: [
      (r) => { const k = hex(r, 64); return sample('env', `ENCRYPTION_KEY=${k}`, k) },
      (r) => { const k = randomB64(r, 32); return sample('yaml', `encryption:\n  key: "${k}"\n  algorithm: aes-256-gcm`, k) },
      (r) => { const k = hex(r, 64); return sample('python', `KEY = bytes.fromhex("${k}")\ncipher = AES.new(KEY, AES.MODE_GCM)`, k) },
      (r) => { const k = randomB64(r, 64); return sample('java', `byte[] signingKey = Base64.getDecoder().decode("${k}");`, k) },
      (r) => { const bytes = Array.from({ length: 32 }, () => '0x' + hex(r, 2)); return sample('c-array', `static const uint8_t master_key[32] = {\n  ${bytes.join(', ')}\n};`, bytes.slice(0, 8).join(', ')) },
      (r) => { const k = b64(awsSecret(r)); return sample('k8s-data', `data:\n  aws_secret_access_key: ${k}`, k) },
      (r) => { const k = b64(stripeKey(r)); return sample('base64-of-token', `the value in the secret is ${k} (base64)`, k) },
      (r) => { const k = hex(r, 40); return sample('mssql-master-key', `CREATE MASTER KEY ENCRYPTION BY PASSWORD = '${password(r)}';\n-- backup key: ${k}`, k) },
      (r) => { const k = r.chars(ALPHA.B64URL, 43) + '='; return sample('fernet', `FERNET_KEY = "${k}"`, k) },
    ],
  },
  {
    name: 'json-records',
    templates: [
      (r) => { const t = openaiKey(r); return sample('preferences', JSON.stringify({ theme: 'dark', ai: { provider: 'openai', apiKey: t, model: 'gpt-4o' } }), t) },
      (r) => { const p = password(r); return sample('connection-template', JSON.stringify({ name: 'prod', host: 'db.acme.io', port: 5432, username: 'app', password: p, ssl: true }), p) },
      (r) => { const p = password(r); return sample('nested-escaped', JSON.stringify({ note: JSON.stringify({ db: { user: 'app', pass: p } }) }), p) },
      (r) => { const t = alnum(r, 40); return sample('preferences', `{"integrations":{"github":{"enabled":true,"accessToken":"${t}"}},"fontSize":13}`, t) },
      (r) => { const p = password(r); return sample('array', JSON.stringify([{ key: 'host', value: 'db1' }, { key: 'password', value: p }]), p) },
      (r) => { const s = shortBase64Key(r, 32); return sample('snake-case', `{"client_id":"${alnum(r, 20)}","client_secret":"${s}","grant_type":"client_credentials"}`, s) },
      (r) => { const p = password(r); return sample('unicode-keys', JSON.stringify({ 'Passwort': p, Benutzer: 'admin' }), p) },
      (r) => { const p = recoveryPhrase(r, 3).replace(/ /g, '') + r.int(10, 99); return sample('camel-case', JSON.stringify({ smtpHost: 'smtp.acme.io', smtpPassword: p }), p) },
      (r) => { const t = r.pick(WORDS) + '-' + alnum(r, 28); return sample('headers', JSON.stringify({ headers: { 'X-Auth-Token': t, Accept: 'application/json' } }), t) },
    ],
  },
]
