import { StrictMode, useEffect, type ReactElement } from 'react'
import { render, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { useStore } from 'zustand'
import { appOptions, countedDatabase, onlyData, createAppStore, seedRemote, settled, uniqueName, type AppStore } from './helpers'

const QueryList = ({ store }: { store: AppStore }): ReactElement => {
  const queries = useStore(store, (s) => s.savedQueries)
  useEffect(() => {
    void store.persist.rehydrate()
  }, [store])
  return (
    <ul>
      {Object.values(queries).map((q) => (
        <li key={q.id}>{q.name}</li>
      ))}
    </ul>
  )
}

describe('syncedPersist under React StrictMode', () => {
  it('a double-mounted component hydrates once-correct and writes nothing twice', async () => {
    const { db, writes } = countedDatabase(uniqueName('strict'))
    await seedRemote(db, 3)
    writes.reset()
    const finished = vi.fn()
    const store = createAppStore({ ...appOptions(db), skipHydration: true })
    store.persist.onFinishHydration(finished)

    render(
      <StrictMode>
        <QueryList store={store} />
      </StrictMode>,
    )
    await waitFor(() => expect(store.persist.hasHydrated()).toBe(true))
    expect(screen.getAllByRole('listitem')).toHaveLength(3)
    await settled(db)
    expect(finished).toHaveBeenCalledOnce() // the first of the two overlapping rehydrations is dropped
    expect(screen.getByText('query q2')).toBeDefined()
    expect(writes.rows).toEqual({ _state: 1 }) // the remainder's first save, once; no rows written back
    writes.reset()

    store.getState().upsertQuery({ ...store.getState().savedQueries['q0']!, name: 'renamed' })
    await waitFor(() => expect(screen.getByText('renamed')).toBeDefined())
    await settled(db)
    expect(onlyData(writes.rows)).toEqual({ saved_queries: 1, _outbox: 1 })
  })
})
