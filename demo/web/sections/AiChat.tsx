import { useState, type ReactElement } from 'react'
import { useStore } from 'zustand'
import type { DemoStore } from '../store'
import { addChatMessage, chatMessage } from '../sample'
import { Section } from './Section'

const REPLIES = [
  'Try EXPLAIN QUERY PLAN first: a SCAN on a large table is the usual suspect.',
  'An index on the filtered column should turn that SCAN into a SEARCH.',
  'Consider keyset pagination instead of OFFSET for the next page.',
]

export const AiChat = ({ store }: { store: DemoStore }): ReactElement => {
  const sessions = useStore(store, (s) => s.sessions)
  const messages = useStore(store, (s) => s.messages)
  const [text, setText] = useState('')
  const session = Object.values(sessions).sort((a, b) => (b.last_message_at ?? 0) - (a.last_message_at ?? 0))[0]
  if (session === undefined) return <Section title="AI chat">{<p className="muted">No chat yet.</p>}</Section>
  const thread = Object.values(messages)
    .filter((m) => m.session_id === session.id)
    .sort((a, b) => a.id.localeCompare(b.id))
  return (
    <Section title="AI chat" note={`${session.title} · ${session.message_count} messages, merged across devices`}>
      <ol className="chat" aria-label="Chat messages">
        {thread.map((m) => (
          <li key={m.id} className={`bubble bubble--${m.role}`}>
            {m.content}
          </li>
        ))}
      </ol>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault()
          if (text.trim() === '') return
          addChatMessage(store, session, chatMessage(session.id, 'user', text.trim()))
          const latest = store.getState().sessions[session.id] ?? session
          addChatMessage(store, latest, chatMessage(session.id, 'assistant', REPLIES[latest.message_count % REPLIES.length]!))
          setText('')
        }}
      >
        <input aria-label="Ask the assistant" placeholder="Ask about your SQL…" value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit">Send</button>
      </form>
    </Section>
  )
}
