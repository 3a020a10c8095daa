import { describe, expect, it } from 'vitest'
import { createLoop, INITIAL_LOOP, transition, type LoopEvent, type LoopModel, type LoopState } from '../../src/core/loop'
import type { SyncSummary } from '../../src/core/status'
import { defaultEnv } from '../../src/core/env'
import { createFakeClock } from './fakeClock'

const timing = { debounceMs: 5000, maxWaitMs: 20_000, pollIntervalMs: 30_000 }
const leader = (state: LoopState, queued = false): LoopModel => ({ state, role: 'leader', queued })
const step = (model: LoopModel, event: LoopEvent) => transition(model, event, timing)
const done = (pending: number, worked = false, deactivated = false): LoopEvent => ({ type: 'done', pending, worked, deactivated })
const failed = (retryInMs: number | null, offline = false): LoopEvent => ({ type: 'failed', retryInMs, offline, deactivated: false })
const RUN = [{ type: 'clear', timer: 'debounce' }, { type: 'clear', timer: 'flush' }, { type: 'clear', timer: 'retry' }, { type: 'run' }]
const DEBOUNCE = [{ type: 'arm', timer: 'debounce', ms: 5000 }, { type: 'arm', timer: 'flush', ms: 20_000 }]

describe('the loop transition', () => {
  it('a change arms the debounce and the flush; each further change re-arms the debounce alone', () => {
    const first = step(leader('idle'), { type: 'change' })
    expect(first.model.state).toBe('debouncing')
    expect(first.effects).toEqual(DEBOUNCE)
    const again = step(first.model, { type: 'change' })
    expect(again.model.state).toBe('debouncing')
    expect(again.effects).toEqual([{ type: 'arm', timer: 'debounce', ms: 5000 }])
    expect(step(again.model, { type: 'timer', timer: 'debounce' })).toEqual({ model: leader('syncing'), effects: RUN })
  })

  it('writes during a cycle arm nothing; the cycle end arms the debounce for what is still pending, and the poll', () => {
    expect(step(leader('syncing'), { type: 'change' })).toEqual({ model: leader('syncing'), effects: [] })
    const end = step(leader('syncing'), done(2))
    expect(end.model).toEqual(leader('debouncing'))
    expect(end.effects).toEqual([...DEBOUNCE, { type: 'arm', timer: 'poll', ms: 30_000 }])
    // Nothing left: a debounce armed by the cycle's own writes goes.
    expect(step(leader('syncing'), done(0)).effects).toEqual([
      { type: 'clear', timer: 'debounce' },
      { type: 'clear', timer: 'flush' },
      { type: 'arm', timer: 'poll', ms: 30_000 },
    ])
  })

  it('a cycle that pushed and still has pending work goes again at once', () => {
    const end = step(leader('syncing'), done(3, true))
    expect(end.model).toEqual(leader('syncing'))
    expect(end.effects).toEqual([{ type: 'arm', timer: 'poll', ms: 30_000 }, ...RUN])
  })

  it('requests during a cycle share one queued cycle, started when it ends', () => {
    const queued = step(step(leader('syncing'), { type: 'request' }).model, { type: 'timer', timer: 'poll' })
    expect(queued).toEqual({ model: leader('syncing', true), effects: [] })
    const end = step(queued.model, done(0))
    expect(end.model).toEqual(leader('syncing'))
    expect(end.effects.filter((e) => e.type === 'run')).toHaveLength(1)
  })

  it('a transient failure backs off: poll and debounce cleared, the retry armed, changes arm nothing', () => {
    const failure = step(leader('syncing'), failed(60_000))
    expect(failure.model).toEqual(leader('backing-off'))
    expect(failure.effects).toEqual([
      { type: 'clear', timer: 'poll' },
      { type: 'clear', timer: 'debounce' },
      { type: 'clear', timer: 'flush' },
      { type: 'arm', timer: 'retry', ms: 60_000 },
    ])
    expect(step(failure.model, { type: 'change' })).toEqual({ model: failure.model, effects: [] })
    expect(step(failure.model, { type: 'timer', timer: 'retry' })).toEqual({ model: leader('syncing'), effects: RUN })
  })

  it('a failure with nothing to retry (auth, aborted) keeps polling', () => {
    expect(step(leader('syncing'), failed(null))).toEqual({ model: leader('idle'), effects: [{ type: 'arm', timer: 'poll', ms: 30_000 }] })
  })

  it('offline, then online: the leader syncs at once; a follower does not', () => {
    const offline = step(leader('syncing'), failed(8000, true)).model
    expect(offline.state).toBe('offline')
    expect(step(offline, { type: 'online' })).toEqual({ model: leader('syncing'), effects: RUN })
    const follower: LoopModel = { state: 'idle', role: 'follower', queued: false }
    expect(step(follower, { type: 'online' })).toEqual({ model: follower, effects: [] })
  })

  it('the platform going offline clears every timer: changes arm nothing until online syncs them', () => {
    for (const state of ['idle', 'debouncing', 'backing-off'] as const) {
      const offline = step(leader(state), { type: 'offline' })
      expect(offline.model).toEqual(leader('offline'))
      expect(offline.effects.every((e) => e.type === 'clear')).toBe(true)
      expect(offline.effects).toHaveLength(4)
      expect(step(offline.model, { type: 'change' }).effects).toEqual([])
      expect(step(offline.model, { type: 'online' })).toEqual({ model: leader('syncing'), effects: RUN })
    }
    // Focus while offline sends nothing either.
    expect(step(leader('offline'), { type: 'focus' })).toEqual({ model: leader('offline'), effects: [] })
    expect(step(leader('idle'), { type: 'focus' })).toEqual({ model: leader('syncing'), effects: RUN })
    // A cycle in flight ends on its own; a tab that takes the lead while offline waits for `online`.
    expect(step(leader('syncing'), { type: 'offline' })).toEqual({ model: leader('syncing'), effects: [] })
    const follower: LoopModel = { state: 'offline', role: 'follower', queued: false }
    expect(step(follower, { type: 'lead' })).toEqual({ model: leader('offline'), effects: [] })
  })

  it('a follower arms no timer, but still runs a cycle when asked', () => {
    const follower: LoopModel = { state: 'idle', role: 'follower', queued: false }
    expect(step(follower, { type: 'change' }).effects).toEqual([])
    const asked = step(follower, { type: 'request' })
    expect(asked.effects).toEqual(RUN)
    expect(step(asked.model, done(2)).effects).toEqual([])
    expect(step(asked.model, failed(5000)).effects).toEqual([])
  })

  it('stop clears every timer, and nothing arms after it', () => {
    const stopped = step(leader('debouncing'), { type: 'stop' })
    expect(stopped.model).toEqual({ state: 'idle', role: 'stopped', queued: false })
    expect(stopped.effects).toEqual([
      { type: 'clear', timer: 'debounce' },
      { type: 'clear', timer: 'flush' },
      { type: 'clear', timer: 'poll' },
      { type: 'clear', timer: 'retry' },
    ])
    expect(step(stopped.model, { type: 'change' }).effects).toEqual([])
    expect(step(stopped.model, { type: 'lead' }).effects).toEqual([])
    // A cycle still running at stop ends without arming anything.
    const midCycle = step(leader('syncing'), { type: 'stop' }).model
    expect(midCycle.state).toBe('syncing')
    expect(step(midCycle, done(2)).effects).toEqual([])
  })

  it('start makes a follower; taking the lead syncs at once', () => {
    const started = step(INITIAL_LOOP, { type: 'start' }).model
    expect(started.role).toBe('follower')
    expect(step(started, { type: 'lead' })).toEqual({ model: leader('syncing'), effects: RUN })
  })

  it('a deactivated device arms nothing', () => {
    const end = step(leader('syncing'), done(2, true, true))
    expect(end).toEqual({ model: leader('deactivated'), effects: [] })
    expect(step(end.model, { type: 'change' }).effects).toEqual([])
  })
})

describe('the loop on fake time', () => {
  const summary: SyncSummary = { pushed: 0, pulled: 0, conflicts: 0, quarantined: 0, requests: 1, durationMs: 0 }
  const setup = (outcomes: Array<'ok' | { retryInMs: number }>) => {
    const clock = createFakeClock()
    const env = defaultEnv({ now: clock.now, setTimeout: clock.setTimeout, clearTimeout: clock.clearTimeout })
    const cycles: number[] = []
    let pending = 0
    const loop = createLoop({
      env,
      timing,
      hooks: {
        cycle: async () => {
          cycles.push(clock.now())
          const outcome = outcomes.shift() ?? 'ok'
          if (outcome !== 'ok') throw Object.assign(new Error('down'), { retryInMs: outcome.retryInMs })
          return summary
        },
        succeeded: async () => ({ pending, deactivated: false }),
        failed: async (error) => ({ retryInMs: (error as { retryInMs: number }).retryInMs, offline: false, deactivated: false }),
      },
    })
    const settle = async (): Promise<void> => {
      for (let i = 0; i < 20; i += 1) await Promise.resolve()
      await loop.whenIdle()
    }
    return { clock, loop, cycles, settle, setPending: (n: number) => (pending = n) }
  }

  it('debounces a burst of changes into one cycle after the last one', async () => {
    const { clock, loop, cycles, settle } = setup([])
    loop.send({ type: 'start' })
    loop.send({ type: 'lead' })
    await settle()
    const t0 = clock.now()
    loop.send({ type: 'change' })
    clock.advance(4000)
    loop.send({ type: 'change' })
    clock.advance(4000)
    await settle()
    expect(cycles).toEqual([t0])
    clock.advance(1000)
    await settle()
    expect(cycles).toEqual([t0, t0 + 9000])
  })

  it('a single change leaves after the debounce; a burst that never pauses leaves at the flush', async () => {
    const { clock, loop, cycles, settle } = setup([])
    loop.send({ type: 'start' })
    loop.send({ type: 'lead' })
    await settle()
    const t0 = clock.now()
    for (let i = 0; i < 10; i += 1) {
      loop.send({ type: 'change' })
      clock.advance(3000)
      await settle()
    }
    // Changes every 3 s never leave the 5 s debounce quiet: the flush sends the burst 20 s after its first change.
    expect(cycles).toEqual([t0, t0 + 20_000])
  })

  it('a Retry-After longer than the poll holds the poll back', async () => {
    const { clock, loop, cycles, settle } = setup([{ retryInMs: 90_000 }])
    loop.send({ type: 'start' })
    loop.send({ type: 'lead' })
    await settle()
    const t0 = clock.now()
    expect(loop.model().state).toBe('backing-off')
    loop.send({ type: 'change' })
    clock.advance(89_999)
    await settle()
    expect(cycles).toEqual([t0])
    clock.advance(1)
    await settle()
    expect(cycles).toEqual([t0, t0 + 90_000])
    expect(loop.model().state).toBe('idle')
  })

  it('a change during a cycle arms nothing; what is pending at its end is debounced', async () => {
    const { clock, loop, cycles, settle, setPending } = setup([])
    loop.send({ type: 'start' })
    loop.send({ type: 'lead' })
    loop.send({ type: 'change' })
    expect(loop.model().state).toBe('syncing')
    setPending(1)
    await settle()
    expect(loop.model().state).toBe('debouncing')
    setPending(0)
    clock.advance(5000)
    await settle()
    expect(cycles).toHaveLength(2)
  })

  it('after stop no timer fires', async () => {
    const { clock, loop, cycles, settle } = setup([])
    loop.send({ type: 'start' })
    loop.send({ type: 'lead' })
    await settle()
    loop.send({ type: 'change' })
    loop.send({ type: 'stop' })
    clock.advance(120_000)
    await settle()
    expect(cycles).toHaveLength(1)
  })

  it('overlapping requests share the next cycle', async () => {
    const { loop, cycles, settle } = setup([])
    const first = loop.request()
    const second = loop.request()
    const third = loop.request()
    expect(second).toBe(third)
    await Promise.all([first, second])
    await settle()
    expect(cycles).toHaveLength(2)
  })
})
