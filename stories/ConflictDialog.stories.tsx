import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState, type ReactElement } from 'react'
import { expect, userEvent, within } from 'storybook/test'
import { ConflictDialog } from '@howlerops/sync/components'
import { withStaticEngine } from './support/withEngine'
import { connectionConflict, conflicts, devices } from './support/fixtures'

/** The dialog with its opener, as an app would use it: focus returns to the button on close. */
const WithOpener = (): ReactElement => {
  const [open, setOpen] = useState(true)
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Review conflicts
      </button>
      <ConflictDialog open={open} onClose={() => setOpen(false)} />
    </>
  )
}

const meta = {
  title: 'Components/ConflictDialog',
  component: ConflictDialog,
  decorators: [withStaticEngine],
  args: { open: true, onClose: () => console.info('[story] close') },
  parameters: { layout: 'fullscreen' },
} satisfies Meta<typeof ConflictDialog>
export default meta
type Story = StoryObj<typeof meta>

export const OneConflict: Story = { parameters: { engine: { conflicts: conflicts.slice(0, 1), devices, currentDeviceId: 'd-laptop' } } }
export const Several: Story = { parameters: { engine: { conflicts } } }
export const MergeEditor: Story = {
  parameters: { engine: { conflicts: conflicts.slice(0, 1) } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByRole('button', { name: 'Edit merged version' }))
    await expect(canvas.getByRole('textbox', { name: 'Name' })).toBeVisible()
  },
}
export const UnchangedFieldsOpen: Story = {
  parameters: { engine: { conflicts: conflicts.slice(0, 1) } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    await userEvent.click(canvas.getByText(/fields are the same on both/))
    await expect(canvas.getByRole('rowheader', { name: 'Description' })).toBeVisible()
  },
}
export const Connection: Story = {
  parameters: { engine: { conflicts: [connectionConflict] } },
}
export const NothingLeft: Story = { parameters: { engine: { conflicts: [] } } }
export const KeyboardAndFocus: Story = {
  parameters: { engine: { conflicts } },
  render: () => <WithOpener />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement)
    const dialog = canvas.getByRole('dialog', { name: 'Saved query “Active users” changed on two devices' })
    // showModal(): in the top layer, centred in the viewport, the page behind it inert.
    await expect(dialog.matches(':modal')).toBe(true)
    const box = dialog.getBoundingClientRect()
    await expect(Math.abs(box.left + box.width / 2 - window.innerWidth / 2)).toBeLessThan(2)
    await expect(dialog).toContainElement(document.activeElement as HTMLElement)
    await userEvent.keyboard('{Escape}')
    await expect(canvas.queryByRole('dialog')).toBeNull()
  },
}
