import { StatementError } from '../errors.js'
import type { HranaValue } from '../hrana/protocol.js'

/** sqld's default `--max-response-size` (10 MB): the rows of one `execute`, or of all steps of one `batch`. */
export const DEFAULT_MAX_RESPONSE_BYTES = 10_000_000

/** What is left of a request's response size; sqld counts each value as its JSON text, a blob by its bytes. */
export interface ResponseBudget {
  remaining: number
}

/** UTF-8 byte length without allocating. */
const utf8Length = (text: string): number => {
  let bytes = text.length
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i)
    if (c >= 0x80) bytes += c >= 0x800 && (c < 0xd800 || c > 0xdfff) ? 2 : 1
  }
  return bytes
}

const valueSize = (value: HranaValue): number => {
  switch (value.type) {
    case 'null':
      return 15
    case 'integer':
      return 28 + value.value.length
    case 'float':
      return 27 + String(value.value).length
    case 'text':
      return 27 + utf8Length(value.value)
    case 'blob':
      return Math.floor((value.base64.length * 3) / 4)
  }
}

/** Takes the size of columns and rows from the budget; throws `RESPONSE_TOO_LARGE` when it runs out. */
export const spend = (
  budget: ResponseBudget,
  cols: readonly { name: string; decltype: string | null }[],
  rows: readonly (readonly HranaValue[])[],
): void => {
  let size = 0
  for (const col of cols) size += 24 + col.name.length + (col.decltype ?? 'null').length
  for (const row of rows) for (const value of row) size += valueSize(value)
  if (size > budget.remaining) throw new StatementError('RESPONSE_TOO_LARGE', 'Response is too large')
  budget.remaining -= size
}
