import { useId, type ReactElement, type ReactNode } from 'react'

/** A titled card; its title names the region, so tests and screen readers find it by name. */
export const Section = ({ title, note, children }: { title: string; note?: ReactNode; children: ReactNode }): ReactElement => {
  const id = useId()
  return (
    <section className="card" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {note !== undefined && <p className="note">{note}</p>}
      {children}
    </section>
  )
}

export const byName = <T,>(rows: Record<string, T>, name: (row: T) => string): T[] =>
  Object.values(rows).sort((a, b) => name(a).localeCompare(name(b)))
