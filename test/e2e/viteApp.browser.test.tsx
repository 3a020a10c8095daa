// The README's app (examples/vite-app/src, which the README shows) mounted twice in real Chromium: two devices of
// one user, each with its own IndexedDB database and engine, syncing over HTTP through the Turso emulator that the
// dev server hosts at /__turso/ (src/testing/vitePlugin.ts). Only the emulator CLI's token endpoint is stood in for.
//
// No waiting for timers: each step calls `syncNow()` on the devices in the order the story needs. The engines' own
// debounce and poll still run (real timers); the assertions hold whichever cycle moves the data first.
import { act, cleanup, configure, fireEvent, render, waitFor, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ReactElement } from 'react'
import type { StoreApi } from 'zustand'
import { createContentKey, type SyncEngine } from '@howlerops/sync'
import { createLocalDatabase, type SyncDatabase } from '@howlerops/sync/dexie'

/**
 * The example's modules, loaded through the dev server by path: the root type check leaves examples/ out (an example
 * with its own node_modules would bring a second React and zustand into it), so their types are stated here.
 */
interface ExampleSession {
  userId: string
  db: SyncDatabase
  engine: SyncEngine
  queries: StoreApi<{
    savedQueries: Record<string, { id: string; name: string }>
    save(query: { id: string; name: string; query_text: string }): void
  }>
}
interface ExampleSync {
  openUserDatabase(userId: string): SyncDatabase
  startSync(userId: string, deviceName: string, db?: SyncDatabase): Promise<ExampleSession>
  signOut(session: ExampleSession): Promise<number>
}
interface ExampleApp {
  App(props: { session: ExampleSession; onSignOut: () => void }): ReactElement
}
const EXAMPLE = '/examples/vite-app/src'
const { App } = (await import(/* @vite-ignore */ `${EXAMPLE}/App.tsx`)) as ExampleApp
const sync = (await import(/* @vite-ignore */ `${EXAMPLE}/sync.ts`)) as ExampleSync

/** The emulator CLI's `POST /dev/token`, as the example calls it: one emulator database and content key per user. */
const users = new Map<string, Promise<Record<string, unknown>>>()
const tokenFor = (userId: string): Promise<Record<string, unknown>> => {
  let token = users.get(userId)
  if (token === undefined) {
    token = realFetch('/__turso/databases', { method: 'POST' }).then(async (response) => {
      if (!response.ok) throw new Error(`Could not create a database: ${response.status} ${await response.text()}`)
      const { url, authToken } = (await response.json()) as { url: string; authToken: string }
      return { url, authToken, expiresAt: Date.now() + 3_600_000, contentKey: createContentKey(), contentKeyId: 'k1' }
    })
    users.set(userId, token)
  }
  return token
}
const realFetch = globalThis.fetch.bind(globalThis)
beforeAll(() => {
  // A shared 2-core machine: IndexedDB and React may take more than the default second to show what a cycle did.
  configure({ asyncUtilTimeout: 10_000 })
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href)
    if (url.pathname !== '/dev/token') return realFetch(input, init)
    const { userId } = JSON.parse(String(init?.body)) as { userId: string }
    return Response.json(await tokenFor(userId))
  })
})
afterAll(() => vi.unstubAllGlobals())

const opened: SyncDatabase[] = []
const engines: SyncEngine[] = []
afterEach(async () => {
  cleanup()
  for (const engine of engines.splice(0)) await engine.stop() // before their databases go
  for (const db of opened.splice(0)) await db.delete()
})

interface Device {
  readonly session: ExampleSession
  readonly screen: ReturnType<typeof within>
}

/**
 * One device: the example's sign-in with its own local database (two devices of one user in one page need two
 * IndexedDB names; a real second device would use `openUserDatabase(userId)` like the first).
 */
const device = async (userId: string, name: string): Promise<Device> => {
  const db = createLocalDatabase(`vite-app-${name}-${crypto.randomUUID()}`, { userId })
  opened.push(db)
  const session = await sync.startSync(userId, name, db)
  engines.push(session.engine)
  const { container } = render(<App session={session} onSignOut={() => {}} />)
  return { session, screen: within(container) }
}

const nameInputs = (d: Device): HTMLInputElement[] => d.screen.queryAllByRole('textbox', { name: 'Query name' }) as HTMLInputElement[]
const storedNames = async (d: Device): Promise<string[]> => (await d.session.db.saved_queries.toArray()).map((q) => q.name).sort()

describe("the README's app on two devices in Chromium", () => {
  it('an edit on one device shows on the other; a concurrent rename opens the conflict dialog, and resolving it converges', async () => {
    const userId = `readme-${crypto.randomUUID()}`
    const laptop = await device(userId, 'Laptop')
    const phone = await device(userId, 'Phone')

    // An edit on the laptop shows on the phone.
    fireEvent.change(laptop.screen.getByRole('textbox', { name: 'New saved query' }), { target: { value: 'Churned customers' } })
    fireEvent.click(laptop.screen.getByRole('button', { name: 'Add' }))
    await waitFor(async () => expect(await storedNames(laptop)).toEqual(['Churned customers']))
    await laptop.session.engine.syncNow()
    await phone.session.engine.syncNow()
    await waitFor(() => expect(nameInputs(phone).map((i) => i.value)).toEqual(['Churned customers']))
    // Each device knows the other by the name it signed in with.
    await waitFor(() => expect(phone.screen.getAllByText('Laptop').length).toBeGreaterThan(0))

    // Both rename the same query in the same moment: neither has seen the other's name.
    act(() => {
      fireEvent.change(nameInputs(laptop)[0]!, { target: { value: 'Churned customers (laptop)' } })
      fireEvent.change(nameInputs(phone)[0]!, { target: { value: 'Churned customers (phone)' } })
    })
    await waitFor(async () => expect(await storedNames(laptop)).toEqual(['Churned customers (laptop)']))
    await waitFor(async () => expect(await storedNames(phone)).toEqual(['Churned customers (phone)']))
    await laptop.session.engine.syncNow()
    await phone.session.engine.syncNow()
    await laptop.session.engine.syncNow()

    // Saved queries are `manual` in the example: the device whose rename reached the server second holds the
    // conflict (the laptop, unless its own timers were slower than the phone's), and its indicator offers it.
    const conflicted = (d: Device): boolean => d.session.engine.conflicts.getSnapshot().pending.length > 0
    await waitFor(() => expect([laptop, phone].filter(conflicted)).toHaveLength(1))
    const [mine, theirs] = conflicted(laptop) ? [laptop, phone] : [phone, laptop]
    const myName = mine === laptop ? 'Churned customers (laptop)' : 'Churned customers (phone)'
    const theirName = mine === laptop ? 'Churned customers (phone)' : 'Churned customers (laptop)'
    expect(theirs.screen.queryByRole('button', { name: /conflict/ })).toBeNull()
    fireEvent.click(await mine.screen.findByRole('button', { name: '1 conflict' }))

    // The dialog shows both names, this device's first; the user keeps this device's.
    const dialog = await waitFor(() => mine.screen.getByRole('dialog', { name: /changed on two devices$/ }))
    const row = within(dialog).getByRole('row', { name: /^Name/ })
    expect(within(row).getAllByRole('cell').map((c) => c.textContent)).toEqual([myName, theirName])
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep mine' }))
    await waitFor(() => expect(mine.screen.queryByRole('dialog')).toBeNull())

    // Converged: the same name on both devices, in the UI and in IndexedDB, and nothing left to decide.
    await mine.session.engine.whenIdle()
    await mine.session.engine.syncNow()
    await theirs.session.engine.syncNow()
    for (const d of [laptop, phone]) {
      await waitFor(() => expect(nameInputs(d).map((i) => i.value)).toEqual([myName]))
      expect(await storedNames(d)).toEqual([myName])
      expect(d.session.engine.conflicts.getSnapshot().pending).toEqual([])
      expect(d.screen.queryByRole('button', { name: /conflict/ })).toBeNull()
    }
    expect(mine.session.engine.getStatus().pendingCount).toBe(0)
  }, 60_000)

  it('a second user on the same browser gets their own database: the first user’s rows stay in theirs', async () => {
    const first = `readme-${crypto.randomUUID()}`
    const second = `readme-${crypto.randomUUID()}`
    const a = sync.openUserDatabase(first)
    const b = sync.openUserDatabase(second)
    opened.push(a, b)
    expect(a.name).not.toBe(b.name)
    const session = await sync.startSync(first, 'Laptop', a)
    engines.push(session.engine)
    const { unmount } = render(<App session={session} onSignOut={() => {}} />)
    act(() => session.queries.getState().save({ id: 'q1', name: 'Mine', query_text: 'SELECT 1' }))
    await waitFor(async () => expect(await a.saved_queries.count()).toBe(1))
    expect(await sync.signOut(session)).toBe(0)
    unmount()
    const next = await sync.startSync(second, 'Laptop', b)
    engines.push(next.engine)
    expect(next.queries).not.toBe(session.queries)
    expect(Object.keys(next.queries.getState().savedQueries)).toEqual([])
    expect(await b.saved_queries.count()).toBe(0)
  }, 60_000)
})
