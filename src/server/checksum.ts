/**
 * A line, exactly this text, that ends the checksummed part of a migration. `schema.sql` records itself in
 * `schema_migrations` below it, so the statement that holds the checksum is not part of what it checksums.
 */
export const MIGRATION_RECORD_MARKER = '-- @migration-record'

/** The text a migration's checksum covers: the SQL with CRLF normalised to LF, cut before the marker line if any. */
export const checksummedText = (sql: string): string => {
  const text = sql.replace(/\r\n/g, '\n')
  const at = text.search(/^-- @migration-record$/m)
  return at < 0 ? text : text.slice(0, at)
}

/**
 * `sha256:<hex>` of {@link checksummedText}. `scripts/schema-checksum.mjs` applies the same rule to rewrite the
 * literal at the end of `schema.sql`. Uses Web Crypto, so it runs in Node 20 and in browsers alike.
 */
export const migrationChecksum = async (sql: string): Promise<string> => {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(checksummedText(sql)))
  const hex = Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
  return `sha256:${hex}`
}
