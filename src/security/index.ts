export { sanitizeRecord, type SanitizeOptions } from './sanitizeRecord'
export { redactSql } from './redactSql'
export { REDACTED } from './redacted'
export { isNonSecretValue } from './nonSecretValue'
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
// The final check (second line of defence): known formats and entropy near credential words, not structure.
export { checkRequestBody, assertRequestBodyClean, scanText, KNOWN_FORMATS, type TextFinding, type FinalCheckKind, type KnownFormat } from './finalCheck/index'
export { screenChange, type ScreenInput, type ScreenOutput } from './screenChange'
