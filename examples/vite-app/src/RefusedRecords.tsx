import type { ReactElement } from 'react'
import { useQuarantine } from '@howlerops/sync/react'

/** Records the server refused, with the reason, and what the user can do about each. */
export const RefusedRecords = ({ onClose }: { onClose: () => void }): ReactElement => {
  const { records, retry, discard } = useQuarantine()
  return (
    <section aria-labelledby="refused-title" className="refused">
      <h2 id="refused-title">Not synced</h2>
      {records.length === 0 && <p>Everything synced.</p>}
      <ul>
        {records.map((r) => (
          <li key={`${r.table}/${r.key}`}>
            <strong>{r.table}</strong> {r.key}: {r.message}
            <button onClick={() => void retry(r)}>Retry</button>
            <button onClick={() => void discard(r)}>Discard my change</button>
          </li>
        ))}
      </ul>
      <button onClick={onClose}>Close</button>
    </section>
  )
}
