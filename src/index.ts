import { createEngine, type EngineOptions, type SyncEngine } from './core/engine'
import type { LocalStore } from './core/ports'
import type { Screen } from './core/cycle'
import { SyncError } from './core/errors'
import type { RemoteOptions } from './remote/libsqlRemote'
import { createLazyRemote } from './remote/createLazyRemote'

export interface SyncEngineOptions extends Omit<EngineOptions, 'local' | 'remote' | 'screen'> {
  /** The database from `createLocalDatabase()` (`@howlerops/sync/dexie`). */
  db: { readonly sync: LocalStore }
  /** The user's Turso database. The token is held in memory only. */
  remote: Omit<RemoteOptions, 'guard' | 'now' | 'userId'>
}

/** A lazy part of the firewall that did not load: transient, nothing was sent, the changes stay queued. */
const unavailable = (line: string, cause: unknown): SyncError =>
  new SyncError('local', `The credential firewall (${line}) could not be loaded, so nothing was sent; the changes stay queued`, { cause, transient: true })

let screenLoading: Promise<Screen> | undefined

/**
 * Loads line 1 of the credential firewall (`screenChange` in `/security`: the sanitizer and the structural rules),
 * once. The rules are a lazy chunk, out of the code an app loads at start: the engine awaits this before screening
 * the first change of a push, so a push waits for the rules and never sends around them. A failed load
 * rejects with a transient `SyncError` and is tried again by the next push.
 */
export const loadScreen = (): Promise<Screen> =>
  (screenLoading ??= import('./security/screenChange').then(
    (m) => m.screenChange,
    (cause: unknown) => {
      screenLoading = undefined
      throw unavailable('line 1, the sanitizer', cause)
    },
  ))

/**
 * The transport-level firewall: the last check on every request body before it leaves the device. It is
 * the second line of defence and uses another method than the sanitizer: known credential formats and entropy next
 * to credential words (`checkRequestBody` in `/security`), over every string of the parsed body, gzip-compressed
 * content decompressed first. A body that is not a string is refused. The rules load on first use, so they stay out
 * of the core chunk; if they cannot load, the request is not sent.
 *
 * @throws {CredentialLeakError} (as a rejection) naming every path that carried a credential.
 * @throws {SyncError} (as a rejection, code `local`, transient) when the rules could not be loaded.
 */
export const guardRequestBody = async (body: unknown): Promise<void> => {
  const { assertRequestBodyClean } = await import('./security/finalCheck/index').catch((cause: unknown) => {
    throw unavailable('line 2, the final check', cause)
  })
  await assertRequestBodyClean(body)
}

/**
 * Creates the sync engine for one user's database: Dexie on the device, Turso (libSQL over HTTP) remotely.
 *
 * ```ts
 * const { url, authToken, contentKey, contentKeyId } = await (await fetch('/api/sync-token')).json()
 * const engine = createSyncEngine({ db, remote: { url, authToken }, sealing: { key: contentKey, keyId: contentKeyId }, userId: 'user-1' })
 * engine.start()
 * ```
 *
 * User content is sealed before it leaves. `sealing` omitted means sealing on without a key: the engine waits
 * in status `needs-key` and sends nothing. `sealing: false` opts out explicitly (the server then stores plaintext).
 */
export const createSyncEngine = (options: SyncEngineOptions): SyncEngine => {
  const { db, remote, ...rest } = options
  const now = options.env?.now
  return createEngine({
    ...rest,
    local: db.sync,
    remote: createLazyRemote({ ...remote, userId: options.userId, guard: guardRequestBody, ...(now === undefined ? {} : { now }) }),
    screen: { load: loadScreen },
    sealing: options.sealing ?? {},
  })
}

export { createEngine } from './core/engine'
export type { EngineOptions, SyncEngine, DeviceRegistry, EngineMetrics, QuarantineCenter } from './core/engine'
export type { SyncStatus, SyncPhase, SyncProgress, SyncSummary } from './core/status'
export type { CycleLogEntry } from './core/cycleLog'
export type { ConflictCenter, ConflictChoice, ConflictRecord, ConflictsSnapshot } from './core/conflicts/center'
export type { CustomResolver, StrategyOption } from './core/conflicts/resolve'
export { SyncError, RecordError, RecordRejectedError, MalformedResponseError, isSyncError, isRecordError, type SyncErrorCode, type RecordErrorReason } from './core/errors'
export { InvalidServerRowError } from './remote/InvalidServerRowError'
export { UnusableRowError, type UnusableRow } from './core/protocol/unusable'
export {
  SealingError,
  isSealingError,
  isSealedEnvelope,
  createContentKey,
  type SealingReason,
  type SealingOptions,
  type SealingKeys,
  type SealingState,
} from './core/sealing/index'
export { columnSealing, sealedColumns, type ColumnSealing, type SealedColumn } from './schema/sealing'
export { createHybridClock, compareHlc, formatHlc, parseHlc, type HybridClock } from './core/hlc'
export { merge3 } from './core/protocol/merge3'
export type { Env, OnlineSource, LockManagerLike, ChannelLike, PresenceSource, PresenceEvent } from './core/env'
export type { LocalStore, OutboxStore, ReplicaStore, SyncStateStore, RecordStore, RemoteStore, OutgoingChange, PushResult, PullPage, Row, QuarantinedChange, OutboxItem } from './core/ports'
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
  JSON_MAX_DEPTH,
  recordBytes,
  type SchemaRule,
  type SchemaViolation,
  type ValidateOptions,
  type ColumnCheck,
} from './schema/index'
export { createConflictResolver, type ConflictPolicy } from './core/conflicts/resolve'
export { SYNC_COLUMN_NAMES, syncColumns, type ColumnSpec, type ColumnKind } from './schema/columns'
