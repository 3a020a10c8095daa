import { REDACTED } from './redacted'

// Kept apart from `REDACTED`: the at-rest code in the initial bundle needs the marker, not these rules.

/** Masks people and tools already use in place of a secret; none of them is a credential. */
const MASK = /^(?:\*{3,}|x{3,}|X{3,}|•{3,}|\[?<?(?:redacted|hidden|filtered|masked|removed)>?\]?)$/i

/**
 * Placeholders for a value supplied elsewhere: SQL parameters (`?`, `?1`, `$1`, `:name`, `@name`, `$name`), printf and
 * pyformat (`%s`, `%(name)s`), templates (`{{x}}`, `${X}`, `{x}`, `<your-password>`) and env references (`$PGPASS`,
 * `%PGPASS%`). Seeing one means the statement was written safely.
 */
const PLACEHOLDER =
  /^(?:&&?[A-Za-z_]\w*\.?|\?\d*|\$\d+|[:@$][A-Za-z_][\w.]*|%[sd]|%\(\w+\)[sd]|\{\{[^{}]*\}\}|\$\{[^{}]*\}|\{[\w.-]*\}|<[\w .-]*>|\$[A-Z_][A-Z0-9_]*|%[A-Z_][A-Z0-9_]*%)$/

/** A path to key material (`sslkey=/home/app/.postgresql/postgresql.key`) names where a secret is, not the secret. */
const KEY_FILE_PATH = /^(?:~|\.{1,2}|[A-Za-z]:)?[\\/](?:[\w. -]+[\\/])*[\w. -]+\.(?:key|pem|crt|cer|der|p12|pfx|jks|ppk|json|txt)$/

/**
 * Words that stand where a value would, in SQL, YAML and code: `password = NULL`, `password: string`,
 * `password=None`. Compared case-insensitively.
 */
const KEYWORDS = new Set([
  'null', 'none', 'nil', 'undefined', 'default', 'true', 'false', 'string', 'str', 'number', 'boolean', 'bool',
  'any', 'unknown', 'never', 'object', 'text', 'varchar', 'nvarchar', 'char', 'bytea', 'blob', 'json', 'jsonb',
  'uuid', 'integer', 'int', 'required', 'optional', 'omitted', 'empty', 'redacted',
  // Well-known stand-ins people type where the real value goes later.
  'changeme', 'change_me', 'change-me', 'changeit', 'yourpassword', 'your_password', 'mypassword', 'example', 'dummy',
  'todo', 'tbd', 'placeholder', 'secret', 'password',
  // Answers in error messages and settings (`using password: YES`, `auth: on`).
  'yes', 'no', 'on', 'off',
])

/**
 * References to a secret kept elsewhere, which name where it is and not what it is: 1Password `op://vault/item/field`,
 * Vault `vault:secret/data/x#key` and `ref+vault://…`, AWS ARNs (Secrets Manager, SSM), Azure Key Vault references,
 * GCP `projects/p/secrets/s`, GitHub `${{ secrets.X }}` and `env(X)`.
 */
const REFERENCE =
  /^(?:(?:op|vault|ref\+vault|sm|awssm|gcpsm|azurekv|akv|keyvault|doppler|infisical|secret|secrets):\/\/\S+|vault:[\w./-]+(?:#\w+)?|arn:aws[\w-]*:[\w-]+:[\w-]*:\d*:\S+|@Microsoft\.KeyVault\(.*\)|projects\/[\w-]+\/secrets\/\S+|(?:secret|secrets|kv|kv-v2)\/(?:data\/)?[\w.-]+(?:\/[\w.-]+)*(?:#\w+)?|\$\{\{.*\}\}|env\([\w.]+\))$/i

/**
 * Values that stand in for one: SQL wildcards (`'%password=%'`), truncated examples (`sk-...`), `YOUR_API_KEY`,
 * shell command substitution (`$(cat /run/secrets/pg)`), regex fragments (`[^&]*`) and Ansible vault blobs.
 */
const STAND_IN = /^(?:[%*_]+|.*(?:\.\.\.|…)|<?your[\w -]*>?|[\w-]*[_-]here|(?:change|replace)[_-]?(?:me|it)\w*|\$\(.*\)|\[\^.*|!vault\b.*)$/i

/**
 * Public keys and publishable keys are meant to be shared: an OpenSSH public key line, a PEM public key, `pk_live_…`,
 * an age recipient (`age1…`).
 */
const PUBLIC_KEY =
  /^(?:age1[a-z0-9]{58}|(?:ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp\d+|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)\s+AAAA[A-Za-z0-9+/]+=*(?:\s+\S+)?|pk_(?:live|test)_\w+|-----BEGIN (?:RSA |EC )?(?:PUBLIC KEY|CERTIFICATE)-----[\s\S]*)$/

/**
 * Text about a credential rather than one: a message that names what it is about (`'Password is required'`,
 * `'Invalid token'`), with spaces and without digits. A passphrase does not name itself.
 */
const MESSAGE =
  /^(?=.*\s)(?!.*\d)(?=.*(?:^|[^\p{L}])(?:passwords?|passwort|pass ?phrases?|secrets?|tokens?|keys?|credentials?|contraseñas?|mot de passe|senhas?|api key)(?:$|[^\p{L}]))(?=.*(?:^|[^\p{L}])(?:required|invalid|incorrect|wrong|missing|expired|must|match|mismatch|too|please|enter|confirm|reset|change|forgot|erforderlich|falsch|ung[üu]ltig|requerid[ao]|inv[áa]lid[ao]|incorrect[ae]|obligatoire|requis)(?:$|[^\p{L}]))/iu

/** Code, not a value: a call or an index with no digit in it (`secrets[name]`, `load_key(path)`), a dotted name path. */
const CODE = /^(?!.*\d)[A-Za-z_$][\w$.]*[[(]|^[a-z_][a-z_]*(?:\.[a-z_]+)+$/

/**
 * What a key named `secret` (Kubernetes `secret: db-credentials`, `secretName`) or the SQL `SECRET` keyword in a log
 * line (`secret "pg-auth" not found`) names: a lowercase, hyphenated resource name without digits.
 */
export const namesAStoredSecret = (value: string): boolean => /^[a-z]+(?:-[a-z]+)+$/.test(value.trim())

/** True when a candidate secret value is empty, our marker, a mask, a placeholder or a type/keyword. */
export const isNonSecretValue = (value: string): boolean => {
  const v = value.trim()
  if (v === '' || v === REDACTED || v.includes(REDACTED)) return true
  // Nobody's password is one character, or punctuation alone (`{ password: 0 }` is a projection).
  if (v.length <= 1 || /^[^\p{L}\p{N}]+$/u.test(v)) return true
  // (`sk_live_xxxxxxxxxxxxxxxx`: a token shape filled with a stand-in.)
  if (MESSAGE.test(v) || CODE.test(v) || /([xX*•])\1{5,}/.test(v)) return true
  return MASK.test(v) || STAND_IN.test(v) || PLACEHOLDER.test(v) || KEY_FILE_PATH.test(v) || KEYWORDS.has(v.toLowerCase()) || REFERENCE.test(v) || PUBLIC_KEY.test(v)
}
