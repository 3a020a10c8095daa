import { type ReactElement, type ReactNode } from 'react'
import { act, cleanup, configure, render, renderHook, screen } from '@testing-library/react'
import { renderToString } from 'react-dom/server'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SyncProvider, useConflicts, useDevices, useSyncEngine, useSyncStatus } from '@howlerops/sync/react'
import { createFakeEngine, type FakeEngine } from './fakeEngine'

// StrictMode at the root: React double-invokes effects only for a root-level <StrictMode>.
configure({ reactStrictMode: true })
afterEach(cleanup)

const wrap = (engine: FakeEngine, autoStart = true) =>
  function Wrapper({ children }: { children: ReactNode }): ReactElement {
    return (
      <SyncProvider engine={engine} autoStart={autoStart}>
        {children}
      </SyncProvider>
    )
  }

describe('SyncProvider', () => {
  it('StrictMode mount → unmount → mount reaches the engine as one start; unmount stops it', async () => {
    const engine = createFakeEngine()
    const { unmount } = render(<div />, { wrapper: wrap(engine) })
    await Promise.resolve()
    expect(engine.start).toHaveBeenCalledTimes(1)
    expect(engine.stop).not.toHaveBeenCalled()
    expect(engine.running()).toBe(true)
    unmount()
    await Promise.resolve()
    expect(engine.stop).toHaveBeenCalledTimes(1)
    expect(engine.running()).toBe(false)
  })

  it('two providers of one engine share it: it stops when the last one unmounts', async () => {
    const engine = createFakeEngine()
    const first = render(<div />, { wrapper: wrap(engine) })
    const second = render(<div />, { wrapper: wrap(engine) })
    first.unmount()
    await Promise.resolve()
    expect(engine.running()).toBe(true)
    second.unmount()
    await Promise.resolve()
    expect(engine.running()).toBe(false)
    render(<div />, { wrapper: wrap(engine) }) // and it starts again after a real stop
    expect(engine.start).toHaveBeenCalledTimes(2)
    expect(engine.running()).toBe(true)
  })

  it('autoStart={false} leaves start and stop to the app', () => {
    const engine = createFakeEngine()
    const { unmount } = render(<div />, { wrapper: wrap(engine, false) })
    unmount()
    expect(engine.start).not.toHaveBeenCalled()
    expect(engine.stop).not.toHaveBeenCalled()
  })

  it('useSyncEngine explains a missing provider', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(() => renderHook(() => useSyncEngine())).toThrow(/SyncProvider/)
    vi.restoreAllMocks()
  })
})

describe('useSyncStatus', () => {
  it('returns the status under UI names, with a syncNow that never rejects', async () => {
    const engine = createFakeEngine({ phase: 'error', lastError: { code: 'server', message: 'Server error 500' }, pendingCount: 2 })
    const { result } = renderHook(() => useSyncStatus(), { wrapper: wrap(engine) })
    expect(result.current).toMatchObject({ phase: 'error', pendingCount: 2, error: { code: 'server' }, online: true, lastSyncedAt: null })
    vi.mocked(engine.syncNow).mockRejectedValueOnce(new Error('boom'))
    await expect(result.current.syncNow()).resolves.toBeUndefined()
    expect(engine.syncNow).toHaveBeenCalledOnce()
  })

  it('a component reading phase does not re-render when pendingCount changes', () => {
    const engine = createFakeEngine()
    const renders = { phase: 0, all: 0 }
    const Phase = (): ReactElement => {
      renders.phase += 1
      return <p data-testid="phase">{useSyncStatus((s) => s.phase)}</p>
    }
    const All = (): ReactElement => {
      renders.all += 1
      return <p data-testid="pending">{useSyncStatus().pendingCount}</p>
    }
    render(
      <>
        <Phase />
        <All />
      </>,
      { wrapper: wrap(engine) },
    )
    const before = { ...renders }
    act(() => engine.patch({ pendingCount: 3 }))
    expect(renders.phase).toBe(before.phase)
    expect(renders.all).toBeGreaterThan(before.all)
    expect(screen.getByTestId('pending').textContent).toBe('3')
    act(() => engine.patch({ phase: 'pushing' }))
    expect(renders.phase).toBeGreaterThan(before.phase)
    expect(screen.getByTestId('phase').textContent).toBe('pushing')
  })

  it('an object selector is compared shallowly, so a new object with equal fields does not re-render', () => {
    const engine = createFakeEngine()
    let renders = 0
    const Slice = (): ReactElement => {
      renders += 1
      const { phase, online } = useSyncStatus((s) => ({ phase: s.phase, online: s.online }))
      return <p>{`${phase} ${String(online)}`}</p>
    }
    render(<Slice />, { wrapper: wrap(engine) })
    const before = renders
    act(() => engine.patch({ pendingCount: 9, lastSyncedAt: 123 }))
    expect(renders).toBe(before)
    act(() => engine.patch({ online: false, phase: 'offline' }))
    expect(renders).toBeGreaterThan(before)
    expect(screen.getByText('offline false')).toBeDefined()
  })

  it('server rendering uses the server snapshot (idle, online) and does not throw', () => {
    const engine = createFakeEngine({ phase: 'pushing', pendingCount: 4 })
    const Status = (): ReactElement => {
      const s = useSyncStatus()
      const { pending } = useConflicts()
      const { devices } = useDevices()
      return <p>{`${s.phase}/${s.pendingCount}/${pending.length}/${devices.length}`}</p>
    }
    const html = renderToString(
      <SyncProvider engine={engine}>
        <Status />
      </SyncProvider>,
    )
    expect(html).toContain('idle/0/0/0')
    expect(engine.start).not.toHaveBeenCalled() // effects never run on the server
    expect(engine.conflicts.refresh).not.toHaveBeenCalled()
  })
})

describe('useConflicts and useDevices', () => {
  it('refresh on mount and after every completed cycle', () => {
    const engine = createFakeEngine()
    renderHook(() => [useConflicts(), useDevices()], { wrapper: wrap(engine) })
    const conflicts = vi.mocked(engine.conflicts.refresh).mock.calls.length
    const devices = vi.mocked(engine.devices.refresh).mock.calls.length
    expect(conflicts).toBeGreaterThan(0)
    expect(devices).toBeGreaterThan(0)
    act(() => engine.patch({ pendingCount: 1 })) // not a completed cycle
    expect(engine.conflicts.refresh).toHaveBeenCalledTimes(conflicts)
    act(() => engine.patch({ lastSyncedAt: 1000 }))
    expect(engine.conflicts.refresh).toHaveBeenCalledTimes(conflicts + 1)
    expect(engine.devices.refresh).toHaveBeenCalledTimes(devices + 1)
  })

  it('expose the stores and their actions', async () => {
    const engine = createFakeEngine()
    const { result } = renderHook(() => ({ c: useConflicts(), d: useDevices() }), { wrapper: wrap(engine) })
    const record = { id: 'c1', table: 'saved_queries', entityId: 'q1', strategy: 'manual', resolution: null, local: {}, remote: {}, base: null, resolved: null, resolvedBy: null, detectedAt: 1, resolvedAt: null } as const
    act(() => engine.setConflicts({ pending: [record], recent: [] }))
    act(() => engine.setDevices([{ device_id: 'd1', device_name: 'Laptop' }, { device_id: 'd2', device_name: 'Phone' }], 'd2'))
    expect(result.current.c.pending).toEqual([record])
    expect(result.current.d.current).toMatchObject({ device_name: 'Phone' })
    await result.current.c.resolve('c1', 'remote')
    expect(engine.conflicts.resolve).toHaveBeenCalledWith('c1', 'remote')
    await result.current.d.deactivate('d1')
    expect(engine.devices.deactivate).toHaveBeenCalledWith('d1')
  })
})
