import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { compareHlc, createHybridClock, parseHlc } from '@howlerops/sync'

describe('hybrid logical clock', () => {
  it('is strictly monotonic, whatever the wall clock does', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5_000, max: 5_000 }), { minLength: 1, maxLength: 200 }), (steps) => {
        let wall = 1_700_000_000_000
        const clock = createHybridClock({ deviceId: 'd', now: () => wall })
        let previous = ''
        for (const step of steps) {
          wall += step
          const next = clock.tick()
          expect(compareHlc(next, previous)).toBe(1)
          previous = next
        }
      }),
    )
  })

  it('survives the wall clock going backwards, also across a restart', () => {
    let wall = 2_000_000
    const first = createHybridClock({ deviceId: 'd', now: () => wall })
    const before = first.tick()
    wall = 1_000_000 // an NTP correction, or a reboot with a wrong RTC
    const restarted = createHybridClock({ deviceId: 'd', now: () => wall, last: before })
    expect(compareHlc(restarted.tick(), before)).toBe(1)
    expect(parseHlc(restarted.peek())?.ms).toBe(2_000_000)
  })

  it('orders an edit after every remote timestamp it has seen, within the drift bound', () => {
    const a = createHybridClock({ deviceId: 'a', now: () => 1_000 })
    const b = createHybridClock({ deviceId: 'b', now: () => 1_000 + 3_000_000 }) // 50 min ahead
    const remote = b.tick()
    a.receive(remote)
    expect(compareHlc(a.tick(), remote)).toBe(1)
  })

  it('orders after a stamp days ahead (causality beats clocks, R2) and reports the drift instead of ignoring it', () => {
    const drifts: number[] = []
    const DAY = 86_400_000
    // This device runs a day behind; the other one runs an hour ahead: 25 h apart.
    const a = createHybridClock({ deviceId: 'a', now: () => 10 * DAY - DAY, onDrift: (d) => drifts.push(d.aheadMs) })
    const b = createHybridClock({ deviceId: 'b', now: () => 10 * DAY + 3_600_000 })
    const seen = b.tick()
    a.receive(seen)
    expect(compareHlc(a.tick(), seen)).toBe(1)
    expect(drifts).toEqual([DAY + 3_600_000])
    for (const skew of [-7 * DAY, 7 * DAY]) {
      const slow = createHybridClock({ deviceId: 'a', now: () => 50 * DAY + skew })
      const other = createHybridClock({ deviceId: 'z', now: () => 50 * DAY - skew })
      const remote = other.tick()
      slow.receive(remote)
      expect(compareHlc(slow.tick(), remote)).toBe(1)
    }
  })

  it('breaks ties by device id', () => {
    const a = createHybridClock({ deviceId: 'a', now: () => 5 })
    const b = createHybridClock({ deviceId: 'b', now: () => 5 })
    expect(compareHlc(a.tick(), b.tick())).toBe(-1)
  })
})
