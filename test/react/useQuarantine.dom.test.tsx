import { type ReactElement, type ReactNode } from 'react'
import { act, cleanup, renderHook } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SyncProvider, useQuarantine } from '@howlerops/sync/react'
import type { SyncEngine } from '@howlerops/sync'
import { createFakeEngine, type FakeEngine } from './fakeEngine'

afterEach(cleanup)

const wrap =
  (engine: SyncEngine) =>
  ({ children }: { children: ReactNode }): ReactElement => (
    <SyncProvider engine={engine} autoStart={false}>
      {children}
    </SyncProvider>
  )

const refused = { table: 'saved_queries', key: 'q1', mutationId: 'm1', code: 'SQLITE_CONSTRAINT_CHECK', message: 'CHECK constraint failed: is_favorite IN (0, 1)', field: 'is_favorite', at: 1 } as const

describe('useQuarantine', () => {
  it('reads the refused records live, refreshes on mount and after each sync, and forwards retry and discard', async () => {
    const engine: FakeEngine = createFakeEngine()
    const { result } = renderHook(() => useQuarantine(), { wrapper: wrap(engine) })
    expect(result.current.records).toEqual([])
    expect(engine.quarantine.refresh).toHaveBeenCalledTimes(1)
    act(() => engine.setQuarantine([refused]))
    expect(result.current.records).toEqual([refused])
    act(() => engine.patch({ lastSyncedAt: 5 }))
    expect(engine.quarantine.refresh).toHaveBeenCalledTimes(2)
    await result.current.retry({ table: 'saved_queries', key: 'q1' })
    await result.current.discard({ table: 'saved_queries', key: 'q1' })
    expect(engine.quarantine.retry).toHaveBeenCalledWith({ table: 'saved_queries', key: 'q1' })
    expect(engine.quarantine.discard).toHaveBeenCalledWith({ table: 'saved_queries', key: 'q1' })
  })

  it('a failed retry rejects to the caller (typed by the engine), the records stay', async () => {
    const engine = createFakeEngine()
    engine.setQuarantine([refused])
    vi.mocked(engine.quarantine.retry).mockRejectedValueOnce(new Error('still refused'))
    const { result } = renderHook(() => useQuarantine(), { wrapper: wrap(engine) })
    await expect(result.current.retry(refused)).rejects.toThrow('still refused')
    expect(result.current.records).toEqual([refused])
  })

  it('an engine without a quarantine center reads as nothing refused', () => {
    const { quarantine: _none, ...engine } = createFakeEngine()
    const { result } = renderHook(() => useQuarantine(), { wrapper: wrap(engine as unknown as SyncEngine) })
    expect(result.current.records).toEqual([])
  })
})
