/** Timers a lock uses; injectable so tests run on fake time. */
export interface LockClock {
  now(): number
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** sqld's `TXN_TIMEOUT`: a write transaction may hold the lock this long before a waiting writer takes it over. */
export const WRITE_LOCK_TIMEOUT_MS = 5_000

/**
 * The database's single write slot, as sqld's connection manager keeps it: writers queue first come, first served;
 * once the holder has held the slot for `timeoutMs` while someone waits, `abort(holder)` rolls the holder back and
 * the next waiter gets the slot (the holder's next statement then fails with TRANSACTION_TIMEOUT).
 */
export class WriteLock<H> {
  readonly #clock: LockClock
  readonly #timeoutMs: number
  readonly #abort: (holder: H) => void
  readonly #queue: { holder: H; grant: () => void }[] = []
  #holder: H | null = null
  #since = 0
  #timer: unknown = undefined

  constructor(clock: LockClock, abort: (holder: H) => void, timeoutMs = WRITE_LOCK_TIMEOUT_MS) {
    this.#clock = clock
    this.#abort = abort
    this.#timeoutMs = timeoutMs
  }

  get holder(): H | null {
    return this.#holder
  }

  acquire(holder: H): Promise<void> {
    if (this.#holder === holder) return Promise.resolve()
    if (this.#holder === null && this.#queue.length === 0) {
      this.#grant(holder)
      return Promise.resolve()
    }
    return new Promise<void>((grant) => {
      this.#queue.push({ holder, grant })
      this.#arm()
    })
  }

  /** Gives the slot up (no-op unless `holder` has it) and hands it to the longest waiter. */
  release(holder: H): void {
    if (this.#holder !== holder) return
    this.#holder = null
    this.#clock.clearTimeout(this.#timer)
    this.#timer = undefined
    const next = this.#queue.shift()
    if (next) {
      this.#grant(next.holder)
      next.grant()
      this.#arm()
    }
  }

  /** Drops a waiter that no longer wants the slot (its stream closed). */
  forget(holder: H): void {
    const index = this.#queue.findIndex((w) => w.holder === holder)
    if (index !== -1) this.#queue.splice(index, 1)
    this.release(holder)
  }

  #grant(holder: H): void {
    this.#holder = holder
    this.#since = this.#clock.now()
  }

  /** One timer, for the holder's deadline, while anyone waits. */
  #arm(): void {
    if (this.#timer !== undefined || this.#holder === null || this.#queue.length === 0) return
    const holder = this.#holder
    const wait = Math.max(0, this.#since + this.#timeoutMs - this.#clock.now())
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined
      if (this.#holder !== holder) return this.#arm()
      if (this.#clock.now() - this.#since < this.#timeoutMs) return this.#arm()
      this.#abort(holder)
      this.release(holder)
    }, wait)
    ;(this.#timer as { unref?: () => void } | undefined)?.unref?.()
  }
}
