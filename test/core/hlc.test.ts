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

  it('ignores a remote timestamp beyond the drift bound (a broken clock cannot drag everyone ahead)', () => {
    const a = createHybridClock({ deviceId: 'a', now: () => 1_000, maxDriftMs: 60_000 })
    const broken = createHybridClock({ deviceId: 'z', now: () => 10 * 365 * 86_400_000 })
    a.receive(broken.tick())
    expect(parseHlc(a.tick())?.ms).toBe(1_000)
  })

  it('breaks ties by device id', () => {
    const a = createHybridClock({ deviceId: 'a', now: () => 5 })
    const b = createHybridClock({ deviceId: 'b', now: () => 5 })
    expect(compareHlc(a.tick(), b.tick())).toBe(-1)
  })
})
