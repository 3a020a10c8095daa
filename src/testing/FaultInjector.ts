/** Narrows a fault to some requests. */
export interface FaultTarget {
  /** Only requests to this database (by name). Omit to target every database. */
  readonly database?: string
  /** Only requests whose raw JSON body makes this return true, e.g. `(body) => body.includes('COMMIT')`. */
  readonly match?: (body: string) => boolean
  /**
   * How many matching requests the fault affects.
   * @default 1 (Infinity for `latency`)
   */
  readonly times?: number
}

/**
 * A failure to inject into Hrana requests (`/v2/pipeline`, `/v3/pipeline`, `/v3/cursor`).
 *
 * - `status`: the request is not executed and gets HTTP `status` with JSON `{ message, code }`, plus
 *   `Retry-After: retryAfterSeconds` when given (typical for 429 and 503).
 * - `network`: the request is not executed and the connection fails (MSW `HttpResponse.error()`, or the socket is
 *   destroyed in server mode), so `fetch` rejects.
 * - `lost-after-commit`: the request executes and commits, then the response is lost as with `network`.
 * - `latency`: the response is delayed by `ms` through the emulator's injectable `sleep`.
 */
export type FaultSpec = FaultTarget &
  (
    | { readonly kind: 'status'; readonly status: number; readonly retryAfterSeconds?: number; readonly code?: string }
    | { readonly kind: 'network' }
    | { readonly kind: 'lost-after-commit' }
    | { readonly kind: 'latency'; readonly ms: number }
  )

/** What the emulator does to one request. */
export interface FaultPlan {
  readonly latencyMs: number
  readonly failure: Extract<FaultSpec, { kind: 'status' | 'network' | 'lost-after-commit' }> | undefined
}

interface Armed {
  readonly spec: FaultSpec
  remaining: number
}

/** Holds the injected faults; each matching request uses up one `times` of each fault it triggers. */
export class FaultInjector {
  #armed: Armed[] = []

  /** Arms a fault; returns a function that disarms it. */
  add(spec: FaultSpec): () => void {
    const armed: Armed = { spec, remaining: spec.times ?? (spec.kind === 'latency' ? Infinity : 1) }
    this.#armed.push(armed)
    return () => {
      this.#armed = this.#armed.filter((a) => a !== armed)
    }
  }

  /** Disarms every fault, or those of one database. */
  clear(database?: string): void {
    this.#armed = database === undefined ? [] : this.#armed.filter((a) => a.spec.database !== database)
  }

  /** The number of armed faults with uses left. */
  get pending(): number {
    return this.#armed.length
  }

  /** Consumes the faults that apply to a request: all matching latencies, and the first matching failure. */
  plan(database: string, body: string): FaultPlan {
    let latencyMs = 0
    let failure: FaultPlan['failure']
    for (const armed of this.#armed) {
      const { spec } = armed
      if (spec.database !== undefined && spec.database !== database) continue
      if (spec.kind !== 'latency' && failure) continue
      if (spec.match && !spec.match(body)) continue
      armed.remaining -= 1
      if (spec.kind === 'latency') latencyMs += spec.ms
      else failure = spec
    }
    this.#armed = this.#armed.filter((a) => a.remaining > 0)
    return { latencyMs, failure }
  }
}
