import type { Meta, StoryObj } from '@storybook/react-vite'
import { InitialSyncProgress } from '@howlerops/sync/components'
import { withStaticEngine } from './support/withEngine'

const meta = {
  title: 'Components/InitialSyncProgress',
  component: InitialSyncProgress,
  decorators: [withStaticEngine],
} satisfies Meta<typeof InitialSyncProgress>
export default meta
type Story = StoryObj<typeof meta>

export const Preparing: Story = { parameters: { engine: {} } }
export const Downloading: Story = { parameters: { engine: { status: { phase: 'pulling', progress: { phase: 'bootstrap', done: 2_450, total: 10_000 } } } } }
export const UnknownTotal: Story = { parameters: { engine: { status: { phase: 'pushing', progress: { phase: 'push', done: 120, total: null } } } } }
export const Offline: Story = { parameters: { engine: { status: { phase: 'offline', online: false } } } }
export const Unreachable: Story = { parameters: { engine: { status: { phase: 'offline', online: true, lastError: { code: 'network', message: 'Failed to fetch' } } } } }
export const Error: Story = { parameters: { engine: { status: { phase: 'error', lastError: { code: 'server', message: 'Server error 503' } } } } }
export const Done: Story = { parameters: { engine: { status: { lastSyncedAt: Date.UTC(2025, 0, 15) } } } }
