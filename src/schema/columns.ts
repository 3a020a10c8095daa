/**
 * Column vocabulary shared by `schema.sql`, the Dexie mirror and the engine.
 *
 * Every time is an INTEGER of milliseconds since the Unix epoch (UTC). Booleans are INTEGER 0/1 on both sides,
 * because a boolean is not a valid IndexedDB key (DESIGN.md defect 12). `json` columns are TEXT holding JSON on the
 * server and the parsed value on the device.
 */
export type ColumnKind = 'text' | 'integer' | 'real' | 'json' | 'blob'

export interface ColumnSpec {
  readonly name: string
  readonly kind: ColumnKind
  readonly nullable: boolean
  /** Present only on the server (for example the FTS rowid); never mirrored to the device. */
  readonly serverOnly?: true
}

export type KindToType<K extends ColumnKind> = K extends 'text'
  ? string
  : K extends 'integer' | 'real'
    ? number
    : K extends 'blob'
      ? Uint8Array
      : unknown

/** A required column. Literal names and kinds are kept for the row types. */
export const col = <const N extends string, const K extends ColumnKind>(
  name: N,
  kind: K,
): { readonly name: N; readonly kind: K; readonly nullable: false } => ({ name, kind, nullable: false })

/** A nullable column. */
export const opt = <const N extends string, const K extends ColumnKind>(
  name: N,
  kind: K,
): { readonly name: N; readonly kind: K; readonly nullable: true } => ({ name, kind, nullable: true })

/** A server-only column. */
export const serverCol = <const N extends string>(
  name: N,
  kind: ColumnKind,
): { readonly name: N; readonly kind: ColumnKind; readonly nullable: true; readonly serverOnly: true } => ({
  name,
  kind,
  nullable: true,
  serverOnly: true,
})

/**
 * The columns the sync layer owns on every synced table. The caller may leave them out; the local store fills them.
 *
 * - `sync_version`: the server's version of the row, bumped by every accepted write (I3). 0 = never reached the server.
 * - `server_seq`: the server change sequence, written in the same transaction as the change (I1).
 * - `hlc`: the hybrid logical clock of the edit, `<ms:15><counter:5><deviceId>`, compared as a string (I7).
 * - `mutation_id`: the id of the local change that produced this version (I2).
 * - `origin_device_id`: the device that wrote this version.
 * - `deleted_at`: a tombstone when not null (I6).
 */
export const syncColumns = [
  col('user_id', 'text'),
  col('created_at', 'integer'),
  col('updated_at', 'integer'),
  opt('deleted_at', 'integer'),
  col('sync_version', 'integer'),
  col('server_seq', 'integer'),
  col('hlc', 'text'),
  opt('mutation_id', 'text'),
  opt('origin_device_id', 'text'),
] as const

export const SYNC_COLUMN_NAMES: ReadonlySet<string> = new Set(syncColumns.map((c) => c.name))
