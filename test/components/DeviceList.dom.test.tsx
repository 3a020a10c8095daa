import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { DeviceList } from '@howlerops/sync/components'
import { createFakeEngine } from '../react/fakeEngine'
import { NOW, minutesAgo, renderWith } from './render'

const devices = [
  { device_id: 'd1', device_name: 'Laptop', device_type: 'laptop', browser: 'Chrome', os: 'macOS', is_active: 1, last_seen: minutesAgo(1) },
  { device_id: 'd2', device_name: 'Phone', device_type: 'mobile', browser: 'Safari', os: 'iOS', is_active: 1, last_seen: minutesAgo(180) },
  { device_id: 'd3', device_name: 'Old desktop', device_type: 'desktop', browser: null, os: 'Windows', is_active: 0, last_seen: null },
]

describe('DeviceList', () => {
  it('marks the current device and shows when each was last seen, in the locale', () => {
    const engine = createFakeEngine()
    renderWith(engine, <DeviceList now={NOW} locale="en" />)
    act(() => engine.setDevices(devices, 'd1'))
    const [laptop, phone, old] = screen.getAllByRole('listitem')
    expect(laptop!.getAttribute('aria-current')).toBe('true')
    expect(within(laptop!).getByText('This device')).toBeDefined()
    expect(within(laptop!).getByText('Last seen 1 minute ago')).toBeDefined()
    expect(within(laptop!).queryByRole('button')).toBeNull() // no deactivating yourself
    expect(within(phone!).getByText('Last seen 3 hours ago')).toBeDefined()
    expect(within(phone!).getByText('Last seen 3 hours ago').getAttribute('dateTime')).toBe(new Date(minutesAgo(180)).toISOString())
    expect(within(phone!).getByText('mobile · Safari · iOS')).toBeDefined()
    expect(within(old!).getByText('Deactivated')).toBeDefined()
    expect(within(old!).queryByRole('button', { name: /Deactivate/ })).toBeNull()
  })

  it('"Active now" within the poll interval: this device by its last sync, others by their registry row', () => {
    const engine = createFakeEngine({ lastSyncedAt: NOW - 10_000 })
    renderWith(engine, <DeviceList now={NOW} locale="de" />)
    // The laptop's registry row is hours old (heartbeats are rare); its last sync is 10 s ago.
    act(() => engine.setDevices([{ ...devices[0]!, last_seen: minutesAgo(300) }, { ...devices[1]!, last_seen: NOW - 20_000 }, { ...devices[1]!, device_id: 'd4', device_name: 'Tablet', last_seen: NOW - 31_000 }], 'd1'))
    const [laptop, phone, tablet] = screen.getAllByRole('listitem')
    expect(within(laptop!).getByText('Active now')).toBeDefined()
    expect(within(phone!).getByText('Active now')).toBeDefined()
    expect(within(tablet!).getByText('Last seen jetzt')).toBeDefined() // beyond 30 s, and Intl in German
  })

  it('offline, only this device reads "Active now": what it knows of the others is old news', () => {
    const engine = createFakeEngine({ lastSyncedAt: NOW - 10_000, online: false, phase: 'offline' })
    renderWith(engine, <DeviceList now={NOW} locale="en" />)
    act(() => engine.setDevices([{ ...devices[0]!, last_seen: NOW - 5000 }, { ...devices[1]!, last_seen: NOW - 5000 }], 'd1'))
    const [laptop, phone] = screen.getAllByRole('listitem')
    expect(within(laptop!).getByText('Active now')).toBeDefined()
    expect(within(phone!).queryByText('Active now')).toBeNull()
  })

  it('a deactivated device can be reactivated', async () => {
    const engine = createFakeEngine()
    renderWith(engine, <DeviceList now={NOW} />)
    act(() => engine.setDevices(devices, 'd1'))
    fireEvent.click(screen.getByRole('button', { name: 'Reactivate Old desktop' }))
    await waitFor(() => expect(engine.devices.reactivate).toHaveBeenCalledWith('d3'))
    expect(engine.devices.deactivate).not.toHaveBeenCalled()
  })

  it('a failed reactivation is shown', async () => {
    const engine = createFakeEngine()
    vi.mocked(engine.devices.reactivate).mockRejectedValueOnce(new Error('Unknown device d3'))
    renderWith(engine, <DeviceList now={NOW} />)
    act(() => engine.setDevices(devices, 'd1'))
    fireEvent.click(screen.getByRole('button', { name: 'Reactivate Old desktop' }))
    expect((await screen.findByRole('alert')).textContent).toBe('Could not change the device: Unknown device d3')
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
