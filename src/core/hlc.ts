/**
 * A hybrid logical clock (Kulkarni et al.): wall time when it moves forward, a counter when it does not.
 *
 * Timestamps are strings `<ms:15 digits>-<counter:6 base36>-<deviceId>` so that plain string comparison orders
 * them, with the device id as the final tie-break (I7). The clock never goes backwards, whatever the wall clock
 * does, and it folds in every remote timestamp it sees, so an edit made after seeing a remote one always orders
 * after it, whatever the skew between the two devices (R2: causality beats clocks). A remote timestamp further ahead
 * than `maxDriftMs` is still adopted (refusing it would let a stale clock win against a change it has seen), but it
 * is reported through `onDrift`, so the engine can show it in status instead of ignoring it.
 */
export interface HybridClock {
  /** A new timestamp for a local event. */
  tick(): string
  /** Fold in a timestamp seen from another device. */
  receive(remote: string): void
  /** The latest timestamp issued or seen. */
  peek(): string
}

export interface ClockDrift {
  /** How far the adopted timestamp was ahead of this device's wall clock, in ms. */
  readonly aheadMs: number
  readonly remote: string
}

export interface HybridClockOptions {
  deviceId: string
  now?: () => number
  /** The last timestamp persisted by a previous run, so that a restart with a slower wall clock stays monotonic. */
  last?: string | undefined
  /** Remote timestamps further ahead of the wall clock than this are reported (they are still adopted). @default 3_600_000 (1 h) */
  maxDriftMs?: number
  /** Called when a received timestamp is more than `maxDriftMs` ahead of the wall clock. */
  onDrift?: (drift: ClockDrift) => void
}

export interface HlcParts {
  ms: number
  counter: number
  deviceId: string
}

const MS_DIGITS = 15
const COUNTER_DIGITS = 6

export const formatHlc = ({ ms, counter, deviceId }: HlcParts): string =>
  `${String(ms).padStart(MS_DIGITS, '0')}-${counter.toString(36).padStart(COUNTER_DIGITS, '0')}-${deviceId}`

export const parseHlc = (value: string): HlcParts | undefined => {
  const match = /^(\d{15})-([0-9a-z]{6})-(.*)$/s.exec(value)
  if (match === null) return undefined
  return { ms: Number(match[1]), counter: parseInt(match[2] ?? '0', 36), deviceId: match[3] ?? '' }
}

/** Orders two HLC strings; the empty string (never stamped) sorts first. */
export const compareHlc = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

export const createHybridClock = ({
  deviceId,
  now = Date.now,
  last,
  maxDriftMs = 3_600_000,
  onDrift,
}: HybridClockOptions): HybridClock => {
  const start = last === undefined ? undefined : parseHlc(last)
  let ms = start?.ms ?? 0
  let counter = start?.counter ?? 0

  const advance = (seenMs: number, seenCounter: number): void => {
    const wall = now()
    const top = Math.max(wall, ms, seenMs)
    if (top === ms && top === seenMs) counter = Math.max(counter, seenCounter) + 1
    else if (top === ms) counter += 1
    else if (top === seenMs) counter = seenCounter + 1
    else counter = 0
    ms = top
  }

  return {
    tick() {
      advance(-1, 0)
      return formatHlc({ ms, counter, deviceId })
    },
    receive(remote) {
      const parts = parseHlc(remote)
      if (parts === undefined) return
      const aheadMs = parts.ms - now()
      if (aheadMs > maxDriftMs) onDrift?.({ aheadMs, remote })
      advance(parts.ms, parts.counter)
    },
    peek: () => formatHlc({ ms, counter, deviceId }),
  }
}
