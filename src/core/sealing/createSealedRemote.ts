import { validateRow } from '../../schema/validateRow'
import { describeViolation } from '../../schema/SchemaError'
import type { CryptoLike } from '../env'
import type { OutgoingChange, PullPage, PushOutcome, PushResult, RemoteStore } from '../ports'
import { keyOf } from '../protocol/record'
import type { UnusableRow } from '../protocol/unusable'
import type { Sealer, SealingKeys } from './createSealer'
import { isSealingError, SealingError } from './SealingError'

/** What status shows of sealing (R11). */
import type { SealingState } from '../status'
export type { SealingState }

export interface SealingOptions extends Partial<SealingKeys> {
  /**
   * Asked for the content key when `key` is not given (for example from the app's token route, which returns
   * `contentKey` and `contentKeyId`). Kept in memory only. Until a key is there the engine pushes and applies nothing.
   */
  readonly getKey?: () => Promise<SealingKeys>
}

/** A pulled row this device cannot open or that opens to an invalid row: set aside alone (an UnusableRow), reported. */
export interface UnopenableRow {
  readonly table: string
  readonly key: string
  readonly error: SealingError
}

/**
 * The engine's remote, sealing on the way out and opening on the way in (R11), so everything on the device (the
 * 3-way merge, keep-both copies, archive snapshots, session counts, statistics) works on plaintext and the server
 * sees only envelopes in user columns. Sealing runs after the screen and before the push request is built; the final
 * check still reads the sealed body.
 *
 * Without a key nothing moves: push and pull reject with a `needs-key` SealingError (never a plaintext fallback).
 */
export const createSealedRemote = <R extends RemoteStore>(
  inner: R,
  input: {
    readonly crypto: CryptoLike
    readonly sealing: SealingOptions
    readonly onState: (state: SealingState) => void
    /** Rows of a page set aside because they do not open (tampered, moved, unknown key) or open to an invalid row. */
    readonly onUnopenable: (rows: readonly UnopenableRow[]) => void
    /** The device clock, for when a row was set aside (shown to the user, decides nothing). */
    readonly now: () => number
  },
): R => {
  const { sealing } = input
  let ready: Promise<Sealer> | undefined
  // The crypto and row code load lazily (a chunk of their own), with the first push or pull.
  let code: typeof import('./sealingCode') | undefined
  const sealChange: typeof import('./sealingCode')['sealChange'] = (...args) => code!.sealChange(...args)
  const openRow: typeof import('./sealingCode')['openRow'] = (...args) => code!.openRow(...args)

  const sealer = (): Promise<Sealer> => {
    if (ready !== undefined) return ready
    const keys: Promise<SealingKeys> | undefined =
      sealing.key !== undefined ? Promise.resolve(sealing as SealingKeys) : sealing.getKey?.()
    if (keys === undefined) {
      input.onState('needs-key')
      return Promise.reject(new SealingError('needs-key', 'Sealing is on and there is no content key: nothing is sent until the app provides one'))
    }
    const loading = keys.then(
      async (k) => {
        code ??= await import('./sealingCode')
        return code.createSealer(input.crypto, k)
      },
      (cause: unknown) => {
        throw new SealingError('needs-key', 'The content key could not be obtained: nothing is sent', { cause })
      },
    )
    ready = loading.then(
      (s) => {
        input.onState('sealed')
        return s
      },
      (error: unknown) => {
        ready = undefined
        input.onState('needs-key')
        throw error
      },
    )
    return ready
  }

  const openOutcome = async (s: Sealer, change: OutgoingChange, outcome: PushOutcome, sent: OutgoingChange | undefined): Promise<PushOutcome> => {
    if (outcome.kind === 'rejected' || outcome.server === null) return outcome
    try {
      const own = sent !== undefined && sent.op === 'upsert' && change.op === 'upsert' ? { sealed: sent.row, plain: change.row } : undefined
      return { ...outcome, server: await openRow(s, change.table, outcome.server, own) }
    } catch (error) {
      if (!isSealingError(error)) throw error
      // The server's row for this record does not open here: the record alone waits in quarantine (I9).
      return { kind: 'rejected', code: `sealing-${error.reason}`, message: error.message }
    }
  }

  const push: RemoteStore['push'] = async (changes, context) => {
    const s = await sealer()
    const sealed = await Promise.all(changes.map((c): Promise<OutgoingChange> => sealChange(s, c)))
    const original = new Map(changes.map((c) => [c.mutationId, c]))
    const sentAs = new Map(sealed.map((c) => [c.mutationId, c]))
    const first = await inner.push(sealed, context)
    const response = await code!.relocatePreferences(s, inner, first, context, (c) => original.get(c.mutationId)?.key ?? c.key)
    const results = await Promise.all(
      response.results.map(async ({ change, outcome }): Promise<PushResult> => {
        const own = original.get(change.mutationId) ?? change
        return { change: own, outcome: await openOutcome(s, own, outcome, sentAs.get(change.mutationId)) }
      }),
    )
    // The rest of the response (`own`, the database's identity, its push log entry: I5, R12, R13) passes through.
    return { ...response, results }
  }

  const pull: RemoteStore['pull'] = async (cursors, options) => {
    const s = await sealer()
    const page = await inner.pull(cursors, options)
    const unopenable: UnopenableRow[] = []
    const setAside: UnusableRow[] = []
    const opened = await Promise.all(
      page.rows.map(async ({ table, row }) => {
        try {
          const plain = await openRow(s, table, row)
          // Validated again as plaintext: the server could only check the envelope (R7, R14).
          const violation = plain === row ? undefined : validateRow(table, plain, { keyAccepted: true })
          if (violation !== undefined) throw new SealingError('malformed', describeViolation(violation), { table, recordId: violation.key ?? '', column: violation.column })
          return { table, row: plain }
        } catch (error) {
          if (!isSealingError(error)) throw error
          // The envelope's key and sequence are plain: the row is set aside alone, listed with its reason, and
          // replaced when a version that opens arrives (R14). The cursor has already moved past it.
          const key = keyOf(table, row)
          unopenable.push({ table, key, error })
          setAside.push({
            table,
            key,
            seq: Number(row['server_seq']),
            code: `sealing-${error.reason}`,
            message: error.message,
            ...(error.column === undefined ? {} : { column: error.column }),
            at: input.now(),
          })
          return undefined
        }
      }),
    )
    const rows = opened.filter((r): r is NonNullable<typeof r> => r !== undefined)
    if (unopenable.length === 0) return { ...page, rows } satisfies PullPage
    input.onUnopenable(unopenable)
    return { ...page, rows, unusable: [...(page.unusable ?? []), ...setAside] } satisfies PullPage
  }

  const out = Object.create(inner) as R
  return Object.assign(out, { push, pull })
}
