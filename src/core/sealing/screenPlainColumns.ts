import { plainTextColumns } from '../../schema/sealing'
import type { Screen } from '../cycle'

/**
 * The screen of a sealing engine: the sanitizer and the structural rules read only the columns that leave in
 * plaintext and can carry text an app chose (keys, foreign keys: `plainTextColumns`). Sealed content is never
 * redacted or quarantined for what it says (R11): it leaves the device only as ciphertext, and the user's other
 * devices must read it back exactly. Numbers, enums and the sync columns the capture stamps are not text an app
 * chose; the final check still reads the whole request body.
 */
export const screenPlainColumns = (screen: Screen): Screen => (change) => {
  if (change.op === 'delete') return screen(change)
  const names = plainTextColumns(change.table).filter((name) => name in change.row)
  const plain = Object.fromEntries(names.map((name) => [name, change.row[name]]))
  const screened = screen({ ...change, row: plain })
  const row = { ...change.row }
  for (const name of names) {
    if (name in screened.row) row[name] = screened.row[name]
    else delete row[name]
  }
  return screened.leak === undefined ? { row } : { row, leak: screened.leak }
}
