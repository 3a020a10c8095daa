import type { Client } from '@libsql/client'
import { migrationChecksum } from './checksum'
import { SchemaChecksumMismatchError, SchemaMigrationError } from './errors'
import { migrations as shippedMigrations, type Migration } from './migrations'
import { DROP_SERVER_SEARCH_SQL } from './serverSearch'

export interface ApplySchemaOptions {
  /**
   * The migrations to bring the database up to, oldest first.
   * @default the migrations of this release (migration 1 is `schema.sql`)
   */
  readonly migrations?: readonly Migration[]
  /**
   * Whether the server keeps full-text indexes (`saved_queries_fts`, `query_history_fts` and their triggers).
   * A sealing app passes `false`: FTS cannot index ciphertext, search runs on the device, and the triggers
   * would cost billed writes on every push for nothing. They are dropped after the migrations (idempotent).
   * @default true
   */
  readonly serverSearch?: boolean
}


export interface ApplySchemaResult {
  /** Versions applied by this call, in order. Empty when the database was already current. */
  readonly applied: number[]
  /** The highest version recorded in the database afterwards (0 for none). */
  readonly current: number
}

/** Word for word the definition in `schema.sql` (a test compares the two), so either may create the table. */
const MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER NOT NULL PRIMARY KEY,
  name       TEXT    NOT NULL,
  checksum   TEXT    NOT NULL,
  applied_at INTEGER NOT NULL,
  CONSTRAINT schema_migrations_version CHECK (version > 0),
  CONSTRAINT schema_migrations_checksum CHECK (checksum GLOB 'sha256:*')
) STRICT`

const NOW_MS = `CAST(unixepoch('subsec') * 1000 AS INTEGER)`

const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`

/**
 * Brings a database up to the latest migration: verifies the checksum of every migration already applied, then
 * applies the pending ones in order, each atomically together with its `schema_migrations` record.
 *
 * Each migration goes to the server as ONE `executeMultiple` script, `BEGIN IMMEDIATE; <migration>; <record>; COMMIT;`.
 * That works with every `@libsql/client` transport: over HTTP it is a single Hrana `sequence` on one stream, so no
 * interactive transaction is held open across round trips (Turso allows 5 s); `executeMultiple` is not available inside
 * an HTTP `transaction()`, and `batch()` would need the script split into statements, which is not safe for trigger
 * bodies. If any statement fails, the script stops before COMMIT and the transaction is rolled back (the HTTP stream
 * is closed, the local client rolls back a connection it gets back with a transaction open).
 *
 * The record statement inserts only when no row for the version exists, and fails on the primary key when a row with
 * a different checksum does (for example a stale literal at the end of `schema.sql`), so a migration is never
 * committed under the wrong checksum.
 *
 * Run it from one place at a time (provisioning, deploy). A concurrent runner may fail with a migration error and can
 * simply be retried.
 *
 * @throws {SchemaChecksumMismatchError} an applied migration differs from the one shipped; nothing was applied.
 * @throws {SchemaMigrationError} a pending migration failed (rolled back), or would apply below the current version.
 */
export async function applySchema(client: Client, options: ApplySchemaOptions = {}): Promise<ApplySchemaResult> {
  const list = validated(options.migrations ?? shippedMigrations)

  await client.execute(MIGRATIONS_TABLE_SQL)
  const { rows } = await client.execute('SELECT version, checksum FROM schema_migrations ORDER BY version')
  const recorded = new Map(rows.map((row) => [Number(row['version']), String(row['checksum'])]))

  const checksums = await Promise.all(list.map((migration) => migrationChecksum(migration.sql)))
  const pending: Array<{ migration: Migration; checksum: string }> = []
  list.forEach((migration, index) => {
    const checksum = checksums[index] as string
    const actual = recorded.get(migration.version)
    if (actual === undefined) pending.push({ migration, checksum })
    else if (actual !== checksum) throw new SchemaChecksumMismatchError(migration.version, checksum, actual)
  })

  // Versions recorded but unknown here were applied by a newer release; they are left alone.
  let current = Math.max(0, ...recorded.keys())
  const applied: number[] = []
  for (const { migration, checksum } of pending) {
    if (migration.version < current) {
      throw new SchemaMigrationError(
        migration.version,
        `Schema migration ${migration.version} (${migration.name}) is pending but the database is already at version ${current}.`,
      )
    }
    try {
      await client.executeMultiple(script(migration, checksum))
    } catch (cause) {
      throw new SchemaMigrationError(
        migration.version,
        `Schema migration ${migration.version} (${migration.name}) failed and was rolled back.`,
        { cause },
      )
    }
    applied.push(migration.version)
    current = migration.version
  }
  if (options.serverSearch === false) await client.executeMultiple(`BEGIN IMMEDIATE;\n${DROP_SERVER_SEARCH_SQL}\nCOMMIT;`)
  return { applied, current }
}

const script = (migration: Migration, checksum: string): string =>
  [
    'BEGIN IMMEDIATE;',
    migration.sql,
    `INSERT INTO schema_migrations (version, name, checksum, applied_at)
SELECT ${migration.version}, ${quote(migration.name)}, ${quote(checksum)}, ${NOW_MS}
WHERE NOT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ${migration.version} AND checksum = ${quote(checksum)});`,
    'COMMIT;',
  ].join('\n')

const validated = (list: readonly Migration[]): readonly Migration[] => {
  list.forEach((migration, index) => {
    if (!Number.isSafeInteger(migration.version) || migration.version < 1) {
      throw new RangeError(`Migration version must be a positive integer, got ${migration.version}.`)
    }
    const previous = list[index - 1]
    if (previous !== undefined && previous.version >= migration.version) {
      throw new RangeError(`Migrations must be in strictly ascending version order (${previous.version}, ${migration.version}).`)
    }
  })
  return list
}
