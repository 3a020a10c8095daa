import { type ReactElement } from 'react'
import { act, cleanup, configure, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { SyncProvider, useConflicts, useDevices, useSyncStatus } from '@howlerops/sync/react'
import { createDevice, createUserDatabase, savedQuery, startEmulator } from '../engine/harness'

configure({ reactStrictMode: true })
afterEach(cleanup)
const { emulator, close } = startEmulator()
afterAll(close)

const Status = (): ReactElement => {
  const { phase, pendingCount, lastSyncedAt, syncNow } = useSyncStatus()
  const { devices, current } = useDevices()
  const { pending } = useConflicts()
  return (
    <div>
      <p data-testid="status">{`${phase} pending=${pendingCount} synced=${lastSyncedAt === null ? 'never' : 'yes'}`}</p>
      <p data-testid="devices">{`${devices.length} current=${String(current?.['device_name'] ?? '-')}`}</p>
      <p data-testid="conflicts">{pending.length}</p>
      <button onClick={() => void syncNow()}>Sync now</button>
    </div>
  )
}

describe('hooks over a real engine on the emulator', () => {
  it('StrictMode start → stop → start leaves a running engine that syncs on its own', async () => {
    const user = await createUserDatabase(emulator)
    // The platform's BroadcastChannel, as an app gets by default.
    const a = createDevice(user, 'Laptop', { debounceMs: 20, env: { channel: (name) => new BroadcastChannel(name) as never } })
    const b = createDevice(user, 'Phone')
    const { unmount } = render(
      <SyncProvider engine={a.engine}>
        <Status />
      </SyncProvider>,
    )
    // The first cycle also loads the sync code (the remote and both firewall lines are lazy chunks): allow for a slow
    // machine, the assertion is unchanged.
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('idle pending=0 synced=yes'), { timeout: 10_000 })
    await waitFor(() => expect(screen.getByTestId('devices').textContent).toBe('1 current=Laptop'), { timeout: 10_000 })

    // A local write is picked up by the debounce timer, which only a started engine arms.
    await act(() => a.db.saved_queries.put(savedQuery('q1') as never))
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('idle pending=0 synced=yes'), { timeout: 10_000 })
    // Only A's own loop can push it (nobody calls A's syncNow): B sees it once A's debounce has fired.
    await waitFor(
      async () => {
        await b.engine.syncNow()
        expect(await b.db.saved_queries.get('q1')).toMatchObject({ name: 'query q1' })
      },
      { timeout: 10_000 },
    )

    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }))
    await waitFor(() => expect(screen.getByTestId('devices').textContent).toBe('2 current=Laptop'), { timeout: 10_000 })
    unmount()
    await a.engine.whenIdle()
  }, 30_000)

  it('a manual conflict shows up in useConflicts after the cycle that found it', async () => {
    const user = await createUserDatabase(emulator)
    const a = createDevice(user, 'Laptop', { strategies: { saved_queries: 'manual' } })
    const b = createDevice(user, 'Phone')
    await a.db.saved_queries.put(savedQuery('q1') as never)
    await a.engine.syncNow()
    await b.engine.syncNow()
    await b.db.saved_queries.update('q1', { name: 'from phone' })
    await b.engine.syncNow()
    await a.db.saved_queries.update('q1', { name: 'from laptop' })
    render(
      <SyncProvider engine={a.engine} autoStart={false}>
        <Status />
      </SyncProvider>,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }))
    await waitFor(() => expect(screen.getByTestId('conflicts').textContent).toBe('1'), { timeout: 10_000 })
  }, 30_000)
})
