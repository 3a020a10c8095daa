/**
 * What kind of credential a finding is. A string union so the UI can word a quarantine message per kind.
 *
 * - `password-field` / `secret-field`: a field named like a password (or another secret) holding a value.
 * - `sql-password`: a literal after `PASSWORD`, `IDENTIFIED BY`, `SECRET` … in SQL.
 * - `uri-password`: the password of `scheme://user:password@host`.
 * - `connection-string`: a `key=value` / `key: value` pair whose key names a secret.
 */
export type CredentialKind =
  | 'password-field'
  | 'secret-field'
  | 'sql-password'
  | 'uri-password'
  | 'connection-string'
  | 'bearer'
  | 'basic-auth'
  | 'aws-access-key'
  | 'aws-secret'
  | 'github-token'
  | 'slack-token'
  | 'slack-webhook'
  | 'discord-webhook'
  | 'stripe-key'
  | 'openai-key'
  | 'anthropic-key'
  | 'google-api-key'
  | 'jwt'
  | 'private-key'
  // The final check's own kinds (it finds by format and entropy, not by structure).
  | 'known-format'
  | 'entropy-near-word'
  | 'uri-credentials'
  | 'unreadable-body'

/** Where a credential was found. Deliberately carries no value and no excerpt: findings are logged and shown. */
export interface CredentialFinding {
  /** A property path such as `parameters.password` or `requests[1].batch.steps[4].stmt.args[2]`; '' for the root. */
  readonly path: string
  readonly kind: CredentialKind
}

/** @internal A secret's bounds inside a string, as found by one rule. */
export interface SecretSpan {
  readonly start: number
  readonly end: number
  readonly kind: CredentialKind
}
