/** The marker that replaces a secret value. Detection treats it as "already redacted", so redaction is idempotent. */
export const REDACTED = '[REDACTED]'
