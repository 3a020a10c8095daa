/**
 * A request the emulator rejects as a whole. sqld answers these in three shapes, and the emulator copies them:
 * `json` is `{ message, code }` (stream errors such as `STREAM_EXPIRED`, injected faults), `text` is a plain-text
 * body (protocol errors, HTTP 400), and `auth` is `{ error }` (authentication, HTTP 401).
 */
export class EmulatorHttpError extends Error {
  override readonly name: string = 'EmulatorHttpError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: ErrorOptions & { readonly body?: 'json' | 'text' | 'auth' },
  ) {
    super(message, options)
    this.body = options?.body ?? 'json'
  }
  readonly body: 'json' | 'text' | 'auth'
}

/**
 * A request that breaks the Hrana protocol (malformed JSON, unknown sql_id, a reused baton, a Hrana 3 request on
 * `/v2`): HTTP 400 with the message as plain text, as sqld sends it. The whole pipeline fails.
 */
export class HranaProtocolError extends EmulatorHttpError {
  override readonly name = 'HranaProtocolError'
  constructor(message: string, options?: ErrorOptions) {
    super(400, 'HRANA_PROTO_ERROR', message, { ...options, body: 'text' })
  }
}

/** A failure of one stream request or statement; it becomes `{ type: 'error', error: { message, code } }`. */
export class StatementError extends Error {
  override readonly name = 'StatementError'
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/** Thrown by the emulator's own API (unknown database, invalid name, closed emulator). */
export class TursoEmulatorError extends Error {
  override readonly name = 'TursoEmulatorError'
}
