/** A request the emulator rejects as a whole; it becomes a non-2xx JSON response `{ message, code }`. */
export class EmulatorHttpError extends Error {
  override readonly name = 'EmulatorHttpError'
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

/** A malformed Hrana request body (HTTP 400). */
export class HranaProtocolError extends EmulatorHttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(400, 'HRANA_PROTO_ERROR', message, options)
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
