import { act, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { InitialSyncProgress } from '@howlerops/sync/components'
import { createFakeEngine } from '../react/fakeEngine'
import { renderWith } from './render'

describe('InitialSyncProgress', () => {
  it('a determinate bar with counts and phase, through to done', () => {
    const engine = createFakeEngine({ phase: 'pulling', progress: { phase: 'bootstrap', done: 250, total: 1000 } })
    renderWith(engine, <InitialSyncProgress />)
    const bar = screen.getByRole('progressbar', { name: 'Setting up this device' })
    expect([bar.getAttribute('aria-valuenow'), bar.getAttribute('aria-valuemax')]).toEqual(['250', '1000'])
    expect(screen.getByText('Downloading your data')).toBeDefined()
    expect(screen.getByText('250 of 1000 records')).toBeDefined()
    expect((bar.firstChild as HTMLElement).style.width).toBe('25%')
    act(() => engine.patch({ phase: 'idle', progress: null, lastSyncedAt: 1 }))
    expect(screen.getByText('All your data is on this device.')).toBeDefined()
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('1')
  })

  it('indeterminate while the total is unknown', () => {
    renderWith(createFakeEngine({ phase: 'pushing', progress: { phase: 'push', done: 7, total: null } }), <InitialSyncProgress />)
    const bar = screen.getByRole('progressbar')
    expect(bar.hasAttribute('aria-valuenow')).toBe(false)
    expect(screen.getByText('Uploading changes')).toBeDefined()
    expect(screen.getByText('7 records')).toBeDefined()
  })

  it.each([
    [{}, 'Preparing…'],
    [{ phase: 'offline', online: false }, 'Waiting for a connection…'],
    [{ phase: 'offline', online: true, lastError: { code: 'network', message: 'Failed to fetch' } }, "Can't reach the sync server (Failed to fetch). Retrying…"],
    [{ phase: 'error', lastError: { code: 'server', message: 'Server error 503' } }, 'Sync failed: Server error 503. Retrying…'],
  ] as const)('before the first sync: %j', (status, text) => {
    renderWith(createFakeEngine(status), <InitialSyncProgress />)
    expect(screen.getByText(text)).toBeDefined()
  })

  it('hideWhenDone renders nothing after the first sync', () => {
    const { container } = renderWith(createFakeEngine({ lastSyncedAt: 1 }), <InitialSyncProgress hideWhenDone />)
    expect(container.innerHTML).toBe('')
  })
})
