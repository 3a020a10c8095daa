import type { ReactElement } from 'react'
import { useStore } from 'zustand'
import type { DemoStore } from '../store'
import { Section } from './Section'

const time = (ms: number): string => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })

export const History = ({ store }: { store: DemoStore }): ReactElement => {
  const history = useStore(store, (s) => s.history)
  const entries = Object.values(history).sort((a, b) => b.executed_at - a.executed_at).slice(0, 8)
  return (
    <Section title="Query history" note="Private entries never leave this device.">
      <ul className="list" aria-label="Query history">
        {entries.length === 0 && <li className="muted">Nothing run yet.</li>}
        {entries.map((h) => (
          <li key={h.id} className="item item--compact">
            <span className="muted">{time(h.executed_at)}</span> <code className="sql sql--inline">{h.query_text}</code>{' '}
            {h.privacy_mode === 'private' && <span className="badge">private · this device only</span>}
          </li>
        ))}
      </ul>
    </Section>
  )
}
