import type { Meta, StoryObj } from '@storybook/react-vite'
import { expect, userEvent, within } from 'storybook/test'
import { DeviceList } from '@howlerops/sync/components'
import { withStaticEngine } from './support/withEngine'
import { NOW, devices } from './support/fixtures'

const meta = {
  title: 'Components/DeviceList',
  component: DeviceList,
  decorators: [withStaticEngine],
  args: { now: NOW, locale: 'en' },
} satisfies Meta<typeof DeviceList>
export default meta
type Story = StoryObj<typeof meta>

export const Devices: Story = { parameters: { engine: { devices, currentDeviceId: 'd-laptop' } } }
export const ConfirmDeactivate: Story = {
  parameters: { engine: { devices, currentDeviceId: 'd-laptop' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Deactivate Phone' }))
    await expect(canvas.getByRole('group', { name: /Deactivate Phone\?/ })).toBeVisible()
  },
}
export const Reactivate: Story = {
  parameters: { engine: { devices, currentDeviceId: 'd-laptop' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Reactivate Old tablet' }))
    await expect(canvas.getByRole('button', { name: 'Deactivate Old tablet' })).toBeVisible()
  },
}
export const Empty: Story = { parameters: { engine: { devices: [] } } }
