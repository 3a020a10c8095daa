/**
 * Column vocabulary shared by `schema.sql`, the Dexie mirror and the engine.
 *
 * Every time is an INTEGER of milliseconds since the Unix epoch (UTC). Booleans are INTEGER 0/1 on both sides,
 * because a boolean is not a valid IndexedDB key (DESIGN.md defect 12). `json` columns are TEXT holding JSON on the
 * server and the parsed value on the device.
 *
 * Each column also carries what the server would do with a value (R7): its `DEFAULT` and the CHECK a device can
 * evaluate without the database. test/schema proves column by column, through libSQL, that these agree with
 * `schema.sql`.
 */
export type ColumnKind = 'text' | 'integer' | 'real' | 'json' | 'blob'

/** A CHECK on one column, in a form the device evaluates. `constraint` is its name in `schema.sql`. */
export type ColumnCheck =
  | { readonly kind: 'in'; readonly values: readonly (string | number)[]; readonly constraint: string }
  | { readonly kind: 'range'; readonly min?: number; readonly max?: number; readonly constraint: string }
  | { readonly kind: 'glob-prefix'; readonly prefix: string; readonly constraint: string }
  /** `json_valid(column)`: the device value must serialize to JSON. */
  | { readonly kind: 'json'; readonly constraint: string }

export interface ColumnSpec {
  readonly name: string
  readonly kind: ColumnKind
  readonly nullable: boolean
  /** The schema DEFAULT, given to a record that omits the column (at capture, as the server would). */
  readonly default?: string | number
  readonly check?: ColumnCheck
  /** Present only on the server (for example the FTS rowid); never mirrored to the device. */
  readonly serverOnly?: true
}

export interface ColumnExtras {
  readonly default?: string | number
  readonly check?: ColumnCheck
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
  extras: ColumnExtras = {},
): { readonly name: N; readonly kind: K; readonly nullable: false } & ColumnExtras => ({ name, kind, nullable: false, ...extras })

/** A nullable column. */
export const opt = <const N extends string, const K extends ColumnKind>(
  name: N,
  kind: K,
  extras: ColumnExtras = {},
): { readonly name: N; readonly kind: K; readonly nullable: true } & ColumnExtras => ({ name, kind, nullable: true, ...extras })

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

/** `CHECK (column IN (0, 1))`: an INTEGER boolean. */
export const flag = (constraint: string): ColumnCheck => ({ kind: 'in', values: [0, 1], constraint })
/** `CHECK (column IN (...))`. */
export const oneOf = (constraint: string, values: readonly (string | number)[]): ColumnCheck => ({ kind: 'in', values, constraint })
/** `CHECK (column >= min)` / `BETWEEN min AND max`. */
export const range = (constraint: string, min?: number, max?: number): ColumnCheck => ({
  kind: 'range',
  constraint,
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
})
/** `CHECK (column IS NULL OR json_valid(column))`. */
export const jsonValid = (constraint: string): ColumnCheck => ({ kind: 'json', constraint })

/**
 * The columns the sync layer owns on every synced table. The caller may leave them out; the local store fills them.
 *
 * - `sync_version`: the server's version of the row, bumped by every accepted write (I3). 0 = never reached the server.
 * - `server_seq`: the server change sequence, written in the same transaction as the change (I1).
 * - `hlc`: the hybrid logical clock of the edit, `<ms:15><counter:5><deviceId>`, compared as a string (I7).
 * - `mutation_id`: the id of the local change that produced this version (I2).
 * - `origin_device_id`: the device that wrote this version.
 * - `deleted_at`: a tombstone when not null (I6).
 *
 * The `<table>_sync` CHECK (sync_version >= 0 AND server_seq >= 0) is written per table; `syncColumnsOf` names it.
 */
export const syncColumnsOf = (table: string): typeof syncColumns =>
  [
    col('user_id', 'text'),
    col('created_at', 'integer'),
    col('updated_at', 'integer'),
    opt('deleted_at', 'integer'),
    col('sync_version', 'integer', { default: 0, check: range(`${table}_sync`, 0) }),
    col('server_seq', 'integer', { default: 0, check: range(`${table}_sync`, 0) }),
    col('hlc', 'text', { default: '' }),
    opt('mutation_id', 'text'),
    opt('origin_device_id', 'text'),
  ] as const

/** The sync columns without table-specific checks (names and kinds only). */
export const syncColumns = [
  col('user_id', 'text'),
  col('created_at', 'integer'),
  col('updated_at', 'integer'),
  opt('deleted_at', 'integer'),
  col('sync_version', 'integer', { default: 0 }),
  col('server_seq', 'integer', { default: 0 }),
  col('hlc', 'text', { default: '' }),
  opt('mutation_id', 'text'),
  opt('origin_device_id', 'text'),
] as const

export const SYNC_COLUMN_NAMES: ReadonlySet<string> = new Set(syncColumns.map((c) => c.name))
