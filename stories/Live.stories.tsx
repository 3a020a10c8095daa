import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState, type ReactElement } from 'react'
import { http, HttpResponse } from 'msw'
import { expect, userEvent, waitFor, within } from 'storybook/test'
import { SyncProvider } from '@howlerops/sync/react'
import { ConflictDialog, SyncStatusIndicator } from '@howlerops/sync/components'
import { DevicePanel } from './support/DevicePanel'
import { createLiveConflict, createLiveDevice, createLiveUser, savedQuery, type LiveDevice } from './support/live'

/**
 * Real engines in this page, each with its own IndexedDB, syncing over HTTP through the Turso emulator that the dev
 * server hosts at /__turso/ (see src/testing/vitePlugin.ts).
 */
const meta = { title: 'Live/Two devices on the emulator', parameters: { layout: 'padded' } } satisfies Meta
export default meta
type Story = StoryObj<typeof meta>

interface Loaded {
  devices: LiveDevice[]
}
const twoDevices = async (): Promise<Loaded> => {
  const user = await createLiveUser()
  return { devices: [createLiveDevice(user, 'Laptop'), createLiveDevice(user, 'Phone')] }
}

export const TwoDevices: Story = {
  loaders: [twoDevices],
  render: (_args, { loaded }) => (
    <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 16 }}>
      {(loaded as Loaded).devices.map((d) => (
        <DevicePanel key={d.name} device={d} />
      ))}
    </div>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const laptop = within(canvas.getByRole('region', { name: 'Laptop' }))
    const phone = within(canvas.getByRole('region', { name: 'Phone' }))
    await userEvent.type(laptop.getByRole('textbox', { name: 'New saved query' }), 'Churned customers')
    await userEvent.click(laptop.getByRole('button', { name: 'Add' }))
    await waitFor(() => expect(laptop.getByRole('status').textContent).toMatch(/^Synced/), { timeout: 5000 })
    await waitFor(() => expect(laptop.queryByText(/pending/)).toBeNull(), { timeout: 5000 })
    await userEvent.click(phone.getByRole('button', { name: 'Sync now' }))
    await waitFor(() => expect(phone.getByRole('list', { name: 'Saved queries on Phone' }).textContent).toContain('Churned customers'), { timeout: 5000 })
    await waitFor(() => expect(phone.getAllByText('Laptop').length).toBeGreaterThan(0), { timeout: 5000 }) // the device list learnt of the other device
  },
}

const ConflictScreen = ({ laptop }: { laptop: LiveDevice }): ReactElement => {
  const [open, setOpen] = useState(true)
  return (
    <SyncProvider engine={laptop.engine} autoStart={false}>
      <SyncStatusIndicator onConflictsClick={() => setOpen(true)} />
      <ConflictDialog open={open} onClose={() => setOpen(false)} />
    </SyncProvider>
  )
}

interface ConflictLoaded {
  conflict: Awaited<ReturnType<typeof createLiveConflict>>
}

/** A conflict the engine really detected: both devices renamed the same saved query (manual strategy). */
export const RealConflict: Story = {
  loaders: [async (): Promise<ConflictLoaded> => ({ conflict: await createLiveConflict() })],
  render: (_args, { loaded }) => <ConflictScreen laptop={(loaded as ConflictLoaded).conflict.laptop} />,
}

export const RealConflictKeepMine: Story = {
  ...RealConflict,
  play: async ({ canvasElement, loaded }) => {
    const { laptop, phone, id } = (loaded as ConflictLoaded).conflict
    const canvas = within(canvasElement)
    const dialog = await canvas.findByRole('dialog', { name: /changed on two devices$/ })
    await waitFor(() => expect(within(dialog).getByRole('row', { name: /^name/i }).textContent).toContain('edited on phone'))
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep mine' }))
    await waitFor(() => expect(canvas.queryByRole('dialog')).toBeNull())
    await laptop.engine.whenIdle()
    await phone.engine.syncNow()
    await expect(await phone.db.saved_queries.get(id)).toMatchObject({ name: 'Active users (edited on laptop)' })
  },
}

/** MSW answers the emulator's pipeline with 503 before the request leaves the page: the engine shows the error. */
export const ServerError: Story = {
  beforeEach: ({ msw }) => {
    msw.use(http.post('*/__turso/*/pipeline', () => new HttpResponse('Service unavailable', { status: 503 })))
  },
  loaders: [
    async (): Promise<Loaded> => {
      const user = await createLiveUser()
      const device = createLiveDevice(user, 'Laptop', { backoff: { baseMs: 60_000, maxMs: 60_000 } })
      await device.db.saved_queries.put(savedQuery('Unsent query') as never)
      return { devices: [device] }
    },
  ],
  render: (_args, { loaded }) => (
    <SyncProvider engine={(loaded as Loaded).devices[0]!.engine}>
      <SyncStatusIndicator />
    </SyncProvider>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await waitFor(() => expect(canvas.getByRole('status').textContent).toBe('Sync failed: Server error 503'), { timeout: 5000 })
    await expect(canvas.getByText(/^\d+ pending$/)).toBeVisible() // the saved query, and this device's registration
  },
}
