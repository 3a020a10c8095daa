import type { ConflictRecord } from '../core/conflicts/center'
import type { Row } from '../core/ports'
import { SYNC_COLUMN_NAMES } from '../schema/columns'
import { sameField } from '../schema/record'
import { tables } from '../schema/tables'

export interface ConflictField {
  readonly name: string
  readonly mine: unknown
  readonly theirs: unknown
  readonly changed: boolean
}

/** The user-visible fields of both sides (no key, no sync bookkeeping), changed ones marked. */
export const conflictFields = (record: ConflictRecord): ConflictField[] => {
  const key = new Set<string>(tables[record.table].key as readonly string[])
  const mine: Row = record.local ?? {}
  const theirs: Row = record.remote ?? {}
  const names = [...new Set([...Object.keys(theirs), ...Object.keys(mine)])].filter((n) => !SYNC_COLUMN_NAMES.has(n) && !key.has(n))
  return names.map((name) => ({ name, mine: mine[name], theirs: theirs[name], changed: !sameField(mine[name], theirs[name]) }))
}

/** Yes/no columns: the schema's 0/1 flags are named `is_…`. */
const isFlag = (name: string): boolean => name.startsWith('is_')

/** A value as the user reads it: `empty` for null and undefined, yes/no for flags, JSON for objects. */
export const formatValue = (value: unknown, labels: { readonly empty: string; readonly yes?: string; readonly no?: string }, name = ''): string => {
  if (value === null || value === undefined || value === '') return labels.empty
  if (isFlag(name) && (value === 0 || value === 1) && labels.yes !== undefined && labels.no !== undefined) return value === 1 ? labels.yes : labels.no
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}
