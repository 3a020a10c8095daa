import { useId, useRef, useState, type ReactElement } from 'react'
import type { ConflictChoice } from '../core/conflicts/center'
import { useConflicts } from '../react/useConflicts'
import { conflictFields, formatValue } from './conflictFields'
import { cx } from './cx'
import { conflictDialogLabels, type ConflictDialogLabels } from './labels'
import { MergeEditor } from './MergeEditor'
import { useFocusTrap } from './useFocusTrap'

export interface ConflictDialogProps {
  /** Render the dialog. Focus moves into it on open and back to the opener on close. */
  open: boolean
  /** Escape, the Close button, and resolving the last conflict call this. */
  onClose: () => void
  labels?: Partial<ConflictDialogLabels>
  className?: string
}

/** A modal that walks through the pending conflicts one at a time. */
export const ConflictDialog = (props: ConflictDialogProps): ReactElement | null => (props.open ? <ConflictDialogBody {...props} /> : null)

const ConflictDialogBody = ({ onClose, labels, className }: ConflictDialogProps): ReactElement => {
  const l = { ...conflictDialogLabels, ...labels }
  const { pending, resolve } = useConflicts()
  const [index, setIndex] = useState(0)
  const [editing, setEditing] = useState(false)
  const [applyAll, setApplyAll] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ref = useRef<HTMLDivElement>(null)
  const onKeyDown = useFocusTrap(ref, onClose)
  const titleId = useId()
  const descriptionId = useId()

  const at = Math.min(index, Math.max(0, pending.length - 1))
  const record = pending[at]
  const fields = record === undefined ? [] : conflictFields(record)

  const choose = async (choice: ConflictChoice): Promise<void> => {
    if (record === undefined) return
    setBusy(true)
    setError(null)
    try {
      const targets = applyAll && typeof choice === 'string' ? pending : [record]
      for (const target of targets) await resolve(target.id, choice)
      setEditing(false)
      if (targets.length >= pending.length) onClose()
    } catch (e) {
      setError(l.failed(e instanceof Error ? e.message : String(e)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="hs-dialog-backdrop">
      <div
        ref={ref}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={record === undefined ? undefined : descriptionId}
        tabIndex={-1}
        className={cx('hs-dialog', 'hs-conflict', className)}
        onKeyDown={onKeyDown}
      >
        <header className="hs-dialog__header">
          <h2 id={titleId} className="hs-dialog__title">
            {l.title}
          </h2>
          {pending.length > 0 && <span className="hs-conflict__position">{l.position(at + 1, pending.length)}</span>}
        </header>
        {record === undefined ? (
          <p className="hs-conflict__none">{l.noConflicts}</p>
        ) : (
          <>
            <p id={descriptionId} className="hs-conflict__what">
              {l.describe(record.table, record.entityId)}
            </p>
            {editing ? (
              <MergeEditor fields={fields} labels={l} busy={busy} onSave={(merged) => void choose({ merged })} onCancel={() => setEditing(false)} />
            ) : (
              <table className="hs-conflict__table">
                <thead>
                  <tr>
                    <th scope="col">{l.field}</th>
                    <th scope="col">{l.mine}</th>
                    <th scope="col">{l.theirs}</th>
                  </tr>
                </thead>
                <tbody>
                  {fields.map((f) => (
                    <tr key={f.name} className={cx('hs-conflict__row', f.changed && 'hs-conflict__row--changed')}>
                      <th scope="row">
                        {f.name}
                        {f.changed && <span className="hs-visually-hidden"> ({l.changed})</span>}
                      </th>
                      <td className="hs-conflict__mine">{formatValue(f.mine, l.empty)}</td>
                      <td className="hs-conflict__theirs">{formatValue(f.theirs, l.empty)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {error !== null && (
              <p role="alert" className="hs-error">
                {error}
              </p>
            )}
            {!editing && (
              <>
                {pending.length > 1 && (
                  <label className="hs-conflict__all">
                    <input type="checkbox" checked={applyAll} onChange={(e) => setApplyAll(e.target.checked)} /> {l.applyToAll(pending.length)}
                  </label>
                )}
                <div className="hs-dialog__actions">
                  <button type="button" className="hs-button hs-button--primary" disabled={busy} onClick={() => void choose('local')}>
                    {l.keepMine}
                  </button>
                  <button type="button" className="hs-button hs-button--primary" disabled={busy} onClick={() => void choose('remote')}>
                    {l.keepTheirs}
                  </button>
                  <button type="button" className="hs-button" disabled={busy} onClick={() => void choose('both')}>
                    {l.keepBoth}
                  </button>
                  <button type="button" className="hs-button" disabled={busy || applyAll} onClick={() => setEditing(true)}>
                    {l.editMerged}
                  </button>
                </div>
              </>
            )}
          </>
        )}
        <footer className="hs-dialog__footer">
          {pending.length > 1 && (
            <>
              <button type="button" className="hs-button" disabled={at === 0} onClick={() => setIndex(at - 1)}>
                {l.previous}
              </button>
              <button type="button" className="hs-button" disabled={at >= pending.length - 1} onClick={() => setIndex(at + 1)}>
                {l.next}
              </button>
            </>
          )}
          <button type="button" className="hs-button hs-dialog__close" onClick={onClose}>
            {l.close}
          </button>
        </footer>
      </div>
    </div>
  )
}
