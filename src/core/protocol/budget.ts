import type { OutgoingChange } from '../ports'
import { utf8Length } from '../../schema/valueDomain'

/**
 * What one change costs on the wire, generously: its row as JSON, escaped once more inside the request's JSON, and
 * the statement around it. Compression only makes the real body smaller.
 */
export const changeBytes = (change: OutgoingChange): number => Math.ceil(utf8Length(JSON.stringify(change.row)) * 1.25) + 256

export interface PushChunks {
  /** Requests to send, in order, each within the byte budget. */
  readonly chunks: OutgoingChange[][]
  /** Changes that alone exceed the budget: they can never be sent and are the record's problem (R9). */
  readonly oversized: OutgoingChange[]
}

/** Splits an upload into requests bounded by bytes as well as by count (R9). */
export const planPushChunks = (changes: readonly OutgoingChange[], budgetBytes: number): PushChunks => {
  const chunks: OutgoingChange[][] = []
  const oversized: OutgoingChange[] = []
  let current: OutgoingChange[] = []
  let used = 0
  for (const change of changes) {
    const size = changeBytes(change)
    if (size > budgetBytes) {
      oversized.push(change)
      continue
    }
    if (used + size > budgetBytes && current.length > 0) {
      chunks.push(current)
      current = []
      used = 0
    }
    current.push(change)
    used += size
  }
  if (current.length > 0) chunks.push(current)
  return { chunks, oversized }
}
