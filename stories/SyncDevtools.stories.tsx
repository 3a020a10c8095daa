import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, within } from 'storybook/test'
import type { CycleLogEntry, OutboxItem } from '@howlerops/sync'
import { SyncDevtools } from '@howlerops/sync/devtools'
import { withStaticEngine } from './support/withEngine'
import { NOW, ago, conflicts, refused } from './support/fixtures'

const outbox: readonly OutboxItem[] = [
  { table: 'saved_queries', key: 'q-monthly', op: 'upsert', mutationId: 'm1', state: 'sent', baseVersion: 3 },
  { table: 'query_history', key: 'h-42', op: 'upsert', mutationId: 'm2', state: 'queued', baseVersion: 0 },
  { table: 'saved_queries', key: 'q-old', op: 'delete', mutationId: 'm3', state: 'queued', baseVersion: 7 },
  { table: 'saved_queries', key: 'q-shared', op: 'upsert', mutationId: 'm4', state: 'held', baseVersion: 2 },
]

const cycle = (minutes: number, patch: Partial<CycleLogEntry> = {}): CycleLogEntry => ({
  at: ago(minutes), durationMs: 84, outcome: 'ok', requests: 1, rowsRead: 1, rowsWritten: 0, pushed: 0, pulled: 0, conflicts: 0, quarantined: 0, ...patch,
})

const cycles: readonly CycleLogEntry[] = [
  cycle(6, { requests: 2, rowsRead: 9, rowsWritten: 0, pulled: 3, durationMs: 212 }),
  cycle(5, { outcome: 'failed', requests: 1, rowsRead: 0, error: { code: 'network', message: 'Failed to fetch' }, durationMs: 3010 }),
  cycle(4, { requests: 2, rowsRead: 6, rowsWritten: 14, pushed: 2, durationMs: 180 }),
  cycle(1),
]

const meta = {
  title: 'Components/SyncDevtools',
  component: SyncDevtools,
  decorators: [withStaticEngine],
  args: { defaultOpen: true },
} satisfies Meta<typeof SyncDevtools>
export default meta
type Story = StoryObj<typeof meta>

export const Busy: Story = {
  parameters: {
    engine: {
      status: { lastSyncedAt: ago(1), pendingCount: 3, conflictCount: 1, clockDriftMs: 95_000, isLeader: true },
      outbox,
      cycles,
      quarantined: refused,
      conflicts: conflicts.slice(0, 1),
    },
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await expect(canvas.getByRole('region', { name: 'Outbox' })).toHaveTextContent('sent, awaiting the answer')
    await expect(canvas.getByRole('region', { name: 'Last cycles' })).toHaveTextContent('failed: network Failed to fetch')
  },
}
export const Quiet: Story = { parameters: { engine: { status: { lastSyncedAt: NOW, isLeader: true }, cycles: [cycle(0)] } } }
export const Closed: Story = { args: { defaultOpen: false }, parameters: { engine: {} } }
