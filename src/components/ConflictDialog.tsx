import { useId, useRef, useState, type ReactElement } from 'react'
import type { ConflictChoice, ConflictRecord } from '../core/conflicts/center'
import { useConflicts } from '../react/useConflicts'
import { useDevices } from '../react/useDevices'
import { conflictFields, formatValue, type ConflictField } from './conflictFields'
import { cx } from './cx'
import { conflictDialogLabels, type ConflictDialogLabels } from './labels'
import { MergeEditor } from './MergeEditor'
import { recordName } from './recordName'
import { useModalDialog } from './useModalDialog'

export interface ConflictDialogProps {
  /** Render the dialog. Focus moves into it on open and back to the opener on close. */
  open: boolean
  /** Escape, the Close button, and resolving the last conflict call this. */
  onClose: () => void
  labels?: Partial<ConflictDialogLabels>
  /**
   * The record's human name in the title. @default its name, title or key column (a query's or connection's name),
   * from the last synced version
   */
  recordName?: (record: ConflictRecord) => string
  className?: string
}

/** A modal (`<dialog>.showModal()`) that walks through the pending conflicts one at a time. */
export const ConflictDialog = (props: ConflictDialogProps): ReactElement | null => (props.open ? <ConflictDialogBody {...props} /> : null)

const FieldRows = ({ fields, l, theirs }: { fields: readonly ConflictField[]; l: ConflictDialogLabels; theirs: string }): ReactElement => (
  <table className="hs-conflict__table">
    <thead>
      <tr>
        <th scope="col">{l.field}</th>
        <th scope="col">{l.mine}</th>
        <th scope="col">{theirs}</th>
      </tr>
    </thead>
    <tbody>
      {fields.map((f) => (
        <tr key={f.name} className={cx('hs-conflict__row', f.changed && 'hs-conflict__row--changed')}>
          <th scope="row">
            {l.fieldLabel(f.name)}
            {f.changed && <span className="hs-visually-hidden"> ({l.changed})</span>}
          </th>
          <td className="hs-conflict__mine">{formatValue(f.mine, l, f.name)}</td>
          <td className="hs-conflict__theirs">{formatValue(f.theirs, l, f.name)}</td>
        </tr>
      ))}
    </tbody>
  </table>
)

/** The other side's header: the device that made the other edit, by name, when this device knows it. */
const useTheirsHeader = (record: ConflictRecord | undefined, l: ConflictDialogLabels): string => {
  const { devices, currentDeviceId } = useDevices()
  const origin = record?.remote?.['origin_device_id']
  const device = origin === currentDeviceId ? undefined : devices.find((d) => d['device_id'] === origin)
  const name = device?.['device_name']
  return typeof name === 'string' && name !== '' ? l.theirsOn(name) : l.theirs
}

const ConflictDialogBody = ({ onClose, labels, recordName: nameOf = recordName, className }: ConflictDialogProps): ReactElement => {
  const l = { ...conflictDialogLabels, ...labels }
  const { pending, resolve } = useConflicts()
  const [index, setIndex] = useState(0)
  const [editing, setEditing] = useState(false)
  const [applyAll, setApplyAll] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ref = useRef<HTMLDialogElement>(null)
  const onKeyDown = useModalDialog(ref, onClose)
  const id = useId()

  const at = Math.min(index, Math.max(0, pending.length - 1))
  const record = pending[at]
  const fields = record === undefined ? [] : conflictFields(record)
  const changed = fields.filter((f) => f.changed)
  const unchanged = fields.filter((f) => !f.changed)
  const theirs = useTheirsHeader(record, l)

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

  const choices: ReadonlyArray<{ key: string; label: string; hint: string; primary: boolean; disabled?: boolean; run: () => void }> = [
    { key: 'mine', label: l.keepMine, hint: l.keepMineHint, primary: true, run: () => void choose('local') },
    // One primary action: the others are as valid, but a dialog with two primaries has no default.
    { key: 'theirs', label: l.keepTheirs, hint: l.keepTheirsHint, primary: false, run: () => void choose('remote') },
    { key: 'both', label: l.keepBoth, hint: l.keepBothHint, primary: false, run: () => void choose('both') },
    { key: 'edit', label: l.editMerged, hint: l.editMergedHint, primary: false, disabled: applyAll, run: () => setEditing(true) },
  ]

  return (
    <dialog
      ref={ref}
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      aria-describedby={record === undefined ? undefined : `${id}-what`}
      className={cx('hs-dialog', 'hs-conflict', className)}
      onKeyDown={onKeyDown}
    >
      <header className="hs-dialog__header">
        {record !== undefined && <span className="hs-conflict__eyebrow">{l.title}</span>}
        {pending.length > 0 && <span className="hs-conflict__position">{l.position(at + 1, pending.length)}</span>}
      </header>
      <h2 id={`${id}-title`} className="hs-dialog__title">
        {record === undefined ? l.title : l.recordTitle(l.kind(record.table), nameOf(record))}
      </h2>
      {record === undefined ? (
        <p className="hs-conflict__none">{l.noConflicts}</p>
      ) : (
        <>
          <p id={`${id}-what`} className="hs-conflict__what">
            {l.describe}
          </p>
          {editing ? (
            <MergeEditor fields={fields} labels={{ ...l, theirs }} busy={busy} onSave={(merged) => void choose({ merged })} onCancel={() => setEditing(false)} />
          ) : (
            <>
              <FieldRows fields={changed} l={l} theirs={theirs} />
              {unchanged.length > 0 && (
                <details className="hs-conflict__unchanged">
                  <summary>{l.unchanged(unchanged.length)}</summary>
                  <FieldRows fields={unchanged} l={l} theirs={theirs} />
                </details>
              )}
            </>
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
              <ul className="hs-conflict__choices">
                {choices.map((c) => (
                  <li key={c.key} className="hs-choice">
                    <button
                      type="button"
                      className={cx('hs-button', c.primary && 'hs-button--primary')}
                      disabled={busy || c.disabled === true}
                      aria-describedby={`${id}-${c.key}`}
                      onClick={c.run}
                    >
                      {c.label}
                    </button>
                    <span id={`${id}-${c.key}`} className="hs-choice__hint">
                      {c.hint}
                    </span>
                  </li>
                ))}
              </ul>
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
    </dialog>
  )
}
