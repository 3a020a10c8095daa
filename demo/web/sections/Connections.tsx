import { useState, type ReactElement } from 'react'
import { useStore } from 'zustand'
import type { DemoStore, Connection } from '../store'
import { newConnection } from '../sample'
import { byName, Section } from './Section'

const ConnectionItem = ({ store, connection }: { store: DemoStore; connection: Connection }): ReactElement => {
  const [editing, setEditing] = useState(false)
  const [name, setName] = useState(connection.name)
  const id = connection.connection_id
  const { patch, remove } = store.getState()
  return (
    <li className="item" aria-label={connection.name}>
      {editing ? (
        <form
          className="row"
          onSubmit={(e) => {
            e.preventDefault()
            patch('connections', id, { name: name.trim() || connection.name })
            setEditing(false)
          }}
        >
          <input aria-label="Connection name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
          <button type="submit">Save</button>
          <button type="button" onClick={() => setEditing(false)}>Cancel</button>
        </form>
      ) : (
        <div className="row">
          <span className="swatch" style={{ background: connection.color ?? '#888' }} aria-hidden="true" />
          <strong>{connection.name}</strong>
          <span className="muted">
            {connection.type} · {connection.username}@{connection.host}:{connection.port}/{connection.database_name}
          </span>
          <span className="spacer" />
          <button type="button" onClick={() => (setName(connection.name), setEditing(true))}>Rename</button>
          <button type="button" onClick={() => remove('connections', id)}>Delete</button>
        </div>
      )}
      <label className="password">
        Password{' '}
        {connection.password === undefined ? (
          <span className="secret secret--absent" data-testid="password-absent">not on this device: passwords never sync</span>
        ) : (
          <>
            <input type="password" readOnly value={connection.password} aria-describedby={`${id}-pw`} />
            <span id={`${id}-pw`} className="secret">in memory here only: never written to IndexedDB or sent</span>
          </>
        )}
      </label>
    </li>
  )
}

export const Connections = ({ store }: { store: DemoStore }): ReactElement => {
  const connections = useStore(store, (s) => s.connections)
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  return (
    <Section title="Connections" note="Conflicting renames open the conflict dialog (manual strategy).">
      <ul className="list" aria-label="Connections">
        {byName(connections, (c) => c.name).map((c) => (
          <ConnectionItem key={c.connection_id} store={store} connection={c} />
        ))}
      </ul>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault()
          if (name.trim() === '') return
          const c = newConnection(name.trim(), `${name.trim().toLowerCase().replace(/\W+/g, '-')}.acme.internal`, password)
          store.getState().put('connections', c.connection_id, c)
          setName('')
          setPassword('')
        }}
      >
        <input aria-label="New connection name" placeholder="New connection" value={name} onChange={(e) => setName(e.target.value)} />
        <input aria-label="New connection password" type="password" placeholder="Password" value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit">Add connection</button>
      </form>
    </Section>
  )
}
