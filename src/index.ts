import { createEngine, type EngineOptions, type SyncEngine } from './core/engine'
import type { LocalStore, OutgoingChange } from './core/ports'
import type { Screened } from './core/cycle'
import { createLibsqlRemote, type RemoteOptions } from './remote/libsqlRemote'
import { CredentialLeakError, findCredentials, sanitizeRecord } from './security/index'

export interface SyncEngineOptions extends Omit<EngineOptions, 'local' | 'remote' | 'screen'> {
  /** The database from `createLocalDatabase()` (`@howlerops/sync/dexie`). */
  db: { readonly sync: LocalStore }
  /** The user's Turso database. The token is held in memory only (I10). */
  remote: Omit<RemoteOptions, 'guard' | 'now' | 'userId'>
}

/** Sanitizes an outgoing row and checks that nothing credential-like is left (I10). */
export const screenChange = (change: OutgoingChange): Screened => {
  if (change.op === 'delete') return { row: change.row }
  const row = sanitizeRecord(change.table, change.row) as Record<string, unknown>
  const [finding] = findCredentials(row)
  return finding === undefined ? { row } : { row, leak: { field: finding.path, kind: finding.kind } }
}

/**
 * The transport-level firewall: the last check on every request body before it leaves the device (I10, R10). It is
 * the second line of defence and uses another method than the sanitizer: known credential formats and entropy next
 * to credential words (`checkRequestBody` in `/security`), over every string of the parsed body, gzip-compressed
 * content decompressed first. A body that is not a string is refused. The rules load on first use, so they stay out
 * of the core chunk.
 *
 * @throws {CredentialLeakError} (as a rejection) naming every path that carried a credential.
 */
export const guardRequestBody = async (body: unknown): Promise<void> => {
  const { checkRequestBody } = await import('./security/finalCheck/index')
  const findings = await checkRequestBody(body)
  if (findings.length > 0) throw CredentialLeakError.fromFindings(findings)
}

/**
 * Creates the sync engine for one user's database: Dexie on the device, Turso (libSQL over HTTP) remotely.
 *
 * ```ts
 * const engine = createSyncEngine({ db, remote: { url, authToken }, userId: 'user-1', deviceName: 'Laptop' })
 * engine.start()
 * ```
 */
export const createSyncEngine = (options: SyncEngineOptions): SyncEngine => {
  const { db, remote, ...rest } = options
  const now = options.env?.now
  return createEngine({
    ...rest,
    local: db.sync,
    remote: createLibsqlRemote({ ...remote, userId: options.userId, guard: guardRequestBody, ...(now === undefined ? {} : { now }) }),
    screen: screenChange,
  })
}

export { createEngine } from './core/engine'
export type { EngineOptions, SyncEngine, DeviceRegistry, EngineMetrics, QuarantineCenter } from './core/engine'
export type { SyncStatus, SyncPhase, SyncProgress, SyncSummary } from './core/status'
export type { ConflictCenter, ConflictChoice, ConflictRecord, ConflictsSnapshot } from './core/conflicts/center'
export type { CustomResolver, StrategyOption } from './core/conflicts/resolve'
export { SyncError, RecordError, RecordRejectedError, MalformedResponseError, isSyncError, isRecordError, type SyncErrorCode, type RecordErrorReason } from './core/errors'
export { InvalidServerRowError } from './remote/InvalidServerRowError'
export { createHybridClock, compareHlc, formatHlc, parseHlc, type HybridClock } from './core/hlc'
export { merge3 } from './core/conflicts/merge3'
export type { Env, OnlineSource, LockManagerLike, ChannelLike } from './core/env'
export type { LocalStore, OutboxStore, ReplicaStore, SyncStateStore, RecordStore, RemoteStore, OutgoingChange, PushResult, PullPage, Row, QuarantinedChange } from './core/ports'
export type { ReadableStore } from './core/store'
export * from './schema/tables'
export {
  SchemaError,
  isSchemaError,
  describeViolation,
  normalizeRow,
  validateRow,
  preferenceId,
  MAX_RECORD_BYTES,
  recordBytes,
  type SchemaRule,
  type SchemaViolation,
  type ValidateOptions,
  type ColumnCheck,
} from './schema/index'
export { createConflictResolver, type ConflictPolicy } from './core/conflicts/resolve'
export { SYNC_COLUMN_NAMES, syncColumns, type ColumnSpec, type ColumnKind } from './schema/columns'
