/**
 * Turso's rule for database names: lowercase letters, numbers and dashes, at most 64 characters
 * (https://docs.turso.tech/api-reference/databases/create; an older revision of the reference said 32). We also
 * require a letter or digit at both ends, because the name becomes the first part of a DNS hostname.
 */
const DATABASE_NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/

/** @throws {RangeError} the name breaks Turso's naming rules; nothing was sent. */
export const assertDatabaseName = (name: string): void => {
  if (!DATABASE_NAME.test(name)) {
    throw new RangeError(
      `Invalid Turso database name ${JSON.stringify(name)}: use 1 to 64 lowercase letters, digits and dashes, starting and ending with a letter or digit.`,
    )
  }
}

/**
 * The default database name of a user: `<prefix>-<24 hex digits of SHA-256(userId)>` (29 characters with the default
 * prefix, inside even the older 32-character limit). The same user always gets the same name, so provisioning is
 * idempotent. The id is hashed rather than embedded because the name is part of the database's hostname (DNS, TLS
 * SNI, access logs) and user ids are often e-mail addresses. 96 bits make an accidental collision negligible.
 *
 * @throws {RangeError} the prefix makes an invalid name.
 */
export const userDatabaseName = async (userId: string, prefix = 'user'): Promise<string> => {
  if (userId === '') throw new RangeError('userId must not be empty.')
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`howlerops-sync/user-database:${userId}`))
  const hex = Array.from(new Uint8Array(digest).subarray(0, 12), (byte) => byte.toString(16).padStart(2, '0')).join('')
  const name = `${prefix}-${hex}`
  assertDatabaseName(name)
  return name
}
