import type { Cursors, OutgoingChange, PushResult, Row, SyncedTableName } from '../ports'

/**
 * What the server answered for one pushed change: the record as it holds it after the write batch, with the push's
 * own columns (`_mutation`, the mutation id that last wrote it; `_version` and `_seq`, what this write assigned;
 * `_message_count`/`_token_count`, a session's message totals), or undefined if it holds no such record.
 */
export type RawOutcome = Readonly<Record<string, unknown>> | undefined

/**
 * The outcome of one pushed change (I2, I3, R8, R14):
 * - the record carries this change's mutation id: applied (a retry of a committed change is recognised the same way);
 * - no record: a create was refused by a constraint (OR IGNORE skipped it), anything else found the record gone;
 * - an upsert whose base is still the server's version yet did not apply: a constraint refused it;
 * - otherwise a conflict with the server's row. `decode` turns the server row into the device's form; a row this
 *   device cannot use (it throws `unusable`) quarantines the change instead.
 */
export const readPushOutcome = (
  change: OutgoingChange,
  raw: RawOutcome,
  decode: (raw: Readonly<Record<string, unknown>>) => Row,
  unusable: (error: unknown) => string | undefined,
): PushResult => {
  const refused = {
    change,
    outcome: { kind: 'rejected', code: 'SQLITE_CONSTRAINT', message: `The server refused ${change.table} record ${change.key} (a CHECK, NOT NULL or type constraint)` },
  } as const
  if (raw === undefined) return change.op === 'upsert' && change.baseVersion === 0 ? refused : { change, outcome: { kind: 'conflict', server: null } }
  let server: Row
  try {
    server = decode(raw)
  } catch (error) {
    const message = unusable(error)
    if (message === undefined) throw error
    return { change, outcome: { kind: 'rejected', code: 'invalid-server-row', message } }
  }
  if (raw['_mutation'] !== change.mutationId && change.op === 'upsert' && Number(raw['sync_version']) === change.baseVersion) return refused
  const totals = raw['_message_count'] === undefined ? {} : { messageTotals: { count: Number(raw['_message_count']), tokens: Number(raw['_token_count'] ?? 0) } }
  if (raw['_mutation'] === change.mutationId) return { change, outcome: { kind: 'applied', version: Number(raw['_version']), seq: Number(raw['_seq']), server, ...totals } }
  return { change, outcome: { kind: 'conflict', server, ...totals } }
}

export interface CursorJumpInput {
  readonly results: readonly PushResult[]
  /** How many changes the write batch carried (its sequences are `(top - count, top]`). */
  readonly count: number
  /** Per table whose cursor may move: the first sequence after the device's cursor (`first`) and the top sequence. */
  readonly tables: ReadonlyArray<{ readonly table: SyncedTableName; readonly first: number; readonly top: number }>
  /** The sequence after the batch, if the server answered it. */
  readonly top: number
  /** The device's cursors before the push. */
  readonly cursors: Cursors | undefined
  /** Every table the device pulls. */
  readonly pulled: readonly SyncedTableName[]
}

/**
 * The cursor jump after a push (I1, I5, I8). The write batch assigned sequences `(top - count, top]` to this device's
 * rows alone. When every applied row of a table got its sequence here (none acknowledges an earlier, lost attempt) and
 * the first row after the cursor is our first one, nothing of anyone else's lies before or between them: the cursor
 * moves past them. When no table's cursor lies before the batch, every cursor moves to the top. `own` is the batch's
 * range, which the pull skips.
 */
export const planCursorJump = ({ results, count, tables, top, cursors: before, pulled }: CursorJumpInput): { cursors: Cursors; own?: readonly [number, number] } => {
  const cursors: Cursors = {}
  let own: readonly [number, number] | undefined
  for (const { table, first, top: tableTop } of tables) {
    const start = tableTop - count
    const ours = results.flatMap((r) => (r.change.table === table && r.outcome.kind === 'applied' ? [r.outcome.seq] : []))
    if (ours.length > 0 && ours.every((seq) => seq > start) && first === Math.min(...ours)) cursors[table] = Math.max(...ours)
    if (Number.isSafeInteger(start) && start >= 0) own = [start, start + count]
  }
  const first = top - count
  if (tables.length > 0 && Number.isFinite(top) && pulled.every((t) => (before?.[t] ?? 0) >= first)) {
    for (const table of pulled) cursors[table] = top
  }
  return own === undefined ? { cursors } : { cursors, own }
}
