import { useId, useState, type ReactElement } from 'react'
import type { Row } from '../core/ports'
import type { ConflictField } from './conflictFields'
import { formatValue } from './conflictFields'
import type { ConflictDialogLabels } from './labels'

export interface MergeEditorProps {
  fields: readonly ConflictField[]
  labels: ConflictDialogLabels
  onSave: (merged: Row) => void
  onCancel: () => void
  busy: boolean
}

/** Text back to the type the field had on either side, so a number stays a number. */
const parse = (text: string, field: ConflictField): unknown => {
  const sample = field.theirs ?? field.mine
  if (typeof sample === 'number' && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text)
  if (text === '' && (field.mine === null || field.theirs === null)) return null
  return text
}

const NO_EMPTY = { empty: '' }

/** Rows that show the whole value: its lines, and long lines wrapped at about 60 characters. */
const rowsFor = (text: string): number =>
  Math.min(16, Math.max(2, text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / 60)), 0)))

/**
 * A per-field editor for the changed fields, prefilled with theirs; unchanged fields stay as they are. Escape
 * leaves the editor (not the dialog).
 */
export const MergeEditor = ({ fields, labels, onSave, onCancel, busy }: MergeEditorProps): ReactElement => {
  const id = useId()
  const changed = fields.filter((f) => f.changed)
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries(changed.map((f) => [f.name, formatValue(f.theirs, NO_EMPTY)])),
  )
  const save = (): void => {
    const merged: Row = Object.fromEntries(fields.map((f) => [f.name, f.theirs]))
    for (const f of changed) merged[f.name] = parse(draft[f.name] ?? '', f)
    onSave(merged)
  }
  return (
    <form
      className="hs-merge"
      onSubmit={(e) => {
        e.preventDefault()
        save()
      }}
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return
        e.preventDefault()
        e.stopPropagation()
        onCancel()
      }}
    >
      {changed.map((f) => (
        <div key={f.name} className="hs-merge__field">
          <label htmlFor={`${id}-${f.name}`} className="hs-merge__label">
            {labels.fieldLabel(f.name)}
          </label>
          <textarea
            id={`${id}-${f.name}`}
            className="hs-merge__input"
            rows={rowsFor(draft[f.name] ?? '')}
            value={draft[f.name] ?? ''}
            onChange={(e) => setDraft((d) => ({ ...d, [f.name]: e.target.value }))}
          />
          <div className="hs-merge__pick">
            <button type="button" className="hs-button hs-button--small" onClick={() => setDraft((d) => ({ ...d, [f.name]: formatValue(f.mine, NO_EMPTY) }))}>
              {labels.useMine}
            </button>
            <button type="button" className="hs-button hs-button--small" onClick={() => setDraft((d) => ({ ...d, [f.name]: formatValue(f.theirs, NO_EMPTY) }))}>
              {labels.useTheirs}
            </button>
          </div>
        </div>
      ))}
      <div className="hs-dialog__actions">
        <button type="submit" className="hs-button hs-button--primary" disabled={busy}>
          {labels.saveMerged}
        </button>
        <button type="button" className="hs-button" onClick={onCancel}>
          {labels.cancelEdit}
        </button>
      </div>
    </form>
  )
}
