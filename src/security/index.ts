export { sanitizeRecord, type SanitizeOptions } from './sanitizeRecord'
export { redactSql } from './redactSql'
export { REDACTED, isNonSecretValue } from './redacted'
export { findCredentials, type FindCredentialsOptions } from './findCredentials'
export {
  isSecretKey,
  isCredentialName,
  createSecretKeyMatcher,
  nameWords,
  type SecretKeyMatcher,
  type SecretKeyOptions,
  type SecretKeyScope,
} from './secretKeys'
export { CredentialLeakError, isCredentialLeakError, type CredentialLeakErrorOptions } from './CredentialLeakError'
export { scanRequestBody } from './scanRequestBody'
export { createFirewallFetch, type FirewallOptions } from './createFirewallFetch'
export type { CredentialFinding, CredentialKind } from './types'
