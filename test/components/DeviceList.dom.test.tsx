import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { DeviceList } from '@howlerops/sync/components'
import { createFakeEngine } from '../react/fakeEngine'
import { NOW, minutesAgo, renderWith } from './render'

const devices = [
  { device_id: 'd1', device_name: 'Laptop', device_type: 'laptop', browser: 'Chrome', os: 'macOS', is_active: 1, last_seen: minutesAgo(1) },
  { device_id: 'd2', device_name: 'Phone', device_type: 'mobile', browser: 'Safari', os: 'iOS', is_active: 1, last_seen: minutesAgo(180) },
  { device_id: 'd3', device_name: 'Old desktop', device_type: 'desktop', browser: null, os: 'Windows', is_active: 0, last_seen: null },
]

describe('DeviceList', () => {
  it('marks the current device and shows when each was last seen', () => {
    const engine = createFakeEngine()
    renderWith(engine, <DeviceList now={NOW} />)
    act(() => engine.setDevices(devices, 'd1'))
    const [laptop, phone, old] = screen.getAllByRole('listitem')
    expect(laptop!.getAttribute('aria-current')).toBe('true')
    expect(within(laptop!).getByText('This device')).toBeDefined()
    expect(within(laptop!).getByText('Last seen 1 min ago')).toBeDefined()
    expect(within(laptop!).queryByRole('button')).toBeNull() // no deactivating yourself
    expect(within(phone!).getByText('Last seen 3 h ago')).toBeDefined()
    expect(within(phone!).getByText('mobile · Safari · iOS')).toBeDefined()
    expect(within(old!).getByText('Deactivated')).toBeDefined()
    expect(within(old!).queryByRole('button')).toBeNull()
  })

  it('deactivates only after confirmation', async () => {
    const engine = createFakeEngine()
    renderWith(engine, <DeviceList now={NOW} />)
    act(() => engine.setDevices(devices, 'd1'))
    fireEvent.click(screen.getByRole('button', { name: 'Deactivate Phone' }))
    expect(engine.devices.deactivate).not.toHaveBeenCalled()
    const confirm = screen.getByRole('group', { name: /Deactivate Phone\?/ })
    expect(document.activeElement).toBe(within(confirm).getByRole('button', { name: 'Deactivate' }))
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('group')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Deactivate Phone' }))
    fireEvent.click(within(screen.getByRole('group')).getByRole('button', { name: 'Deactivate' }))
    await waitFor(() => expect(engine.devices.deactivate).toHaveBeenCalledWith('d2'))
    await waitFor(() => expect(screen.queryByRole('group')).toBeNull())
  })

  it('empty, with replaceable copy', () => {
    renderWith(createFakeEngine(), <DeviceList now={NOW} labels={{ empty: 'Keine Geräte' }} />)
    expect(screen.getByText('Keine Geräte')).toBeDefined()
  })
})
