import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { SyncStatusIndicator } from '@howlerops/sync/components'
import { createFakeEngine } from '../react/fakeEngine'
import { NOW, minutesAgo, renderWith } from './render'

const state = (): string | null => document.querySelector('.hs-status')?.getAttribute('data-state') ?? null

describe('SyncStatusIndicator', () => {
  it('synced: relative time from the injected clock, and Sync now calls the engine', () => {
    const engine = createFakeEngine({ lastSyncedAt: minutesAgo(2) })
    renderWith(engine, <SyncStatusIndicator now={NOW} locale="en" />)
    expect(screen.getByRole('status').textContent).toBe('Synced 2 minutes ago')
    expect(state()).toBe('synced')
    fireEvent.click(screen.getByRole('button', { name: 'Sync now' }))
    expect(engine.syncNow).toHaveBeenCalledOnce()
  })

  it.each([
    ['en', 0.2, 'Synced now'],
    ['en', 90, 'Synced 1 hour ago'],
    ['en', 60 * 24, 'Synced yesterday'],
    ['en', 60 * 24 * 3, 'Synced 3 days ago'],
    ['en-US', 60 * 24 * 10, 'Synced Jan 5, 2025, 12:00 PM'],
    ['de', 2, 'Synced vor 2 Minuten'],
    ['fr', 60 * 5, 'Synced il y a 5 heures'],
  ])('formats the time with Intl in %s: %s minutes ago is %j', (locale, minutes, text) => {
    renderWith(createFakeEngine({ lastSyncedAt: minutesAgo(minutes) }), <SyncStatusIndicator now={() => NOW} locale={locale} />)
    expect(screen.getByRole('status').textContent?.replace(/\u202f/g, ' ')).toBe(text)
  })

  it('the full date and time of the last sync is its title, in the locale', () => {
    renderWith(createFakeEngine({ lastSyncedAt: minutesAgo(2) }), <SyncStatusIndicator now={NOW} locale="en-GB" />)
    expect(screen.getByRole('status').getAttribute('title')).toMatch(/^15 Jan 2025, \d\d:58$/)
  })

  it('never synced', () => {
    renderWith(createFakeEngine(), <SyncStatusIndicator now={NOW} />)
    expect(screen.getByRole('status').textContent).toBe('Not synced yet')
  })

  it('syncing shows progress and disables Sync now; pending shows once idle', () => {
    const engine = createFakeEngine({ phase: 'pushing', pendingCount: 3, progress: { phase: 'push', done: 12, total: 40 } })
    renderWith(engine, <SyncStatusIndicator now={NOW} />)
    expect(state()).toBe('syncing')
    expect(screen.getByRole('status').textContent).toBe('Syncing… 12 of 40')
    expect(screen.getByRole('button', { name: 'Sync now' })).toHaveProperty('disabled', true)
    act(() => engine.patch({ phase: 'idle', progress: null, lastSyncedAt: NOW }))
    expect(screen.getByText('3 pending')).toBeDefined()
  })

  it('offline with changes waiting, only when the browser is offline', () => {
    renderWith(createFakeEngine({ phase: 'offline', online: false, pendingCount: 5 }), <SyncStatusIndicator now={NOW} />)
    expect(state()).toBe('offline')
    expect(screen.getByRole('status').textContent).toBe('Offline')
    expect(screen.getByText('5 pending')).toBeDefined()
    expect(screen.getByRole('button', { name: 'Sync now' })).toHaveProperty('disabled', true)
  })

  it("online but the server never answers (CORS, DNS): Can't reach the sync server, with the cause, and Retry", () => {
    const engine = createFakeEngine({ phase: 'offline', online: true, lastError: { code: 'network', message: 'Failed to fetch' } })
    renderWith(engine, <SyncStatusIndicator now={NOW} />)
    expect(state()).toBe('unreachable')
    expect(screen.getByRole('status').textContent).toBe("Can't reach the sync server (Failed to fetch)")
    expect(screen.queryByText('Offline')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(engine.syncNow).toHaveBeenCalledOnce()
  })

  it('refused records are a warning, never "Synced": n not synced, with Review', () => {
    const engine = createFakeEngine({ lastSyncedAt: NOW, quarantinedCount: 2 })
    const onNotSyncedClick = vi.fn()
    renderWith(engine, <SyncStatusIndicator now={NOW} onNotSyncedClick={onNotSyncedClick} />)
    expect(state()).toBe('not-synced')
    expect(screen.getByRole('status').textContent).toBe('2 not synced')
    expect(screen.queryByText(/^Synced/)).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Review' }))
    expect(onNotSyncedClick).toHaveBeenCalledOnce()
    act(() => engine.patch({ quarantinedCount: 0 }))
    expect(state()).toBe('synced')
  })

  it('refused records stay visible beside a more urgent state', () => {
    renderWith(createFakeEngine({ phase: 'offline', online: false, quarantinedCount: 1 }), <SyncStatusIndicator now={NOW} />)
    expect(state()).toBe('offline')
    expect(screen.getByText('1 not synced')).toBeDefined()
  })

  it('error shows the message and Retry syncs', () => {
    const engine = createFakeEngine({ phase: 'error', lastError: { code: 'server', message: 'Server error 500' } })
    renderWith(engine, <SyncStatusIndicator now={NOW} />)
    expect(screen.getByRole('status').textContent).toBe('Sync failed: Server error 500')
    expect(screen.queryByRole('button', { name: 'Sync now' })).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(engine.syncNow).toHaveBeenCalledOnce()
  })

  it('needs-auth offers Sign in', () => {
    const onSignIn = vi.fn()
    renderWith(createFakeEngine({ phase: 'needs-auth' }), <SyncStatusIndicator now={NOW} onSignIn={onSignIn} />)
    expect(screen.getByRole('status').textContent).toBe('Sign in again to sync')
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(onSignIn).toHaveBeenCalledOnce()
  })

  it('deactivated offers no sync', () => {
    renderWith(createFakeEngine({ phase: 'deactivated' }), <SyncStatusIndicator now={NOW} />)
    expect(screen.getByRole('status').textContent).toMatch(/deactivated/)
    expect(screen.queryByRole('button')).toBeNull()
  })

  it('n conflicts, from the conflict center, as a button when it can open something', () => {
    const engine = createFakeEngine({ lastSyncedAt: NOW })
    const onConflictsClick = vi.fn()
    renderWith(engine, <SyncStatusIndicator now={NOW} onConflictsClick={onConflictsClick} />)
    const record = { id: 'c', table: 'saved_queries', entityId: 'q', strategy: 'manual', resolution: null, local: {}, remote: {}, base: null, resolved: null, resolvedBy: null, detectedAt: 1, resolvedAt: null } as const
    act(() => engine.setConflicts({ pending: [record, { ...record, id: 'd' }], recent: [] }))
    fireEvent.click(screen.getByRole('button', { name: '2 conflicts' }))
    expect(onConflictsClick).toHaveBeenCalledOnce()
  })

  it('labels override the defaults one by one', () => {
    renderWith(createFakeEngine({ lastSyncedAt: minutesAgo(2) }), <SyncStatusIndicator now={NOW} locale="de" labels={{ synced: (ago) => `Synchronisiert ${ago}`, minutesAgo: (n) => `vor ${n} Min.`, syncNow: 'Jetzt synchronisieren' }} />)
    expect(screen.getByRole('status').textContent).toBe('Synchronisiert vor 2 Min.')
    expect(screen.getByRole('button', { name: 'Jetzt synchronisieren' })).toBeDefined()
  })
})
