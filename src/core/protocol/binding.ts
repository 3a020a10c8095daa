import type { Cursors, LogEntry, ServerIdentity } from '../ports'

/** The server database a local database is bound to (R12), and the generation it last saw (R13). */
export interface Binding {
  readonly databaseId: string
  readonly generation: string
  /** The newest entry of the server's log this device has seen. */
  readonly head?: LogEntry
}

export type BindingVerdict =
  /** Same user, same database, nothing rewound. `bind`: the binding to record (first contact or unchanged). */
  | { readonly kind: 'ok'; readonly bind: Binding | null }
  /** Another user's database, or another database than this device's: nothing may move (R12). */
  | { readonly kind: 'mismatch'; readonly reason: 'user' | 'database' }
  /**
   * The database went back in time (R13): its generation changed (another device saw the rewind), or its sequence
   * lies below a cursor of this device. `renew`: this device is the first to see it and must tell the others.
   */
  | { readonly kind: 'rewound'; readonly renew: boolean }

/**
 * Checks what the server says it is against what this device is bound to, before anything of a response is applied.
 * An unclaimed database (no push yet) has nothing to compare and nothing to apply.
 */
export const checkBinding = (input: {
  readonly userId: string
  readonly bound: Binding | undefined
  readonly server: ServerIdentity | null | undefined
  /** The server sequence of the response's snapshot, when it carries one (pulls). */
  readonly seq?: number | undefined
  readonly cursors: Cursors
  /** The server's head at the device's remembered log entry (`bound.head`): null when the server lost that entry. */
  readonly seenHead?: string | null | undefined
  /** The retention watermark: log entries at or below it may be gone for retention, not for a restore. */
  readonly purgedSeq?: number | undefined
}): BindingVerdict => {
  const { server, bound } = input
  if (server === null || server === undefined) return { kind: 'ok', bind: null }
  if (server.userId !== input.userId) return { kind: 'mismatch', reason: 'user' }
  if (bound !== undefined && bound.databaseId !== server.databaseId) return { kind: 'mismatch', reason: 'database' }
  if (bound !== undefined && bound.generation !== server.generation) return { kind: 'rewound', renew: false }
  const highest = Math.max(0, ...Object.values(input.cursors).map((c) => c ?? 0))
  if (input.seq !== undefined && input.seq < highest) return { kind: 'rewound', renew: true }
  // The push this device last saw is gone, or another push took its place: rewound, however far it moved on since.
  const seen = bound?.head
  if (seen !== undefined && input.seenHead !== undefined && seen.seq > (input.purgedSeq ?? 0) && input.seenHead !== seen.head) {
    return { kind: 'rewound', renew: true }
  }
  return { kind: 'ok', bind: { databaseId: server.databaseId, generation: server.generation, ...(seen === undefined ? {} : { head: seen }) } }
}
