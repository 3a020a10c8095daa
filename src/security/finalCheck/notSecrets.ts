/**
 * What the final check must not read as a credential although it sits next to a credential word and looks random:
 * public keys (OpenSSH lines, PEM public keys and certificates), publishable keys (`pk_live_…`), and references to a
 * secret kept elsewhere (`op://…`, `vault:…`, an AWS ARN, `${{ secrets.X }}`, `secretKeyRef`, `env(X)`). They are
 * blanked out (same length, so positions hold) before the entropy and URI rules read the text; known formats are
 * matched on the original text first.
 */
const NOT_SECRETS = new RegExp(
  [
    '(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\\d+|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\\.com)\\s+AAAA[A-Za-z0-9+/]+=*',
    '-----BEGIN (?:RSA |EC )?(?:PUBLIC KEY|CERTIFICATE)-----[\\s\\S]*?-----END (?:RSA |EC )?(?:PUBLIC KEY|CERTIFICATE)-----',
    '(?<![\\w-])pk_(?:live|test)_[A-Za-z0-9]+',
    '(?<![\\w-])(?:op|vault|ref\\+vault|sm|awssm|gcpsm|azurekv|akv|secret|secrets|keyvault|doppler|infisical)://\\S+',
    '(?<![\\w-])vault:(?!v\\d+:)[\\w./-]+(?:#\\w+)?',
    '(?<![\\w-])arn:aws[\\w-]*:[\\w-]+:[\\w-]*:\\d*:[^\\s"\'`,;]+',
    '\\$\\{\\{[^{}\\n]*\\}\\}',
    '@Microsoft\\.KeyVault\\([^)\\n]*\\)',
    '(?<![\\w-])env\\([\\w.]+\\)',
    '(?<![\\w-])projects/[\\w-]+/secrets/[\\w-]+(?:/versions/\\w+)?',
    // Vault KV paths: `secret/data/prod/db`, `kv/app#password`.
    '(?<![\\w./-])(?:secret|secrets|kv|kv-v2)/(?:data/)?[\\w.-]+(?:/[\\w.-]+)*(?:#\\w+)?',
    // Fingerprints and key ids name a key without being one: `SHA256:…` (ssh-keygen -l, ssh-add -l), `MD5:aa:bb:…`,
    // GnuPG `rsa4096/3AA5C34371567BD2`, an age or WireGuard recipient (a public key).
    '(?<![\\w-])(?:SHA256|SHA1|MD5):[A-Za-z0-9+/:=]{16,}',
    '(?<![\\w-])(?:rsa|dsa|elg|ed25519|cv25519|ed448|cv448|nistp(?:256|384|521)|brainpoolP\\d+r1|secp256k1)\\d*/(?:0x)?[0-9A-Fa-f]{8,40}(?![\\w-])',
    '(?<![\\w-])age1[a-z0-9]{58}(?![\\w-])',
    // Ciphertext is not a credential: SOPS `ENC[AES256_GCM,data:…]`, Vault transit `vault:v1:…`, an Ansible Vault
    // block, PGP and age messages, a Postgres bytea literal (`\\x…`, what pgcrypto returns).
    'ENC\\[[A-Z0-9_]+,data:[^\\]\\s]*\\]',
    '(?<![\\w-])vault:v\\d+:[A-Za-z0-9+/=]+',
    '\\$ANSIBLE_VAULT;[^\\n]*(?:\\n[ \\t]*[0-9a-f]{20,})+',
    '-----BEGIN (?:PGP MESSAGE|AGE ENCRYPTED FILE|ENCRYPTED MESSAGE)-----[\\s\\S]*?-----END (?:PGP MESSAGE|AGE ENCRYPTED FILE|ENCRYPTED MESSAGE)-----',
    '(?<![\\w\\\\])\\\\\\\\?x[0-9a-fA-F]{32,}',
    // A Vault lease id names a dynamic credential without being one: `database/creds/readonly/<id>`.
    '(?<![\\w./-])[\\w-]+/creds/[\\w.-]+/[A-Za-z0-9]{16,}(?![\\w/])',
    // The user a failed login was for (`Login failed for user 'etl'`, `Failed password for invalid user pg5`,
    // `Access denied for user 'root'@…`): a name, not the password the message mentions.
    '\\bfor\\s+(?:(?:invalid|unknown|illegal)\\s+)?user\\s+["\'`]?[\\w.@$-]{1,64}["\'`]?',
    // A websocket handshake's nonce: `Sec-WebSocket-Key` / `Sec-WebSocket-Accept` (RFC 6455), public by design.
    '[Ss]ec-[Ww]eb[Ss]ocket-(?:[Kk]ey|[Aa]ccept)["\']?\\s*[:=]\\s*["\']?[A-Za-z0-9+/]{20,}={0,2}',
  ].join('|'),
  'g',
)

/** A JSON Web Key's public members and its `"use": "sig"` (a word the final check would otherwise read as a credential). */
const JWK_PUBLIC = /["'](?:n|e|x|y|use|kid|x5t|x5c|alg)["']\s*:\s*(?:["'][^"'\n]*["']|\[[^\]]*\])/g

const blank = (m: string): string => ' '.repeat(m.length)

export const blankNotSecrets = (text: string): string => {
  const open = text.replace(NOT_SECRETS, blank)
  return open.includes('kty') ? open.replace(JWK_PUBLIC, blank) : open
}
