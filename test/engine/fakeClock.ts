/** A manual clock for the engine's injected timers: time moves only when a test says so. */
export interface FakeClock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  /** Moves time forward, firing due timers in order. */
  advance(ms: number): void
  pending(): number
}

export const createFakeClock = (start = 1_800_000_000_000): FakeClock => {
  let time = start
  let nextId = 1
  const timers = new Map<number, { at: number; fn: () => void }>()
  return {
    now: () => time,
    setTimeout(fn, ms) {
      const id = nextId++
      timers.set(id, { at: time + Math.max(0, ms), fn })
      return id
    },
    clearTimeout(handle) {
      timers.delete(handle as number)
    },
    advance(ms) {
      const end = time + ms
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
        if (due === undefined) break
        timers.delete(due[0])
        time = due[1].at
        due[1].fn()
      }
      time = end
    },
    pending: () => timers.size,
  }
}
