import { act, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { SyncDevtools } from '@howlerops/sync/devtools'
import { createFakeEngine } from '../react/fakeEngine'
import { NOW, renderWith } from './render'

describe('SyncDevtools', () => {
  it('shows the status, the outbox with each state, refused records, held conflicts and the last cycles', async () => {
    const engine = createFakeEngine({ pendingCount: 2, clockDriftMs: 120_000, lastError: { code: 'network', message: 'Failed to fetch' } })
    engine.setOutbox([
      { table: 'saved_queries', key: 'q1', op: 'upsert', mutationId: 'm1', state: 'sent', baseVersion: 3 },
      { table: 'saved_queries', key: 'q2', op: 'delete', mutationId: 'm2', state: 'held', baseVersion: 1 },
    ])
    engine.setQuarantine([{ table: 'saved_queries', key: 'bad', mutationId: 'm9', code: 'SQLITE_CONSTRAINT', message: 'refused', field: 'name', at: NOW }])
    engine.addCycle({ at: NOW, durationMs: 40, outcome: 'failed', requests: 1, rowsRead: 0, rowsWritten: 0, pushed: 0, pulled: 0, conflicts: 0, quarantined: 0, error: { code: 'server', message: 'Server error 503' } })
    renderWith(engine, <SyncDevtools defaultOpen />)
    expect(screen.getByRole('region', { name: 'Status' }).textContent).toContain('another device runs 120 s ahead')
    expect(screen.getByRole('region', { name: 'Status' }).textContent).toContain('network: Failed to fetch')
    await waitFor(() => expect(screen.getByRole('region', { name: 'Outbox' }).textContent).toContain('sent, awaiting the answer'))
    expect(screen.getByRole('region', { name: 'Outbox' }).textContent).toContain('held by a conflict')
    expect(screen.getByRole('region', { name: 'Refused records' }).textContent).toContain('SQLITE_CONSTRAINT refused (field name)')
    expect(within(screen.getByRole('region', { name: 'Last cycles' })).getByText(/failed: server Server error 503/)).toBeDefined()
    // A new cycle shows at once, newest first.
    act(() => engine.addCycle({ at: NOW + 1000, durationMs: 12, outcome: 'ok', requests: 1, rowsRead: 1, rowsWritten: 0, pushed: 0, pulled: 0, conflicts: 0, quarantined: 0 }))
    const rows = within(screen.getByRole('region', { name: 'Last cycles' })).getAllByRole('row')
    expect(rows[1]?.textContent).toContain('ok')
  })

  it('follows the outbox as the status changes', async () => {
    const engine = createFakeEngine()
    renderWith(engine, <SyncDevtools defaultOpen />)
    expect(screen.getByRole('region', { name: 'Outbox' }).textContent).toContain('Nothing waiting')
    engine.setOutbox([{ table: 'query_history', key: 'h1', op: 'upsert', mutationId: 'm1', state: 'queued', baseVersion: 0 }])
    act(() => engine.patch({ pendingCount: 1 }))
    await waitFor(() => expect(screen.getByRole('region', { name: 'Outbox' }).textContent).toContain('h1'))
  })
})
