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
    '(?<![\\w-])vault:[\\w./-]+(?:#\\w+)?',
    '(?<![\\w-])arn:aws[\\w-]*:[\\w-]+:[\\w-]*:\\d*:[^\\s"\'`,;]+',
    '\\$\\{\\{[^{}\\n]*\\}\\}',
    '@Microsoft\\.KeyVault\\([^)\\n]*\\)',
    '(?<![\\w-])env\\([\\w.]+\\)',
    '(?<![\\w-])projects/[\\w-]+/secrets/[\\w-]+(?:/versions/\\w+)?',
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
