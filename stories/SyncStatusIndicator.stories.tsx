import type { Meta, StoryObj } from '@storybook/react-vite'
import { SyncStatusIndicator } from '@howlerops/sync/components'
import { withStaticEngine } from './support/withEngine'
import { NOW, ago, conflicts, refused } from './support/fixtures'

const meta = {
  title: 'Components/SyncStatusIndicator',
  component: SyncStatusIndicator,
  decorators: [withStaticEngine],
  args: { now: NOW, locale: 'en' },
} satisfies Meta<typeof SyncStatusIndicator>
export default meta
type Story = StoryObj<typeof meta>

export const Synced: Story = { parameters: { engine: { status: { lastSyncedAt: ago(2) } } } }
export const NeverSynced: Story = { parameters: { engine: {} } }
export const Syncing: Story = {
  parameters: { engine: { status: { phase: 'pushing', pendingCount: 40, lastSyncedAt: ago(10), progress: { phase: 'push', done: 12, total: 40 } } } },
}
export const Pending: Story = { parameters: { engine: { status: { pendingCount: 3, lastSyncedAt: ago(1) } } } }
export const Offline: Story = { parameters: { engine: { status: { phase: 'offline', online: false, pendingCount: 5, lastSyncedAt: ago(42) } } } }
export const Unreachable: Story = {
  parameters: { engine: { status: { phase: 'offline', online: true, pendingCount: 2, lastSyncedAt: ago(8), lastError: { code: 'network', message: 'Failed to fetch' } } } },
}
export const NotSynced: Story = {
  args: { onNotSyncedClick: () => console.info('[story] review refused records') },
  parameters: { engine: { status: { lastSyncedAt: ago(1) }, quarantined: refused } },
}
export const Error: Story = {
  parameters: { engine: { status: { phase: 'error', pendingCount: 2, lastSyncedAt: ago(15), lastError: { code: 'server', message: 'Server error 503' } } } },
}
export const NeedsAuth: Story = {
  args: { onSignIn: () => console.info('[story] sign in') },
  parameters: { engine: { status: { phase: 'needs-auth', lastError: { code: 'auth', message: 'Not authorized (401)' } } } },
}
export const Deactivated: Story = { parameters: { engine: { status: { phase: 'deactivated', lastSyncedAt: ago(60 * 24) } } } }
export const Conflicts: Story = {
  args: { onConflictsClick: () => console.info('[story] open conflicts') },
  parameters: { engine: { status: { lastSyncedAt: ago(3) }, conflicts } },
}
export const Translated: Story = {
  args: { locale: 'de', labels: { synced: (a) => `Synchronisiert ${a}`, syncNow: 'Jetzt synchronisieren' } },
  parameters: { engine: { status: { lastSyncedAt: ago(2) } } },
}
