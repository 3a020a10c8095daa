import type { OutgoingChange, Row } from '../../ports'
import { ENTRY_PREFIX, OUTBOX } from '../layout'
import type { OutboxEntry } from '../outbox'
import { planUpload } from '../upload'
import type { TxPort } from '../port'
import { removeEntries } from './slots'
import { groupBy } from '../groupBy'
import { rowKey } from './tools'

/**
 * What an upload takes (one transaction): the oldest records' entries that are not held, up to `limit`, sent ones
 * (possibly committed: retried as they were) with the unsent; `planUpload` decides what each carries. An entry
 * queued behind a sent one is never taken: it waits for its slot (`entryPk`). Unsent entries become sent in place,
 * frozen with their row; the frozen rows are recorded in `inFlight` by mutation id.
 */
export const takeOutgoingScript = async (port: TxPort, limit: number, inFlight: Map<string, Row>): Promise<OutgoingChange[]> => {
  // Read with a limit instead of the whole outbox (a 10,000-change upload would otherwise read it ten times).
  const chosen = (await port.scan(OUTBOX, {
    index: 'order',
    filter: (e) => String(e['pk']).startsWith(ENTRY_PREFIX) && e['held'] !== 1,
    limit,
  })) as unknown as OutboxEntry[]
  // A sent entry carries the row it sent; the others read the record's current row.
  const withRows: Array<{ entry: OutboxEntry; row: Row | null }> = chosen.map((entry) => ({ entry, row: null }))
  const unread = groupBy(
    chosen.flatMap((e, i) => (e.sent === 1 && e.row !== undefined ? [] : [i])),
    (i) => (chosen[i] as OutboxEntry).table,
  )
  for (const [table, indexes] of unread) {
    const rows = await port.bulkGet(table, indexes.map((i) => rowKey((chosen[i] as OutboxEntry).table, (chosen[i] as OutboxEntry).keyColumns)))
    indexes.forEach((at, j) => ((withRows[at] as { row: Row | null }).row = rows[j] ?? null))
  }
  const plan = planUpload(withRows)
  await removeEntries(port, plan.drop)
  if (plan.markSent.length > 0) await port.bulkPut(OUTBOX, plan.markSent as unknown as Row[])
  for (const entry of [...chosen, ...plan.markSent]) if (entry.sent === 1 && entry.row !== undefined) inFlight.set(entry.mutationId, entry.row)
  return plan.changes
}
