import { useState, type FormEvent, type ReactElement } from 'react'
import { useStore, type StoreApi } from 'zustand'
import type { QueriesState } from './sync'

/** The saved-query library: add, rename, delete. Every change is a row in `saved_queries`, synced. */
export const Queries = ({ store }: { store: StoreApi<QueriesState> }): ReactElement => {
  const { savedQueries, save, remove } = useStore(store)
  const [name, setName] = useState('')
  const add = (event: FormEvent): void => {
    event.preventDefault()
    if (name.trim() === '') return
    save({ id: crypto.randomUUID(), name: name.trim(), query_text: 'SELECT 1' })
    setName('')
  }
  // In the store's order, so that a row stays in place while it is renamed.
  const queries = Object.values(savedQueries)
  return (
    <section aria-labelledby="queries-title">
      <h2 id="queries-title">Saved queries</h2>
      <form onSubmit={add}>
        <input aria-label="New saved query" placeholder="Churned customers" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit">Add</button>
      </form>
      <ul className="queries">
        {queries.map((q) => (
          <li key={q.id}>
            {/* Rename the same query on two devices at once, and the same field conflicts. */}
            <input aria-label="Query name" value={q.name} onChange={(e) => save({ ...q, name: e.target.value })} />
            <button onClick={() => remove(q.id)} aria-label={`Delete ${q.name}`}>
              Delete
            </button>
          </li>
        ))}
      </ul>
      {queries.length === 0 && <p>No saved queries yet. Add one here, then watch it appear in the other browser.</p>}
    </section>
  )
}
