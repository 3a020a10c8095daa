import { sealedColumns } from '../../schema/sealing'
import type { Screen } from '../cycle'

/**
 * The screen of a sealing engine: the sanitizer and the structural rules read the plain columns only. Sealed content
 * is never redacted or quarantined for what it says (R11): it leaves the device only as ciphertext, and the user's
 * other devices must read it back exactly.
 */
export const screenPlainColumns = (screen: Screen): Screen => (change) => {
  const sealed = sealedColumns(change.table)
  if (sealed.length === 0 || change.op === 'delete') return screen(change)
  const plain = { ...change.row }
  for (const { name } of sealed) delete plain[name]
  const screened = screen({ ...change, row: plain })
  const row = { ...screened.row }
  for (const { name } of sealed) if (name in change.row) row[name] = change.row[name]
  return screened.leak === undefined ? { row } : { row, leak: screened.leak }
}
