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

/** A value as text; `empty` for null and undefined. */
export const formatValue = (value: unknown, empty: string): string =>
  value === null || value === undefined ? empty : typeof value === 'object' ? JSON.stringify(value) : String(value)
