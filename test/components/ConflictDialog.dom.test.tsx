import { useState, type ReactElement } from 'react'
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { ConflictDialog } from '@howlerops/sync/components'
import { createFakeEngine, type FakeEngine } from '../react/fakeEngine'
import { savedQueryConflict } from './conflicts'
import { renderWith } from './render'

const two = (engine: FakeEngine): void =>
  engine.setConflicts({
    pending: [
      savedQueryConflict('c1', { name: 'Active users (mine)', is_favorite: 1 }, { name: 'Active users (theirs)' }),
      savedQueryConflict('c2', { query_text: 'select 1' }, { query_text: 'select 2' }),
    ],
    recent: [],
  })

const Opener = (): ReactElement => {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button onClick={() => setOpen(true)}>Open conflicts</button>
      <ConflictDialog open={open} onClose={() => setOpen(false)} />
    </>
  )
}

describe('ConflictDialog', () => {
  it("is a modal <dialog> titled by the record's human name, k of N, changed fields first and the rest folded", () => {
    const engine = createFakeEngine()
    two(engine)
    renderWith(engine, <ConflictDialog open onClose={() => {}} />)
    // The name both sides started from (each renamed it), never the UUID.
    const dialog = screen.getByRole('dialog', { name: 'Saved query “Active users” changed on two devices' })
    expect(dialog.tagName).toBe('DIALOG')
    expect(dialog.hasAttribute('open')).toBe(true)
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(dialog.textContent).not.toContain('q-c1')
    expect(within(dialog).getByText('1 of 2')).toBeDefined()
    const [changedTable, unchangedTable] = dialog.querySelectorAll('table')
    expect([...changedTable!.querySelectorAll('tbody th')].map((th) => th.textContent)).toEqual(['Name (changed)', 'Favorite (changed)'])
    const folded = dialog.querySelector('details')!
    expect(folded.open).toBe(false)
    expect(folded.querySelector('summary')!.textContent).toBe('4 fields are the same on both')
    expect(unchangedTable!.closest('details')).toBe(folded)
    expect([...unchangedTable!.querySelectorAll('tbody th')].map((th) => th.textContent)).toEqual(['Description', 'Query', 'Folder', 'Tags'])
    const row = screen.getByRole('row', { name: /^Name/ })
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual(['Active users (mine)', 'Active users (theirs)'])
    expect(screen.queryByRole('rowheader', { name: /sync_version|hlc|^id/ })).toBeNull() // bookkeeping and key hidden
    fireEvent.click(screen.getByRole('button', { name: 'Next' }))
    expect(within(dialog).getByText('2 of 2')).toBeDefined()
    expect(screen.getByRole('row', { name: /^Query/ }).textContent).toContain('select 1')
  })

  it('says what each choice will do', () => {
    const engine = createFakeEngine()
    two(engine)
    renderWith(engine, <ConflictDialog open onClose={() => {}} />)
    const description = (name: string): string => {
      const button = screen.getByRole('button', { name })
      return document.getElementById(button.getAttribute('aria-describedby')!)!.textContent!
    }
    expect(description('Keep mine')).toMatch(/This device's version replaces the other one/)
    expect(description('Keep theirs')).toMatch(/your edits here are dropped/)
    expect(description('Keep both')).toMatch(/copy named “\(conflicted copy\)”/)
    expect(description('Edit merged version')).toMatch(/Pick or type each field/)
  })

  it('names a record by the app when asked, and falls back to the key only without any name', () => {
    const engine = createFakeEngine()
    const nameless = { ...savedQueryConflict('c3', {}, {}), table: 'sync_conflicts_archive' as never }
    engine.setConflicts({ pending: [savedQueryConflict('c1', { name: 'a' }, { name: 'b' })], recent: [] })
    const { unmount } = renderWith(engine, <ConflictDialog open onClose={() => {}} recordName={(r) => `#${r.entityId}`} />)
    expect(screen.getByRole('dialog', { name: 'Saved query “#q-c1” changed on two devices' })).toBeDefined()
    unmount()
    engine.setConflicts({ pending: [nameless], recent: [] })
    renderWith(engine, <ConflictDialog open onClose={() => {}} />)
    expect(screen.getByRole('heading').textContent).toContain('“q-c3”')
  })

  it.each([
    ['Keep mine', 'local'],
    ['Keep theirs', 'remote'],
    ['Keep both', 'both'],
  ])('%s resolves the shown conflict with %j', async (button, choice) => {
    const engine = createFakeEngine()
    two(engine)
    renderWith(engine, <ConflictDialog open onClose={() => {}} />)
    fireEvent.click(screen.getByRole('button', { name: button }))
    await waitFor(() => expect(engine.conflicts.resolve).toHaveBeenCalledWith('c1', choice))
    expect(engine.conflicts.resolve).toHaveBeenCalledOnce()
  })

  it('apply to all resolves every pending conflict and closes', async () => {
    const engine = createFakeEngine()
    two(engine)
    const onClose = vi.fn()
    renderWith(engine, <ConflictDialog open onClose={onClose} />)
    fireEvent.click(screen.getByRole('checkbox', { name: 'Apply to all 2 conflicts' }))
    expect(screen.getByRole('button', { name: 'Edit merged version' })).toHaveProperty('disabled', true)
    fireEvent.click(screen.getByRole('button', { name: 'Keep theirs' }))
    await waitFor(() => expect(onClose).toHaveBeenCalledOnce())
    expect(vi.mocked(engine.conflicts.resolve).mock.calls).toEqual([
      ['c1', 'remote'],
      ['c2', 'remote'],
    ])
  })

  it('edits a merged version field by field, keeping types', async () => {
    const engine = createFakeEngine()
    two(engine)
    renderWith(engine, <ConflictDialog open onClose={() => {}} />)
    fireEvent.click(screen.getByRole('button', { name: 'Edit merged version' }))
    const name = screen.getByRole('textbox', { name: 'Name' })
    expect(name).toHaveProperty('value', 'Active users (theirs)')
    fireEvent.change(name, { target: { value: 'Active users (both)' } })
    const favorite = screen.getByRole('textbox', { name: 'Favorite' })
    fireEvent.click(within(favorite.parentElement!).getByRole('button', { name: 'Use mine' }))
    expect(favorite).toHaveProperty('value', '1')
    fireEvent.click(screen.getByRole('button', { name: 'Save merged version' }))
    await waitFor(() => expect(engine.conflicts.resolve).toHaveBeenCalledOnce())
    const [id, choice] = vi.mocked(engine.conflicts.resolve).mock.calls[0]!
    expect(id).toBe('c1')
    expect(choice).toEqual({ merged: expect.objectContaining({ name: 'Active users (both)', is_favorite: 1, query_text: 'select * from users where active' }) })
  })

  it('reads like the app: yes/no flags, "None" for empty, the other device by name, one primary action', () => {
    const engine = createFakeEngine()
    engine.setDevices([{ device_id: 'd-me', device_name: 'Laptop' }, { device_id: 'd-work', device_name: 'Work desktop' }], 'd-me')
    engine.setConflicts({ pending: [savedQueryConflict('c1', { is_favorite: 1, folder: null }, { is_favorite: 0, folder: 'team', origin_device_id: 'd-work' })], recent: [] })
    renderWith(engine, <ConflictDialog open onClose={() => {}} />)
    expect(screen.getAllByRole('columnheader', { name: 'On Work desktop' }).length).toBeGreaterThan(0)
    const favorite = screen.getByRole('row', { name: /^Favorite/ })
    expect(within(favorite).getAllByRole('cell').map((c) => c.textContent)).toEqual(['Yes', 'No'])
    const folder = screen.getByRole('row', { name: /^Folder/ })
    expect(within(folder).getAllByRole('cell').map((c) => c.textContent)).toEqual(['None', 'team'])
    expect(document.querySelectorAll('.hs-button--primary')).toHaveLength(1)
    expect(screen.getByRole('button', { name: 'Keep mine' }).className).toContain('hs-button--primary')
  })

  it('Escape leaves the merge editor, not the dialog', () => {
    const engine = createFakeEngine()
    two(engine)
    const onClose = vi.fn()
    renderWith(engine, <ConflictDialog open onClose={onClose} />)
    fireEvent.click(screen.getByRole('button', { name: 'Edit merged version' }))
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Name' }), { key: 'Escape' })
    expect(screen.queryByRole('textbox', { name: 'Name' })).toBeNull()
    expect(screen.getByRole('button', { name: 'Keep mine' })).toBeDefined()
    expect(onClose).not.toHaveBeenCalled()
  })

  it('the merge editor shows a long value whole', () => {
    const engine = createFakeEngine()
    const long = `select ${Array.from({ length: 40 }, (_, i) => `column_${i}`).join(', ')} from a_table where x = 1`
    engine.setConflicts({ pending: [savedQueryConflict('c1', { query_text: 'select 1' }, { query_text: long })], recent: [] })
    renderWith(engine, <ConflictDialog open onClose={() => {}} />)
    fireEvent.click(screen.getByRole('button', { name: 'Edit merged version' }))
    const rows = Number(screen.getByRole('textbox', { name: 'Query' }).getAttribute('rows'))
    expect(rows * 60).toBeGreaterThanOrEqual(long.length)
  })

  it('shows a failed resolution and stays open', async () => {
    const engine = createFakeEngine()
    two(engine)
    vi.mocked(engine.conflicts.resolve).mockRejectedValueOnce(new Error('disk full'))
    renderWith(engine, <ConflictDialog open onClose={() => {}} />)
    fireEvent.click(screen.getByRole('button', { name: 'Keep mine' }))
    expect((await screen.findByRole('alert')).textContent).toBe('Could not resolve: disk full')
  })

  it('focus moves in on open, Tab is trapped, Escape closes and focus returns to the opener', async () => {
    const engine = createFakeEngine()
    two(engine)
    renderWith(engine, <Opener />)
    const opener = screen.getByRole('button', { name: 'Open conflicts' })
    opener.focus()
    fireEvent.click(opener)
    const dialog = screen.getByRole('dialog')
    const buttons = within(dialog).getAllByRole('button').filter((b) => !(b as HTMLButtonElement).disabled)
    const first = dialog.querySelector('summary')! // the first control: the folded unchanged fields
    const last = buttons[buttons.length - 1]!
    expect(document.activeElement).toBe(first)
    last.focus()
    fireEvent.keyDown(last, { key: 'Tab' })
    expect(document.activeElement).toBe(first)
    fireEvent.keyDown(first, { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(last)
    fireEvent.keyDown(dialog, { key: 'Escape' })
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(document.activeElement).toBe(opener)
  })

  it('with nothing pending says so, and closes from its button', () => {
    const onClose = vi.fn()
    renderWith(createFakeEngine(), <ConflictDialog open onClose={onClose} />)
    expect(screen.getByText('No conflicts left to resolve.')).toBeDefined()
    act(() => fireEvent.click(screen.getByRole('button', { name: 'Close' })))
    expect(onClose).toHaveBeenCalledOnce()
  })

  it('renders nothing when closed', () => {
    renderWith(createFakeEngine(), <ConflictDialog open={false} onClose={() => {}} />)
    expect(screen.queryByRole('dialog')).toBeNull()
  })
})
