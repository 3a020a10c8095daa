import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { expect, it } from 'vitest'
import { SyncProvider } from '@howlerops/sync/react'
import { ConflictDialog, DeviceList, SyncStatusIndicator } from '@howlerops/sync/components'
import { createFakeEngine } from '@howlerops/sync/testing'
import { savedQueryConflict } from '../components/conflicts'

it('the fake engine renders any state, records what the UI asked, and settles actions as the engine does', async () => {
  const engine = createFakeEngine({
    status: { phase: 'offline', online: false, pendingCount: 3 },
    conflicts: { pending: [savedQueryConflict('c1', { name: 'mine' }, { name: 'theirs' })], recent: [] },
    devices: [{ device_id: 'd1', device_name: 'Laptop', is_active: 1 }, { device_id: 'd2', device_name: 'Phone', is_active: 1 }],
    currentDeviceId: 'd1',
  })
  render(
    <SyncProvider engine={engine} autoStart={false}>
      <SyncStatusIndicator />
      <DeviceList />
      <ConflictDialog open onClose={() => {}} />
    </SyncProvider>,
  )
  expect(screen.getByRole('status').textContent).toBe('Offline')
  expect(engine.getStatus().conflictCount).toBe(1) // implied by the pending conflicts, as set() and actions recount
  fireEvent.click(screen.getByRole('button', { name: 'Keep mine' }))
  await waitFor(() => expect(engine.calls.resolve).toEqual([{ id: 'c1', choice: 'local' }]))
  expect(engine.conflicts.getSnapshot().pending).toEqual([])
  act(() => engine.set({ status: { phase: 'idle', online: true, lastSyncedAt: Date.now() } }))
  await act(async () => screen.getByRole('button', { name: 'Sync now' }).click())
  expect(engine.calls.syncNow).toBe(1)
  expect(await engine.outbox()).toEqual([])
}, 20_000) // the first render of three components: seconds on a loaded machine

it('the counts a state implies follow it, unless the test sets them itself', () => {
  const refused = [{ table: 'saved_queries', key: 'q1', reason: 'too large', at: 1 }] as never
  expect(createFakeEngine({ quarantined: refused }).getStatus().quarantinedCount).toBe(1)
  expect(createFakeEngine({ quarantined: refused, status: { quarantinedCount: 4 } }).getStatus().quarantinedCount).toBe(4)
  expect(createFakeEngine({ conflicts: { pending: [], recent: [] }, status: { conflictCount: 2 } }).getStatus().conflictCount).toBe(2)
  expect(createFakeEngine().getStatus().conflictCount).toBe(0)
})
