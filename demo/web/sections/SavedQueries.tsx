import { useState, type ReactElement } from 'react'
import { useStore } from 'zustand'
import type { DemoStore, Query } from '../store'
import { historyEntry, newQuery } from '../sample'
import { byName, Section } from './Section'

const QueryItem = ({ store, query }: { store: DemoStore; query: Query }): ReactElement => {
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState(query.query_text)
  const { patch, remove, put } = store.getState()
  const run = (privacy: 'normal' | 'private'): void => {
    const entry = historyEntry(query.query_text, privacy)
    put('history', entry.id, entry)
  }
  return (
    <li className={`item${query.name.includes('(conflicted copy') ? ' item--copy' : ''}`} aria-label={query.name}>
      <div className="row">
        <button
          type="button"
          className="star"
          aria-label={query.is_favorite === 1 ? 'Unfavorite' : 'Favorite'}
          aria-pressed={query.is_favorite === 1}
          onClick={() => patch('savedQueries', query.id, { is_favorite: query.is_favorite === 1 ? 0 : 1 })}
        >
          {query.is_favorite === 1 ? '★' : '☆'}
        </button>
        <strong className="query-name">{query.name}</strong>
        <span className="spacer" />
        <button type="button" onClick={() => run('normal')}>Run</button>
        <button type="button" onClick={() => run('private')} title="Recorded in this device's history only">Run privately</button>
        <button type="button" onClick={() => (setText(query.query_text), setEditing((v) => !v))}>Edit</button>
        <button type="button" onClick={() => remove('savedQueries', query.id)}>Delete</button>
      </div>
      {editing ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault()
            patch('savedQueries', query.id, { query_text: text })
            setEditing(false)
          }}
        >
          <textarea aria-label="SQL" rows={2} value={text} onChange={(e) => setText(e.target.value)} autoFocus />
          <button type="submit">Save</button>
        </form>
      ) : (
        <code className="sql">{query.query_text}</code>
      )}
    </li>
  )
}

export const SavedQueries = ({ store }: { store: DemoStore }): ReactElement => {
  const queries = useStore(store, (s) => s.savedQueries)
  const [name, setName] = useState('')
  return (
    <Section title="Saved queries" note="Conflicting edits keep both versions (keep-both strategy).">
      <ul className="list" aria-label="Saved queries">
        {byName(queries, (q) => q.name).map((q) => (
          <QueryItem key={q.id} store={store} query={q} />
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault()
          if (name.trim() === '') return
          const q = newQuery(name.trim(), `SELECT * FROM ${name.trim().toLowerCase().replace(/\W+/g, '_')} LIMIT 100`)
          store.getState().put('savedQueries', q.id, q)
          setName('')
        }}
      >
        <input aria-label="New saved query" placeholder="New saved query" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit">Add query</button>
      </form>
    </Section>
  )
}
