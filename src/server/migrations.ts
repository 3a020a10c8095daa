import schemaSql from '../../schema.sql?raw'

/**
 * One schema migration. `sql` is a script of complete statements, each ending with `;`. It runs in one write
 * transaction, so it must not contain BEGIN/COMMIT of its own. Versions are positive integers applied in ascending
 * order, and an applied migration must never change: its checksum is recorded and verified on every run.
 */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

/** The migrations of this release, oldest first. Migration 1 is `schema.sql`, the whole initial schema. */
export const migrations: readonly Migration[] = [{ version: 1, name: 'initial', sql: schemaSql }]
