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

/** A per-field editor for the changed fields, prefilled with theirs; unchanged fields stay as they are. */
export const MergeEditor = ({ fields, labels, onSave, onCancel, busy }: MergeEditorProps): ReactElement => {
  const id = useId()
  const changed = fields.filter((f) => f.changed)
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries(changed.map((f) => [f.name, formatValue(f.theirs, '')])),
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
    >
      {changed.map((f) => (
        <div key={f.name} className="hs-merge__field">
          <label htmlFor={`${id}-${f.name}`} className="hs-merge__label">
            {f.name}
          </label>
          <textarea
            id={`${id}-${f.name}`}
            className="hs-merge__input"
            rows={Math.min(6, Math.max(1, (draft[f.name] ?? '').split('\n').length))}
            value={draft[f.name] ?? ''}
            onChange={(e) => setDraft((d) => ({ ...d, [f.name]: e.target.value }))}
          />
          <div className="hs-merge__pick">
            <button type="button" className="hs-button hs-button--small" onClick={() => setDraft((d) => ({ ...d, [f.name]: formatValue(f.mine, '') }))}>
              {labels.useMine}
            </button>
            <button type="button" className="hs-button hs-button--small" onClick={() => setDraft((d) => ({ ...d, [f.name]: formatValue(f.theirs, '') }))}>
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
